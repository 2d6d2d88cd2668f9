// hotcog status: what the running host has loaded.
#include "commands/command.h"
#include "lib/ask_host.h"
#include "lib/project.h"
#include "lib/tool_error.h"
#include "lib/watch_reporter.h"

#include <fmt/format.h>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand status_cmd("status", "Show the cogs the running host has loaded");
BuildDirOption build_dir(status_cmd);
cl::opt<unsigned> timeout_ms("timeout-ms", cl::desc("How long to wait for the host's reply"),
                             cl::init(5000), cl::sub(status_cmd), cl::cat(hotcog_category()));

llvm::Error run() {
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  llvm::Expected<ControlReply> reply = ask_host(
      project->control_socket_path(),
      {simple_request("status"), std::chrono::milliseconds(timeout_ms)});
  if (!reply) return reply.takeError();
  fmt::print("host pid {}: {}, {} pending\n", reply->pid,
             count_noun(reply->cogs.size(), "cog", "cogs"),
             count_noun(static_cast<size_t>(reply->pending), "reload", "reloads"));
  size_t width = 0;
  for (const CogStatus& cog : reply->cogs) width = std::max(width, cog.name.size());
  for (const CogStatus& cog : reply->cogs) {
    if (cog.loaded)
      fmt::print("  {:<{}}  v{}  {}\n", cog.name, width, cog.version, cog.output);
    else
      fmt::print("  {:<{}}  not loaded\n", cog.name, width);
    if (!cog.message.empty()) fmt::print("  {:<{}}  last: {}\n", "", width, cog.message);
  }
  return llvm::Error::success();
}

RegisterCommand registration(status_cmd, run);

}  // namespace
}  // namespace hotcog::cli
