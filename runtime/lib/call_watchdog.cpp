#include "call_watchdog.h"

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace hotcog::rt {
namespace {

// Any address unique to this library marks our timers' signals.
char g_cookie;

class ThreadTimer {
 public:
  ~ThreadTimer() {
    if (created_) timer_delete(timer_);
  }
  bool set(unsigned timeout_ms) {
    if (!created_ && !create()) return false;
    itimerspec spec = {};
    spec.it_value.tv_sec = timeout_ms / 1000;
    spec.it_value.tv_nsec = static_cast<long>(timeout_ms % 1000) * 1000000L;
    return timer_settime(timer_, 0, &spec, nullptr) == 0;
  }
  void clear() {
    if (!created_) return;
    const itimerspec off = {};
    timer_settime(timer_, 0, &off, nullptr);
  }

 private:
  bool create() {
    if (failed_) return false;
    sigevent ev = {};
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = watchdog_signal();
    ev.sigev_value.sival_ptr = &g_cookie;
    ev._sigev_un._tid = static_cast<pid_t>(::syscall(SYS_gettid));
    created_ = timer_create(CLOCK_MONOTONIC, &ev, &timer_) == 0;
    failed_ = !created_;
    return created_;
  }
  timer_t timer_ = {};
  bool created_ = false;
  bool failed_ = false;
};

thread_local ThreadTimer t_timer;

}  // namespace

int watchdog_signal() { return SIGRTMAX - 3; }

bool is_watchdog_expiry(const siginfo_t* info) {
  return info && info->si_code == SI_TIMER && info->si_value.sival_ptr == &g_cookie;
}

bool arm_watchdog(unsigned timeout_ms) { return timeout_ms > 0 && t_timer.set(timeout_ms); }

void disarm_watchdog() { t_timer.clear(); }

bool parse_timeout_ms(const char* text, unsigned* out, std::string* why) {
  constexpr unsigned long kMax = 24ul * 3600 * 1000;
  unsigned long value = 0;
  const char* p = text;
  for (; *p >= '0' && *p <= '9' && value <= kMax; ++p) value = value * 10 + static_cast<unsigned>(*p - '0');
  if (p == text || *p != '\0') {
    *why = "is not a number of milliseconds";
    return false;
  }
  if (value > kMax) {
    *why = "is more than a day";
    return false;
  }
  *out = static_cast<unsigned>(value);
  return true;
}

}  // namespace hotcog::rt
