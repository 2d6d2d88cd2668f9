// One debouncer for the whole watch (global, not one timer per cog or per
// file), with burst coalescing.
//
// Each file event is recorded with the cogs it affects. A batch becomes due
// once the whole burst is quiet: no event for ANY file within `quiet`. Then
// every pending cog leaves together, so saving three files (of one cog or of
// several, or one shared header) is ONE build of the union of the cogs.
// Global on purpose: ninja builds one set of targets at a time (the build
// lock), and one batch gives one "Reloaded N/M cogs" line; per-cog timers
// would start a second build while the first runs. The cogs recorded per
// event only say what the batch must build.
// A burst that never goes quiet (a generator rewriting files in a loop) is cut
// at `max_delay` after its first event, so builds are delayed, never starved.
//
// A lone save does not wait the quiet window. Most saves are one file, and
// for them the quiet window (100 ms by default) was all of watch's overhead
// against the build alone (bench/README.md). So a burst gets a short `settle`
// window first (20 ms by default, settle_ms): if it is still ONE file whose
// last event completed a write (CLOSE_WRITE, or MOVED_TO: a rename onto the
// name) when that window ends, the batch leaves at once; a second file within
// it makes the burst a burst, which waits the full quiet window as before.
// Why this keeps coalescing:
//  - the writers of bursts (git checkout, a generator, an IDE's "save all", a
//    shell loop) write file after file with gaps far below the settle window
//    (tens of microseconds for a shell loop or git); the watch loop drains
//    every queued inotify event before it takes a batch, so what was written
//    before the window ended counts;
//  - an editor's save sequence is one file plus names the ignore rules drop
//    (vim's 4913 probe, x~, .x.swp, JetBrains' x___jb_tmp___, ...), and its
//    unfinished states are not "written": vim's backup rename and a
//    delete-then-create start with MOVED_FROM/DELETE of the file, a new file
//    with CREATE, so the burst keeps waiting (the quiet window, or until the
//    CLOSE_WRITE of the new content, whose own settle window then starts);
//  - a burst whose writer pauses longer than the settle window (a formatter
//    run over many files) loses its first file to a batch of its own; the
//    rest queue up while that batch builds and leave together as the next
//    one: two builds instead of one, never a lost save (a writer pausing
//    longer than debounce_ms split bursts before the settle window too).
//    So does a tool that writes ONE file in several open/close rounds more
//    than settle_ms apart: the next batch builds its final content.
// Why 20 ms and not less: a save of several files by separate writes (vim's
// `:wa` fsyncs each file; two `sed -i` runs are two process starts, slower on
// a loaded machine) can leave gaps of a few milliseconds, and splitting such a
// save builds and reloads a half-edited state first (a transient compile
// error, or a patch that the next batch replaces). 2 ms measured 7 ms of
// watch's own time against 113 ms with the quiet window alone
// (bench/e2e/results/ab-settle-window.md); 20 ms costs ~18 ms more on a save,
// ~3% of a small cog's build. `--settle-ms 2` (or `--debounce-ms 0`) is there
// for people who save one file at a time and want the last milliseconds.
// A settle window longer than the quiet window is the quiet window, so
// `quiet` = 0 (--debounce-ms 0) still means no wait at all.
//
// Pure logic: time is always passed in, so tests drive it with a fake clock.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hotcog::cli {

using SteadyTime = std::chrono::steady_clock::time_point;
using Millis = std::chrono::milliseconds;

// What one event says about its file: Written, a save of it just completed
// (inotify's CLOSE_WRITE or MOVED_TO); Other, the file may still be mid-save
// (CREATE, DELETE, MOVED_FROM) or the kind is unknown. Only a lone Written
// file leaves after the settle window.
enum class EventKind { Written, Other };

struct DebounceTimes {
  Millis quiet{100};    // debounce_ms: a burst is due once quiet this long
  Millis settle{20};     // settle_ms: a lone written file is due once quiet this long
  std::optional<Millis> max_delay;  // default: 10x quiet, at least 1 s
};

struct Batch {
  std::vector<std::string> cogs;   // sorted, unique
  std::vector<std::string> files;  // sorted, unique; every file seen in the burst
  SteadyTime first_event;          // start of the burst (for "in N.NNs")
  SteadyTime last_event;
};

class Debouncer {
 public:
  explicit Debouncer(DebounceTimes times);
  // No settle window: every burst waits `window` of quiet (the behaviour
  // before settle_ms existed).
  explicit Debouncer(Millis window, std::optional<Millis> max_delay = std::nullopt);

  // Records that `file` changed at `now`, affecting `cogs` (may be empty: a
  // host source, for instance, still travels with the batch).
  void add(const std::string& file, const std::vector<std::string>& cogs, SteadyTime now,
           EventKind kind = EventKind::Other);

  bool pending() const { return burst_.has_value(); }
  // The files of the burst collected so far (sorted), empty if idle.
  std::vector<std::string> pending_files() const;

  // How long until a batch is due (zero if it is due now), nullopt if idle.
  // This is the poll(2) timeout of the watch loop.
  std::optional<Millis> time_until_due(SteadyTime now) const;

  // The batch, if one is due at `now`; the debouncer is idle afterwards.
  std::optional<Batch> take_due(SteadyTime now);

  Millis window() const { return window_; }
  Millis settle() const { return settle_; }

 private:
  struct Burst {
    std::set<std::string> cogs;
    std::set<std::string> files;
    SteadyTime first;
    SteadyTime last;
    EventKind last_kind;  // of the latest event (the file's, while the burst is one file)
  };
  bool lone_written() const;
  SteadyTime due_at() const;

  Millis window_;
  Millis settle_;
  Millis max_delay_;
  std::optional<Burst> burst_;
};

}  // namespace hotcog::cli
