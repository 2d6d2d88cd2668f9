// hotcog reload COG...: asks the running host to reload cogs (without building).
#include "commands/command.h"
#include "lib/ask_host.h"
#include "lib/config_file.h"
#include "lib/control_client.h"
#include "lib/project.h"
#include "lib/tool_error.h"

#include <fmt/format.h>

#include <chrono>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand reload_cmd("reload", "Ask the running host to reload cogs (no build)");
BuildDirOption build_dir(reload_cmd);
cl::opt<unsigned> timeout_ms("timeout-ms", cl::desc("How long to wait for the host's reply"),
                             cl::init(10000), cl::sub(reload_cmd), cl::cat(hotcog_category()));
cl::list<std::string> cog_names(cl::Positional, cl::OneOrMore, cl::desc("<cog>..."),
                                cl::sub(reload_cmd), cl::cat(hotcog_category()));

llvm::Error run() {
  auto start = std::chrono::steady_clock::now();
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  std::vector<std::string> cogs(cog_names.begin(), cog_names.end());
  for (const std::string& cog : cogs)
    if (!project->manifest.find(cog))
      return tool_error(ErrorKind::Usage, "unknown cog '{}' (hotcog cogs -C {} lists them)", cog,
                        project->build_dir);
  // hot_patching from HOTCOG_HOT_PATCHING / hotcog.toml, as watch sends it.
  llvm::Expected<Settings> settings = load_settings(project->build_dir, {});
  if (!settings) return settings.takeError();
  llvm::Expected<std::string> request = make_reload_request(cogs, settings->hot_patching.value);
  if (!request) return request.takeError();
  llvm::Expected<ControlReply> reply = ask_host(
      project->control_socket_path(), {*request, std::chrono::milliseconds(timeout_ms)});
  if (!reply) return reply.takeError();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t failed = reply->failed_count();
  size_t total = reply->results.size();
  fmt::print("Reloaded {}/{} cogs in {:.2f}s ({} failed)\n", total - failed, total, seconds,
             failed);
  for (const CogReloadResult& r : reply->results) fmt::print("  {}\n", describe_result(r));
  if (failed)
    return tool_error(ErrorKind::Reload, "{} of {} cogs failed to reload", failed, total);
  return llvm::Error::success();
}

RegisterCommand registration(reload_cmd, run);

}  // namespace
}  // namespace hotcog::cli
