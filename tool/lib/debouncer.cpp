#include "lib/debouncer.h"

#include <algorithm>

namespace hotcog::cli {

Debouncer::Debouncer(Millis window, std::optional<Millis> max_delay)
    : window_(window),
      max_delay_(max_delay.value_or(std::max(window * 10, Millis(1000)))) {}

void Debouncer::add(const std::string& file, const std::vector<std::string>& cogs,
                    SteadyTime now) {
  if (!burst_) burst_ = Burst{{}, {}, now, now};
  burst_->cogs.insert(cogs.begin(), cogs.end());
  burst_->files.insert(file);
  burst_->last = std::max(burst_->last, now);
}

SteadyTime Debouncer::due_at() const {
  return std::min(burst_->last + window_, burst_->first + max_delay_);
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
