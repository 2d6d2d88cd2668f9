// hotcog watch: rebuild and reload cogs whenever their sources change.
#include "commands/command.h"
#include "lib/project.h"
#include "lib/tool_error.h"
#include "lib/watch_session.h"

#include <cstdio>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand watch_cmd("watch",
                         "Watch cog sources; rebuild changed cogs and reload them in the host");
BuildDirOption build_dir(watch_cmd);
cl::opt<unsigned> debounce_ms("debounce-ms",
                              cl::desc("Quiet time after the last save before a build"),
                              cl::init(100), cl::sub(watch_cmd), cl::cat(hotcog_category()));
cl::opt<unsigned> timeout_ms("reply-timeout-ms",
                             cl::desc("How long to wait for the host to apply a reload"),
                             cl::init(10000), cl::sub(watch_cmd), cl::cat(hotcog_category()));
cl::opt<bool> json("json", cl::desc("Print one JSON object per line per event"),
                   cl::sub(watch_cmd), cl::cat(hotcog_category()));

llvm::Error run() {
  if (debounce_ms > 60000)
    return tool_error(ErrorKind::Config, "--debounce-ms must be at most 60000 (got {})",
                      static_cast<unsigned>(debounce_ms));
  if (timeout_ms == 0)
    return tool_error(ErrorKind::Config, "--reply-timeout-ms must be positive");
  llvm::Expected<Project> project = load_project(build_dir.dir);
  if (!project) return project.takeError();
  // Scripts read this output as it comes: one flush per line.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  WatchOptions options;
  options.debounce = Millis(debounce_ms);
  options.reply_timeout = std::chrono::milliseconds(timeout_ms);
  options.json = json;
  return run_watch(*project, options);
}

RegisterCommand registration(watch_cmd, run);

}  // namespace
}  // namespace hotcog::cli
