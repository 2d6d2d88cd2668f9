// hotcog watch: rebuild and reload cogs whenever their sources change.
#include "commands/command.h"
#include "lib/env_config.h"
#include "lib/project.h"
#include "lib/tool_error.h"
#include "lib/watch_lock.h"
#include "lib/watch_reporter.h"
#include "lib/watch_session.h"

#include <cstdio>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand watch_cmd("watch",
                         "Watch cog sources; rebuild changed cogs and reload them in the host");
BuildDirOption build_dir(watch_cmd);
cl::opt<unsigned> debounce_ms("debounce-ms",
                              cl::desc("Quiet time after the last save before a build "
                                       "(default: $HOTCOG_DEBOUNCE_MS, else 100)"),
                              cl::init(100), cl::sub(watch_cmd), cl::cat(hotcog_category()));
cl::opt<unsigned> timeout_ms("reply-timeout-ms",
                             cl::desc("How long to wait for the host to apply a reload "
                                      "(default: $HOTCOG_REPLY_TIMEOUT_MS, else 10000)"),
                             cl::init(10000), cl::sub(watch_cmd), cl::cat(hotcog_category()));
cl::opt<bool> json("json", cl::desc("Print one JSON object per line per event"),
                   cl::sub(watch_cmd), cl::cat(hotcog_category()));

// A flag wins over its HOTCOG_* variable, which wins over the default.
llvm::Expected<unsigned> setting(const cl::opt<unsigned>& flag, const char* env, unsigned min,
                                 unsigned max) {
  if (flag.getNumOccurrences() == 0) {
    llvm::Expected<std::optional<unsigned>> from_env = env_unsigned(env, min, max);
    if (!from_env) return from_env.takeError();
    if (*from_env) return **from_env;
  }
  if (flag < min || flag > max)
    return tool_error(ErrorKind::Config, "--{} must be from {} to {} (got {})",
                      flag.ArgStr.str(), min, max, static_cast<unsigned>(flag));
  return static_cast<unsigned>(flag);
}

llvm::Error run() {
  llvm::Expected<unsigned> debounce = setting(debounce_ms, "HOTCOG_DEBOUNCE_MS", 0, 60000);
  if (!debounce) return debounce.takeError();
  llvm::Expected<unsigned> timeout = setting(timeout_ms, "HOTCOG_REPLY_TIMEOUT_MS", 1, 600000);
  if (!timeout) return timeout.takeError();
  llvm::Expected<std::optional<unsigned>> semantic = env_unsigned("HOTCOG_SEMANTIC_DEPS", 0, 1);
  if (!semantic) return semantic.takeError();
  llvm::Expected<std::optional<unsigned>> scan_timeout =
      env_unsigned("HOTCOG_SCAN_TIMEOUT_MS", 100, 3600000);
  if (!scan_timeout) return scan_timeout.takeError();
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  llvm::Expected<WatchLock> lock = WatchLock::acquire(project->build_dir);
  if (!lock) return lock.takeError();
  // Scripts read this output as it comes: one flush per line.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  WatchOptions options;
  options.debounce = Millis(*debounce);
  options.reply_timeout = std::chrono::milliseconds(*timeout);
  options.json = json;
  options.semantic_deps = semantic->value_or(1) == 1;
  options.scan_timeout = std::chrono::milliseconds(scan_timeout->value_or(30000));
  if (int pid = lock->previous_pid())
    WatchReporter(json).warning(fmt::format(
        "the previous hotcog watch of this build dir (pid {}) was killed; its lock was released "
        "with it, taking over",
        pid));
  return run_watch(*project, options);
}

RegisterCommand registration(watch_cmd, run);

}  // namespace
}  // namespace hotcog::cli
