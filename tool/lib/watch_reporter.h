// Everything `hotcog watch` tells its user, in one place, in two renderings:
// human lines (default) or one JSON object per line (--json). Scripts read
// both, so every line is flushed as it is written and the formats below are
// an interface (test/e2e and examples/bot/session.sh match on them).
//
// Human lines:
//   initial build: 3 cogs up to date in 0.04s
//   initial build: built 3 cogs in 4.21s
//   initial build failed in 1.02s (1 error); watching anyway       (after the error line)
//   watching 12 files for 3 cogs
//   change: /src/cogs/greeter.cpp (modified) -> greeter
//   host source changed: restart needed (/src/host/main.cpp)
//   deleted: /src/cogs/old.cpp; the cogs built from it keep their last build
//   /src/cogs/greeter.cpp:12:5: error: expected ';' after expression
//   Build failed for greeter in 0.52s (1 error); the host keeps the old version
//   Reloaded 2/2 cogs in 0.84s (0 failed)
//     dice: <the host's message>                                     (per failed cog)
//   Built greeter in 0.52s; no host is running, nothing reloaded
//   reload failed: <why>
//
// JSON lines: {"phase": ..., "cogs": [...], "files": [...], "timings": {...},
// "result": "ok"|"failed"|"up_to_date"|"no_host"|"timeout"|"error",
// "error": "...", ...} with phase one of initial_build, ready, change, host_changed,
// deleted, build, reload, stop.
#pragma once

#include "lib/change_plan.h"
#include "lib/control_reply.h"

#include <string>
#include <vector>

namespace hotcog::cli {

// What the watch loop learned from one ninja run, free of ninja-bridge types.
struct BuildSummary {
  bool ok = false;
  bool up_to_date = false;       // ninja had no work to do
  double seconds = 0;
  int error_count = 0;
  std::string first_error;       // "file:line:col: error: message", or ninja's own failure
};

class WatchReporter {
 public:
  explicit WatchReporter(bool json) : json_(json) {}

  void initial_build(const std::vector<std::string>& cogs, const BuildSummary& build);
  void ready(size_t files, size_t cogs);
  void change(const ChangePlan& plan);
  void host_changed(const std::vector<std::string>& files);
  void deleted(const std::vector<std::string>& files);
  void build_failed(const std::vector<std::string>& cogs, const BuildSummary& build);
  void reloaded(const std::vector<std::string>& cogs, const ControlReply& reply,
                double build_seconds, double total_seconds);
  void no_host(const std::vector<std::string>& cogs, double build_seconds);
  void reload_failed(const std::vector<std::string>& cogs, const std::string& result,
                     const std::string& message, double total_seconds);
  void warning(const std::string& message);
  void stopped(const std::string& reason);

 private:
  void line(const std::string& text);
  bool json_;
};

// "greeter, dice"
std::string join_names(const std::vector<std::string>& names);
// "1 cog" / "3 cogs"
std::string count_noun(size_t n, const char* singular, const char* plural);

}  // namespace hotcog::cli
