#include "lib/batch_timeline.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>

namespace hotcog::cli {
namespace {

using std::chrono::microseconds;

// The host's clock readings may be off ours by rounding to microseconds.
constexpr microseconds kClockSlack{1000};

SteadyTime from_host_us(int64_t us) { return SteadyTime(microseconds(us)); }

// Host phases from the host's own time points, when they lie between the
// request and its reply (same machine, same CLOCK_MONOTONIC).
bool place_on_host_clock(const ControlReply& reply, SteadyTime sent, SteadyTime received,
                         PhaseSpan* prepare, PhaseSpan* apply) {
  bool first = true;
  for (const CogReloadResult& r : reply.results) {
    if (r.prepare_start_us <= 0 || r.apply_start_us <= 0) return false;
    SteadyTime prepare_start = from_host_us(r.prepare_start_us);
    SteadyTime apply_start = from_host_us(r.apply_start_us);
    SteadyTime apply_end = apply_start + microseconds(r.pause_us);
    if (prepare_start + kClockSlack < sent || apply_end > received + kClockSlack) return false;
    if (first) {
      prepare->start = prepare_start;
      prepare->end = prepare_start + microseconds(r.prepare_us);
      apply->start = apply_start;
      apply->end = apply_end;
      first = false;
    }
    apply->start = std::min(apply->start, apply_start);
    apply->end = std::max(apply->end, apply_end);
  }
  return !first;
}

// Without usable time points (an older host, another clock namespace): the
// durations, placed right before the reply.
void place_before_reply(const ControlReply& reply, SteadyTime received, PhaseSpan* prepare,
                        PhaseSpan* apply) {
  int64_t pause = 0, prep = 0;
  for (const CogReloadResult& r : reply.results) {
    pause += r.pause_us;
    prep = std::max(prep, r.prepare_us);
  }
  apply->end = received;
  apply->start = received - microseconds(pause);
  prepare->end = apply->start;
  prepare->start = prepare->end - microseconds(prep);
  prepare->estimated = apply->estimated = true;
}

}  // namespace

const PhaseSpan* BatchTimeline::phase(const std::string& name) const {
  for (const PhaseSpan& span : phases)
    if (span.name == name) return &span;
  return nullptr;
}

std::map<std::string, int64_t> BatchTimeline::phase_durations_us() const {
  std::map<std::string, int64_t> durations;
  for (const PhaseSpan& span : phases)
    durations[span.name] += std::chrono::duration_cast<microseconds>(span.end - span.start).count();
  return durations;
}

int64_t BatchTimeline::total_us() const {
  return std::chrono::duration_cast<microseconds>(end - start).count();
}

void BatchRecorder::begin(const Batch& batch, std::optional<SteadyTime> saved_at, SteadyTime due) {
  current_ = BatchTimeline{};
  active_ = false;  // until a phase that did something is recorded
  current_.cogs = batch.cogs;
  SteadyTime read = batch.first_event;
  SteadyTime saved = saved_at.value_or(read);
  current_.start = saved;
  current_.end = due;
  current_.phases.push_back(PhaseSpan::of("detect", saved, read));
  current_.phases.push_back(PhaseSpan::of("debounce", read, due));
}

void BatchRecorder::phase(const std::string& name, SteadyTime start, SteadyTime end) {
  active_ = true;
  current_.phases.push_back(PhaseSpan::of(name, start, end));
  current_.end = std::max(current_.end, end);
}

void BatchRecorder::phase_ending(const std::string& name, double seconds, SteadyTime end) {
  phase(name, end - std::chrono::duration_cast<SteadyTime::duration>(
                        std::chrono::duration<double>(seconds)), end);
}

void BatchRecorder::result(const std::vector<std::string>& cogs, const std::string& what,
                           SteadyTime at) {
  for (const std::string& cog : cogs) current_.results[cog] = what;
  current_.end = std::max(current_.end, at);
}

void BatchRecorder::reply(const ControlReply& reply, SteadyTime sent, SteadyTime received) {
  PhaseSpan prepare = PhaseSpan::of("prepare", {}, {}, true);
  PhaseSpan apply = PhaseSpan::of("apply", {}, {}, true);
  for (const CogReloadResult& r : reply.results) {
    current_.results[r.cog] = r.action.empty() ? (r.ok ? "reloaded" : "failed") : r.action;
    apply.cogs.push_back(r.cog);
    apply.pause_us[r.cog] = r.pause_us;
  }
  prepare.cogs = apply.cogs;
  current_.end = std::max(current_.end, received);
  if (reply.results.empty()) return;
  if (!place_on_host_clock(reply, sent, received, &prepare, &apply))
    place_before_reply(reply, received, &prepare, &apply);
  current_.end = std::max(current_.end, apply.end);  // within the clocks' slack
  current_.phases.push_back(std::move(prepare));
  current_.phases.push_back(std::move(apply));
}

std::optional<BatchTimeline> BatchRecorder::finish() {
  if (!active_) return std::nullopt;
  active_ = false;
  current_.number = ++count_;
  return std::move(current_);
}

std::optional<SteadyTime> saved_at_from_mtimes(const std::vector<std::string>& files,
                                               SteadyTime first_read, Millis window) {
  // mtimes are wall-clock times: carried over to the steady clock through
  // the offset between the two clocks now.
  timespec wall_now{};
  clock_gettime(CLOCK_REALTIME, &wall_now);
  SteadyTime steady_now = std::chrono::steady_clock::now();
  std::optional<SteadyTime> earliest;
  for (const std::string& file : files) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) continue;  // deleted: no save time
    auto age = std::chrono::seconds(wall_now.tv_sec - st.st_mtim.tv_sec) +
               std::chrono::nanoseconds(wall_now.tv_nsec - st.st_mtim.tv_nsec);
    SteadyTime saved = steady_now - std::chrono::duration_cast<SteadyTime::duration>(age);
    if (saved > first_read || saved + window < first_read) continue;
    if (!earliest || saved < *earliest) earliest = saved;
  }
  return earliest;
}

}  // namespace hotcog::cli
