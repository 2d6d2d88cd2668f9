// Where the time of one watch batch went: the phases the watch loop and the
// host went through from a save to the reload reply, and what became of each
// cog. `hotcog watch --trace` draws it (trace_writer.h), `hotcog stats` keeps
// it (batch_history.h).
//
// Phases (each at most once per batch, in this order):
//   detect    the save (the earliest mtime among the batch's files) to the
//             read of its inotify event. inotify events carry no time, and
//             the kernel stamps mtimes with a coarse clock (a few ms), so
//             this is an estimate; a file whose mtime is not recent (a
//             rename of an old file, a delete) gives an empty detect.
//   debounce  that read to the moment the batch was due
//   decide    content hashes, the plan, and the header decision
//   scan      the scanner's part of the header decision (inside decide)
//   build     the ninja run
//   prepare   the host, background thread: layouts, guard, dlopen (reply)
//   apply     the host, in poll(): from the first cog's apply to the last's end
// The batch itself spans the save to the reload reply (or, without one, to
// when its outcome was known: a failed build, no host, a reply timeout).
//
// Pure: every time is passed in, so tests drive it with made-up times.
#pragma once

#include "lib/control_reply.h"
#include "lib/debouncer.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotcog::cli {

struct PhaseSpan {
  std::string name;
  SteadyTime start, end;
  bool host = false;               // the host's work (from the reload reply)
  std::vector<std::string> cogs;   // empty: the batch's cogs
  std::map<std::string, int64_t> pause_us;  // apply: per cog
  bool estimated = false;  // host times not on our clock: placed before the reply

  static PhaseSpan of(std::string name, SteadyTime start, SteadyTime end, bool host = false) {
    PhaseSpan span;
    span.name = std::move(name);
    span.start = start;
    span.end = end;
    span.host = host;
    return span;
  }
};

struct BatchTimeline {
  unsigned number = 0;             // 1, 2, ... within one watch run
  std::vector<std::string> cogs;   // the cogs the batch planned to build
  std::vector<PhaseSpan> phases;   // in the order above
  // cog -> what became of it: the host's action ("patched", "reloaded",
  // "loaded", "refused", "failed"), or "build_failed", "no_host",
  // "unchanged" (nothing relinked), "error" (no reply).
  std::map<std::string, std::string> results;
  SteadyTime start, end;

  const PhaseSpan* phase(const std::string& name) const;
  // Each phase's duration in microseconds, and the whole batch's.
  std::map<std::string, int64_t> phase_durations_us() const;
  int64_t total_us() const;
};

// Builds the timeline of the batch the watch loop is processing; the hooks
// are called from watch_session.cpp.
class BatchRecorder {
 public:
  // The batch was due at `due`. `saved_at`: the save, from the files'
  // mtimes (saved_at_from_mtimes), if one is recent enough to be it.
  void begin(const Batch& batch, std::optional<SteadyTime> saved_at, SteadyTime due);
  // A phase of the watch loop that ran from `start` to `end`.
  void phase(const std::string& name, SteadyTime start, SteadyTime end);
  // One that ended at `end` after `seconds`.
  void phase_ending(const std::string& name, double seconds, SteadyTime end);
  void set_cogs(const std::vector<std::string>& cogs) { current_.cogs = cogs; }
  // What became of `cogs`, known at `at` (the batch lasts until then).
  void result(const std::vector<std::string>& cogs, const std::string& what, SteadyTime at);
  // The host's reply to a reload sent at `sent`, received at `received`:
  // prepare and apply phases, each cog's action.
  void reply(const ControlReply& reply, SteadyTime sent, SteadyTime received);
  // The finished batch, if it did anything worth recording (a content
  // change planned); the recorder is idle afterwards.
  std::optional<BatchTimeline> finish();

 private:
  bool active_ = false;
  unsigned count_ = 0;
  BatchTimeline current_;
};

// The earliest modification time of `files` as a steady-clock time, if it is
// at most `window` before `first_read` (the read of the batch's first event)
// and not after it: a save's mtime, not an old file renamed into place.
std::optional<SteadyTime> saved_at_from_mtimes(const std::vector<std::string>& files,
                                               SteadyTime first_read,
                                               Millis window = Millis(2000));

}  // namespace hotcog::cli
