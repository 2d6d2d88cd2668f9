// hotcog watch: rebuild and reload cogs whenever their sources change.
#include "commands/command.h"
#include "commands/setting_flags.h"
#include "lib/config_file.h"
#include "lib/ignore_rules.h"
#include "lib/project.h"
#include "lib/watch_lock.h"
#include "lib/watch_reporter.h"
#include "lib/watch_session.h"

#include <fmt/format.h>

#include <cstdio>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand watch_cmd("watch",
                         "Watch cog sources; rebuild changed cogs and reload them in the host");
BuildDirOption build_dir(watch_cmd);
SettingFlags setting_flags(watch_cmd);
cl::opt<bool> json("json", cl::desc("Print one JSON object per line per event"),
                   cl::sub(watch_cmd), cl::cat(hotcog_category()));
cl::opt<std::string> trace("trace",
                           cl::desc("Write each batch's phases to FILE as Chrome trace-event "
                                    "JSON (open it in ui.perfetto.dev)"),
                           cl::value_desc("FILE"), cl::sub(watch_cmd), cl::cat(hotcog_category()));

llvm::Error run() {
  // Settings first: a bad value is reported even where no project is.
  llvm::Expected<Settings> settings =
      load_settings(normalize_path(build_dir.value()), setting_flags.layer());
  if (!settings) return settings.takeError();
  llvm::Expected<IgnoreRules> ignore = IgnoreRules::create(settings->ignore.value);
  if (!ignore) return ignore.takeError();
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  llvm::Expected<WatchLock> lock = WatchLock::acquire(project->build_dir);
  if (!lock) return lock.takeError();
  // Scripts read this output as it comes: one flush per line.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  WatchOptions options;
  options.debounce = Millis(settings->debounce_ms.value);
  options.settle = Millis(settings->settle_ms.value);
  options.reply_timeout = std::chrono::milliseconds(settings->reply_timeout_ms.value);
  options.json = json;
  options.trace_path = trace;
  options.semantic_deps = settings->semantic_deps.value;
  options.scan_timeout = std::chrono::milliseconds(settings->scan_timeout_ms.value);
  options.hot_patching = settings->hot_patching.value;
  options.ignore = std::move(*ignore);
  options.log_level = settings->log_level.value;
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
