// One debouncer for the whole watch (global, not one timer per cog or per
// file), with burst coalescing.
//
// Each file event is recorded with the cogs it affects. A batch becomes due
// once the whole burst is quiet: no event for ANY file within `window`. Then
// every pending cog leaves together, so saving three files (of one cog or of
// several, or one shared header) is ONE build of the union of the cogs.
// Global on purpose: ninja builds one set of targets at a time (the build
// lock), and one batch gives one "Reloaded N/M cogs" line; per-cog timers
// would start a second build while the first runs. The cogs recorded per
// event only say what the batch must build.
// A burst that never goes quiet (a generator rewriting files in a loop) is cut
// at `max_delay` after its first event, so builds are delayed, never starved.
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

struct Batch {
  std::vector<std::string> cogs;   // sorted, unique
  std::vector<std::string> files;  // sorted, unique; every file seen in the burst
  SteadyTime first_event;          // start of the burst (for "in N.NNs")
  SteadyTime last_event;
};

class Debouncer {
 public:
  explicit Debouncer(Millis window, std::optional<Millis> max_delay = std::nullopt);

  // Records that `file` changed at `now`, affecting `cogs` (may be empty: a
  // host source, for instance, still travels with the batch).
  void add(const std::string& file, const std::vector<std::string>& cogs, SteadyTime now);

  bool pending() const { return burst_.has_value(); }

  // How long until a batch is due (zero if it is due now), nullopt if idle.
  // This is the poll(2) timeout of the watch loop.
  std::optional<Millis> time_until_due(SteadyTime now) const;

  // The batch, if one is due at `now`; the debouncer is idle afterwards.
  std::optional<Batch> take_due(SteadyTime now);

  Millis window() const { return window_; }

 private:
  struct Burst {
    std::set<std::string> cogs;
    std::set<std::string> files;
    SteadyTime first;
    SteadyTime last;
  };
  SteadyTime due_at() const;

  Millis window_;
  Millis max_delay_;
  std::optional<Burst> burst_;
};

}  // namespace hotcog::cli
