// `hotcog watch`: the loop that turns saves into rebuilt and reloaded cogs.
//
//   start:  build every cog once (so ninja's deps log exists), load the
//           file -> cog map, hash every watched file, watch their directories,
//           print "watching N files for M cogs".
//           Starts the background declaration scan (semantic_deps.h).
//   loop:   poll(inotify, signal pipe, end of a background scan) with the
//           debouncer's deadline as the timeout (no sleeping, no polling of
//           files); a due batch is hash-filtered, planned (header edits
//           decided per declaration), built with ninja, and the cogs whose
//           image changed are reloaded through the control socket. Build
//           failures and a missing host are reported and the loop goes on;
//           SIGINT/SIGTERM end it cleanly.
#pragma once

#include "lib/debouncer.h"
#include "lib/ignore_rules.h"
#include "lib/project.h"
#include "lib/settings.h"

#include <llvm/Support/Error.h>

#include <chrono>

namespace hotcog::cli {

struct WatchOptions {
  Millis debounce{100};
  Millis settle{2};  // a lone saved file's wait (debouncer.h)
  std::chrono::milliseconds reply_timeout{10000};
  bool json = false;
  // Header edits decided per declaration (semantic_deps.h); false: ninja's
  // file-level view (HOTCOG_SEMANTIC_DEPS=0).
  bool semantic_deps = true;
  std::chrono::milliseconds scan_timeout{30000};  // one decision's rescan
  std::string trace_path;  // --trace: Chrome trace-event JSON (trace_writer.h); "" none
  bool hot_patching = true;  // false: reload requests say --no-patch
  IgnoreRules ignore;        // events of these files are never changes
  LogLevel log_level = LogLevel::Info;  // for the reporter (settings.h)
};

llvm::Error run_watch(const Project& project, const WatchOptions& options);

}  // namespace hotcog::cli
