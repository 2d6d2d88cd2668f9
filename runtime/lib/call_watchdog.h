// The watchdog of cog calls: a cog's setup, teardown, save_state or on_unload
// callback that does not return within a deadline (an endless loop, a
// deadlock, a blocking read) is interrupted, and the call fails like a crash
// ("did not return within N ms"), so the reload rolls back and the host
// thread comes back to the program.
//
// Mechanism: each thread that runs guarded cog code owns one POSIX timer
// (timer_create with SIGEV_THREAD_ID) that delivers kWatchdogSignal to that
// very thread when the deadline passes. The crash guard's handler recognizes
// the timer's signal (si_code SI_TIMER and our cookie in si_value) and leaves
// the cog code with siglongjmp, exactly as for SIGSEGV: the interrupted
// frames' destructors do not run, and whatever they held (a mutex, the
// allocator's lock if the cog was stuck inside malloc) stays held. A timer
// signal that arrives after the call returned is ignored; any other
// kWatchdogSignal goes to the handler that was installed before.
#pragma once

#include <signal.h>

#include <string>

namespace hotcog::rt {

// SIGRTMAX - 3: a real-time signal (queued, never merged with a user's
// SIGALRM/SIGUSR*). A program that uses this number itself still gets it:
// only the runtime's own timer expirations are taken.
int watchdog_signal();

// True if `info` describes an expiration of one of the watchdog's timers.
bool is_watchdog_expiry(const siginfo_t* info);

// The calling thread's deadline. arm() starts it (false: no timer could be
// created; the call then runs without a deadline); disarm() stops it. The
// timer is created on first use and deleted when the thread exits.
bool arm_watchdog(unsigned timeout_ms);
void disarm_watchdog();

// A timeout from the environment: decimal milliseconds, 0 (off) up to one
// day. false with *why ("is not a number of milliseconds") otherwise.
bool parse_timeout_ms(const char* text, unsigned* out, std::string* why);

}  // namespace hotcog::rt
