// Everything `hotcog watch` tells its user, in one place, in two renderings:
// human lines (default) or one JSON object per line (--json). Scripts read
// both, so every line is flushed as it is written and the formats below are
// an interface (test/e2e and examples/bot/session.sh match on them).
//
// Human lines:
//   initial build: 3 cogs up to date in N.NNs
//   initial build: built 3 cogs in N.NNs
//   initial build failed in N.NNs (1 error); watching anyway       (after the error line)
//   watching N files for M cogs
//   change: /src/cogs/greeter.cpp (modified) -> greeter
//   host source changed: restart needed (/src/host/main.cpp)
//   deleted: /src/cogs/old.cpp; the cogs built from it keep their last build
//   /src/cogs/greeter.cpp:12:5: error: expected ';' after expression
//   Build failed for greeter in N.NNs (1 error); the host keeps the old version
//   Reloaded X/Y cogs in N.NNs (F failed)                           then one line per cog:
//     greeter: patched
//     echo: reloaded (layout of 'EchoState' changed (echo.cpp:3): size 4 -> 8)
//     game: refused: layout of 'game::Player' changed (player.h:12): ...; running version kept ...
//     dice: failed: setup failed: std::runtime_error: boom (file ...); kept version 2
//   Built greeter in N.NNs; no host is running, nothing reloaded
//   Built echo, greeter in N.NNs; ninja relinked none of them, nothing to reload
//   reload failed: <why>
//   warning: <why>          (e.g. "warning: ninja: build log version invalid, ...")
//
// On a terminal (terminal_style.h) the lines are coloured, and while ninja
// builds, a status line "[3/7] greeter.cpp" is rewritten in place (erased
// before the next line); the first compiler error is printed as soon as
// ninja reports the failed edge (build_progress.h), not again at the end.
//
// JSON lines (keys sorted; "cogs" is always an array of cog names;
// docs/watch-json.md has the schema). The first line of every run:
//   {"phase":"hello","schema":1,"tool":"hotcog watch"}
//   {"cogs":[..],"phase":"initial_build","result":"ok"|"up_to_date"|"failed",
//    "timings":{"build_s":F}[,"error":"<first error>"]}
//   {"cogs":[..],"phase":"ready","watched_files":N}
//   {"cogs":[..],"files":[{"change":"modified"|"created","path":P},..],"phase":"change"}
//   {"files":[P,..],"phase":"host_changed"}          {"files":[P,..],"phase":"deleted"}
//   {"cogs":[..],"error":"<first error>","errors":N,"phase":"build","result":"failed",
//    "timings":{"build_s":F}}
//   {"cogs":[..],"failed":N,"phase":"reload","reloaded":N,"result":"ok"|"failed",
//    "results":[{"cog","ok","kind","action","reason","version","pause_us","message"},..],
//    "timings":{"build_s":F,"total_s":F}}
//   {"cogs":[..],"phase":"reload","result":"no_host","timings":{"build_s":F}}
//   {"cogs":[..],"phase":"reload","result":"unchanged","timings":{"build_s":F}}
//   {"cogs":[..],"error":"..","phase":"reload","result":"timeout"|"error","timings":{"total_s":F}}
//   {"error":"..","phase":"warning"}                 {"phase":"stop","result":"SIGINT"}
//   {"batch":N,"cogs":[..],"phase":"batch","results":{cog:what},
//    "timings":{"<phase>_us":N,..,"total_us":N}}     (after the batch's other events)
// Declaration-level decisions of header edits add the lines listed in
// decision_report.h (human) and the "decision" and "semantic" events (JSON);
// a rewritten cog manifest, those of manifest_report.h ("manifest" event).
#pragma once

#include "lib/batch_timeline.h"
#include "lib/change_plan.h"
#include "lib/control_reply.h"
#include "lib/settings.h"
#include "lib/terminal_style.h"

#include <unistd.h>

#include <string>
#include <vector>

namespace llvm::json {
class Object;
}

namespace hotcog::cli {

// What the watch loop learned from one ninja run, free of ninja-bridge types.
struct BuildSummary {
  bool ok = false;
  bool up_to_date = false;       // ninja had no work to do
  double seconds = 0;
  int error_count = 0;
  std::string first_error;       // "file:line:col: error: message", or ninja's own failure
  // ninja's own warnings as "ninja: ..." (a damaged .ninja_log or .ninja_deps
  // it starts over from): the reason a build was bigger than asked.
  std::vector<std::string> warnings;
};

class WatchReporter {
 public:
  // The schema version of the JSON lines, in their first ("hello") event.
  static constexpr int kJsonSchema = 1;

  // Human lines are styled for what stdout is (a terminal or not), and
  // filtered by `level` (the log_level setting): "error" keeps failures
  // (compiler errors, failed builds and reloads, the cogs that failed),
  // "warning" adds warnings, refusals and "restart needed", "info" (the
  // default) everything above, "debug" adds one line of phase timings per
  // batch. JSON lines are never filtered: tools read every event.
  explicit WatchReporter(bool json, TerminalStyle style = TerminalStyle::detect(STDOUT_FILENO),
                         LogLevel level = LogLevel::Info)
      : json_(json), style_(style), level_(level) {}

  // A ninja run (build_progress.h): its start, each status line, and its
  // first compiler error as soon as it is known.
  void build_started();
  void build_status(int finished, int total, const std::string& what);
  void early_error(const std::string& first_error);
  bool early_error_shown() const { return !early_error_.empty(); }

  void initial_build(const std::vector<std::string>& cogs, const BuildSummary& build);
  void ready(size_t files, const std::vector<std::string>& cogs);
  void change(const ChangePlan& plan);
  void host_changed(const std::vector<std::string>& files);
  void deleted(const std::vector<std::string>& files);
  void build_failed(const std::vector<std::string>& cogs, const BuildSummary& build);
  void reloaded(const std::vector<std::string>& cogs, const ControlReply& reply,
                double build_seconds, double total_seconds);
  void no_host(const std::vector<std::string>& cogs, double build_seconds);
  // The build succeeded but relinked none of `cogs` (e.g. a CMake re-run).
  void nothing_relinked(const std::vector<std::string>& cogs, double build_seconds);
  void reload_failed(const std::vector<std::string>& cogs, const std::string& result,
                     const std::string& message, double total_seconds);
  void warning(const std::string& message);
  // Every one of build.warnings, as a warning line.
  void build_warnings(const BuildSummary& build);
  // The batch's phase timings once it is over: a "batch" event (--json), or
  // at log level debug a line "batch 3: debounce 100.0 ms, ... total 1234.5 ms".
  void batch_timings(const BatchTimeline& batch);
  // Lines rendered elsewhere for the current format (decision_report.h).
  void print_lines(const std::vector<std::string>& lines);
  bool json() const { return json_; }
  void stopped(const std::string& reason);

 private:
  // Human lines above the log level are dropped; JSON lines never are.
  void line(const std::string& text, LogLevel level = LogLevel::Info);
  void emit(const llvm::json::Object& object);
  void clear_status();
  // The first error line of a failed build, unless early_error() showed it.
  void first_error_line(const std::string& first_error);
  std::string error_text(const std::string& first_error) const;
  bool json_;
  TerminalStyle style_;
  LogLevel level_;
  bool hello_sent_ = false;
  bool status_shown_ = false;
  std::string early_error_;  // of the current build
};

// "greeter, dice"
std::string join_names(const std::vector<std::string>& names);
// "1 cog" / "3 cogs"
std::string count_noun(size_t n, const char* singular, const char* plural);

}  // namespace hotcog::cli
