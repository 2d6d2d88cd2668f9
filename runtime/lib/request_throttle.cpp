#include "request_throttle.h"

#include <chrono>

namespace hotcog::rt {
namespace {

constexpr uint64_t kOne = 1'000'000'000ull;  // one request, in budget units
constexpr uint64_t kFull = RequestThrottle::kBurst * kOne;

}  // namespace

RequestThrottle::Verdict RequestThrottle::take(uint64_t now_ns) {
  if (!started_) {
    started_ = true;
    last_ns_ = now_ns;
    budget_ = kFull;
  }
  if (now_ns > last_ns_) {
    // Each elapsed nanosecond earns (and drains) kPerSecond units; capped
    // before multiplying, so a long pause cannot overflow.
    const uint64_t elapsed = now_ns - last_ns_;
    const uint64_t earned = elapsed >= kFull ? kFull : elapsed * kPerSecond;
    budget_ = budget_ + earned > kFull ? kFull : budget_ + earned;
    penalty_ = penalty_ > earned ? penalty_ - earned : 0;
    last_ns_ = now_ns;
  }
  if (budget_ >= kOne) {
    budget_ -= kOne;
    return Allow;
  }
  starts_flood_ = penalty_ == 0;
  penalty_ += kOne;
  return penalty_ >= kDisconnectAfter * kOne ? Disconnect : Refuse;
}

uint64_t monotonic_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace hotcog::rt
