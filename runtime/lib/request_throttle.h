// Bounds how fast one control-socket connection may send requests: a token
// bucket (kBurst requests at once, then kPerSecond per second). A request
// over the budget is refused with a "rate_limited" reply instead of being
// parsed or queued, so a client flooding the socket costs the background
// thread little and never reaches the host thread; one that keeps flooding
// after kDisconnectAfter refusals in a row is disconnected.
#pragma once

#include <cstdint>

namespace hotcog::rt {

class RequestThrottle {
 public:
  static constexpr unsigned kBurst = 64;
  static constexpr unsigned kPerSecond = 32;
  static constexpr unsigned kDisconnectAfter = 256;

  enum Verdict { Allow, Refuse, Disconnect };

  // now_ns: a monotonic clock (steady_clock), passed in so tests need no sleeps.
  Verdict take(uint64_t now_ns);
  // Refusals since the last allowed request.
  unsigned refused_in_a_row() const { return refused_in_a_row_; }

 private:
  bool started_ = false;
  uint64_t last_ns_ = 0;
  // Tokens scaled by 1e9 (token-nanoseconds) so refills need no floating point.
  uint64_t budget_ = 0;
  unsigned refused_in_a_row_ = 0;
};

uint64_t monotonic_ns();

}  // namespace hotcog::rt
