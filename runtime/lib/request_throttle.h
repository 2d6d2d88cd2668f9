// Bounds how fast one control-socket connection may send requests: a token
// bucket (kBurst requests at once, then kPerSecond per second). A request
// over the budget is refused with a "rate_limited" reply instead of being
// parsed or queued, so a client flooding the socket costs the background
// thread little and never reaches the host thread. Refusals add to a penalty
// that drains at kPerSecond; a client whose penalty reaches kDisconnectAfter
// (it keeps flooding) is disconnected. The penalty, not a count of refusals
// in a row, so a slow server that lets a token refill mid-flood does not
// reset it.
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
  // The last refusal started a flood (the penalty had drained): worth a log line.
  bool refusal_starts_flood() const { return starts_flood_; }

 private:
  bool started_ = false;
  uint64_t last_ns_ = 0;
  // Requests scaled by 1e9 (request-nanoseconds) so refills need no floating
  // point: budget_ is what may still be sent, penalty_ what was refused.
  uint64_t budget_ = 0;
  uint64_t penalty_ = 0;
  bool starts_flood_ = false;
};

uint64_t monotonic_ns();

}  // namespace hotcog::rt
