// Crash guard: runs cog code so that a C++ exception or a crash signal
// (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) becomes a value instead of taking
// the host down; with a timeout, a call that does not return in time is
// interrupted the same way (call_watchdog.h).
//
// The handlers are process-wide (installed while at least one Host exists) but
// only act on a thread that is inside run_guarded(); on any other thread they
// hand the signal to whatever handler was installed before (or to the default
// action), so the host's own crashes behave as if hotcog were not there.
// Recovery is siglongjmp back to run_guarded(): destructors of the frames in
// between do not run. That is acceptable where the image that crashed is
// thrown away (setup, static initialization, the descriptor: cr.h makes the
// same trade). Two callers keep running code whose frames were skipped:
// teardown and undo callbacks (the version is being removed anyway, and its
// image closed), and save_state: a crash there aborts the reload before
// anything was torn down, and the version that crashed keeps running, since
// unloading it would lose the state the user is iterating on. Whatever its
// skipped frames held (a lock, an allocation) stays held; the reload's
// message says "kept version N" and the log says the crash happened there.
#pragma once

#include <string>
#include <type_traits>

namespace hotcog::rt {

struct GuardOutcome {
  enum Kind { Ok, Threw, Crashed, TimedOut };
  Kind kind = Ok;
  int signal = 0;       // for Crashed
  // "std::runtime_error: boom", "SIGSEGV (address 0x0)" or "did not return
  // within 5000 ms (interrupted by the watchdog)"
  std::string what;
  bool ok() const { return kind == Ok; }
};

// Reference-counted: the first acquire installs the handlers, the last
// release restores the previous ones (if nobody replaced ours meanwhile).
void acquire_crash_handlers();
void release_crash_handlers();

// timeout_ms > 0: the call is interrupted (TimedOut) if it has not returned
// after that long. Inside a guarded call that already has a deadline, the
// outer deadline governs.
GuardOutcome run_guarded(void (*fn)(void*), void* arg, unsigned timeout_ms = 0);

template <class F>
GuardOutcome guarded(F&& f, unsigned timeout_ms = 0) {
  using Fn = std::remove_reference_t<F>;
  return run_guarded([](void* p) { (*static_cast<Fn*>(p))(); }, &f, timeout_ms);
}

const char* signal_name(int sig);

}  // namespace hotcog::rt
