#include "lib/manifest_follow.h"

#include "lib/control_client.h"
#include "lib/tool_error.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace hotcog::cli {
namespace {

std::string error_text(llvm::Error err, bool* no_host) {
  std::string text;
  llvm::handleAllErrors(std::move(err), [&](const ToolError& e) {
    *no_host = e.kind() == ErrorKind::NoHost;
    text = e.message();
  }, [&](const llvm::ErrorInfoBase& e) { text = e.message(); });
  return text;
}

}  // namespace

HostFollow tell_host_manifest(const std::string& socket_path, std::chrono::milliseconds timeout,
                              int interrupt_fd) {
  HostFollow out;
  bool no_host = false;
  auto fail = [&](llvm::Error err) {
    out.error = error_text(std::move(err), &no_host);
    out.result = no_host ? HostFollow::NoHost : HostFollow::Failed;
    return out;
  };
  auto connection = ControlConnection::connect(socket_path);
  if (!connection) return fail(connection.takeError());
  llvm::Expected<std::string> line = connection->round_trip(
      std::string(kProtocolVersion) + " manifest", timeout, interrupt_fd);
  if (!line) return fail(line.takeError());
  llvm::Expected<ControlReply> reply = parse_control_reply(*line);
  if (!reply) return fail(reply.takeError());
  if (!reply->ok) {
    // A host older than this request does not know the verb: it still loads
    // new cogs on reload (it re-reads the manifest for unknown names).
    out.error = reply->error == "unknown_verb"
                    ? "the host predates the 'manifest' request; removed cogs stay loaded "
                      "until it restarts"
                    : fmt::format("{}: {}", reply->error, reply->message);
    out.result = HostFollow::Failed;
    return out;
  }
  out.result = HostFollow::Ok;
  out.reply = std::move(*reply);
  return out;
}

llvm::Error watch_manifest_dir(const ManifestFollower& manifest, InotifyWatcher* watcher) {
  if (llvm::Error err = watcher->watch_directory(manifest.dir()))
    return tool_error(ErrorKind::FileWatch,
                      "CMake runs outside watch are noticed only at the next save: {}",
                      llvm::toString(std::move(err)));
  return llvm::Error::success();
}

bool manifest_dir_event(const ManifestFollower& manifest, const std::string& path,
                        Debouncer* debouncer, SteadyTime now) {
  const std::string dir = manifest.dir() + "/";
  if (path.compare(0, dir.size(), dir) != 0 || path.find('/', dir.size()) != std::string::npos)
    return false;
  if (path == manifest.path()) debouncer->add(path, {}, now);
  return true;
}

void add_cogs(ChangePlan* plan, const std::vector<std::string>& cogs) {
  std::set<std::string> all(plan->cogs.begin(), plan->cogs.end());
  all.insert(cogs.begin(), cogs.end());
  plan->cogs.assign(all.begin(), all.end());
}

}  // namespace hotcog::cli
