#include "lib/debouncer.h"

#include <algorithm>

namespace hotcog::cli {

Debouncer::Debouncer(DebounceTimes times)
    : window_(times.quiet),
      settle_(std::min(times.settle, times.quiet)),
      max_delay_(times.max_delay.value_or(std::max(times.quiet * 10, Millis(1000)))) {}

Debouncer::Debouncer(Millis window, std::optional<Millis> max_delay)
    : Debouncer(DebounceTimes{window, window, max_delay}) {}

void Debouncer::add(const std::string& file, const std::vector<std::string>& cogs,
                    SteadyTime now, EventKind kind) {
  if (!burst_) burst_ = Burst{{}, {}, now, now, kind};
  burst_->cogs.insert(cogs.begin(), cogs.end());
  burst_->files.insert(file);
  if (now >= burst_->last) {
    burst_->last = now;
    burst_->last_kind = kind;
  }
}

bool Debouncer::lone_written() const {
  return burst_->files.size() == 1 && burst_->last_kind == EventKind::Written;
}

SteadyTime Debouncer::due_at() const {
  return std::min(burst_->last + (lone_written() ? settle_ : window_),
                  burst_->first + max_delay_);
}

std::optional<Millis> Debouncer::time_until_due(SteadyTime now) const {
  if (!burst_) return std::nullopt;
  SteadyTime due = due_at();
  if (due <= now) return Millis(0);
  // Round up: waking a millisecond early would only mean a second wait.
  return std::chrono::ceil<Millis>(due - now);
}

std::optional<Batch> Debouncer::take_due(SteadyTime now) {
  if (!burst_ || now < due_at()) return std::nullopt;
  Batch batch{{burst_->cogs.begin(), burst_->cogs.end()},
              {burst_->files.begin(), burst_->files.end()},
              burst_->first,
              burst_->last};
  burst_.reset();
  return batch;
}

std::vector<std::string> Debouncer::pending_files() const {
  if (!burst_) return {};
  return {burst_->files.begin(), burst_->files.end()};
}

}  // namespace hotcog::cli
