// Crash guard: runs cog code so that a C++ exception or a crash signal
// (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) becomes a value instead of taking
// the host down.
//
// The handlers are process-wide (installed while at least one Host exists) but
// only act on a thread that is inside run_guarded(); on any other thread they
// hand the signal to whatever handler was installed before (or to the default
// action), so the host's own crashes behave as if hotcog were not there.
// Recovery is siglongjmp back to run_guarded(): destructors of the frames in
// between do not run, which is acceptable because the image that crashed is
// thrown away (cr.h makes the same trade).
#pragma once

#include <string>
#include <type_traits>

namespace hotcog::rt {

struct GuardOutcome {
  enum Kind { Ok, Threw, Crashed };
  Kind kind = Ok;
  int signal = 0;       // for Crashed
  std::string what;     // "std::runtime_error: boom" or "SIGSEGV (address 0x0)"
  bool ok() const { return kind == Ok; }
};

// Reference-counted: the first acquire installs the handlers, the last
// release restores the previous ones (if nobody replaced ours meanwhile).
void acquire_crash_handlers();
void release_crash_handlers();

GuardOutcome run_guarded(void (*fn)(void*), void* arg);

template <class F>
GuardOutcome guarded(F&& f) {
  using Fn = std::remove_reference_t<F>;
  return run_guarded([](void* p) { (*static_cast<Fn*>(p))(); }, &f);
}

const char* signal_name(int sig);

}  // namespace hotcog::rt
