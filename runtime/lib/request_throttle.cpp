#include "request_throttle.h"

#include <chrono>

namespace hotcog::rt {
namespace {
constexpr uint64_t kOne = 1'000'000'000ull;  // one request, in budget units
}

RequestThrottle::Verdict RequestThrottle::take(uint64_t now_ns) {
  if (!started_) {
    started_ = true;
    last_ns_ = now_ns;
    budget_ = kBurst * kOne;
  }
  if (now_ns > last_ns_) {
    // Each elapsed nanosecond earns kPerSecond units; cap before multiplying.
    const uint64_t elapsed = now_ns - last_ns_;
    const uint64_t earned = elapsed >= kBurst * kOne ? kBurst * kOne : elapsed * kPerSecond;
    budget_ = budget_ + earned > kBurst * kOne ? kBurst * kOne : budget_ + earned;
    last_ns_ = now_ns;
  }
  if (budget_ >= kOne) {
    budget_ -= kOne;
    refused_in_a_row_ = 0;
    return Allow;
  }
  ++refused_in_a_row_;
  return refused_in_a_row_ >= kDisconnectAfter ? Disconnect : Refuse;
}

uint64_t monotonic_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace hotcog::rt
