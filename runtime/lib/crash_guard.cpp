#include "crash_guard.h"

#include "call_watchdog.h"

#include <cxxabi.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <typeinfo>

namespace hotcog::rt {
namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
constexpr int kSignalCount = sizeof(kSignals) / sizeof(kSignals[0]);

struct GuardFrame {
  sigjmp_buf env;
  volatile int signal;
  void* volatile address;
  volatile unsigned timeout_ms;  // 0: no deadline
  GuardFrame* outer;
};

// initial-exec: the handler must not trigger a lazy TLS allocation.
__attribute__((tls_model("initial-exec"))) thread_local GuardFrame* t_frame = nullptr;

// A stack overflow in cog code raises SIGSEGV with no stack left to run the
// handler on; each thread that runs guarded code gets an alternate signal
// stack (unless it already has one), freed when the thread exits.
class AltStack {
 public:
  void ensure() {
    if (memory_ || checked_) return;
    checked_ = true;
    stack_t current = {};
    if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
    void* mem = mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return;
    stack_t ss = {};
    ss.ss_sp = mem;
    ss.ss_size = kSize;
    if (sigaltstack(&ss, nullptr) != 0) {
      munmap(mem, kSize);
      return;
    }
    memory_ = mem;
  }
  ~AltStack() {
    if (!memory_) return;
    stack_t off = {};
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, nullptr);
    munmap(memory_, kSize);
  }

 private:
  static constexpr size_t kSize = 64 * 1024;
  void* memory_ = nullptr;
  bool checked_ = false;
};

thread_local AltStack t_alt_stack;

std::mutex g_install_mutex;
int g_install_count = 0;
struct sigaction g_previous[kSignalCount];
struct sigaction g_previous_watchdog;

int index_of(int sig) {
  for (int i = 0; i < kSignalCount; ++i)
    if (kSignals[i] == sig) return i;
  return -1;
}

void on_crash_signal(int sig, siginfo_t* info, void* ucontext) {
  if (GuardFrame* frame = t_frame) {
    frame->signal = sig;
    frame->address = info ? info->si_addr : nullptr;
    siglongjmp(frame->env, 1);
  }
  // Not ours: behave as the previous disposition would.
  const int i = index_of(sig);
  const struct sigaction& prev = g_previous[i];
  if (prev.sa_flags & SA_SIGINFO) {
    prev.sa_sigaction(sig, info, ucontext);
    return;
  }
  if (prev.sa_handler == SIG_IGN) return;
  if (prev.sa_handler != SIG_DFL) {
    prev.sa_handler(sig);
    return;
  }
  // Default action: reinstall it and re-raise; the signal is blocked while we
  // run, so it is delivered (and kills the process) when we return.
  signal(sig, SIG_DFL);
  raise(sig);
}

// The watchdog's timer fired: leave the innermost guarded call that has a
// deadline. A late expiry (the call returned meanwhile) is dropped; any other
// sender of this signal reaches the previous handler.
void on_watchdog_signal(int sig, siginfo_t* info, void* ucontext) {
  if (is_watchdog_expiry(info)) {
    for (GuardFrame* frame = t_frame; frame; frame = frame->outer) {
      if (frame->timeout_ms == 0) continue;
      frame->signal = sig;
      frame->address = nullptr;
      siglongjmp(frame->env, 1);
    }
    return;
  }
  const struct sigaction& prev = g_previous_watchdog;
  if (prev.sa_flags & SA_SIGINFO) {
    prev.sa_sigaction(sig, info, ucontext);
  } else if (prev.sa_handler != SIG_IGN && prev.sa_handler != SIG_DFL) {
    prev.sa_handler(sig);
  } else if (prev.sa_handler == SIG_DFL) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
}

std::string describe_current_exception() {
  std::string type = "unknown exception";
  if (const std::type_info* t = abi::__cxa_current_exception_type()) {
    int rc = 0;
    char* demangled = abi::__cxa_demangle(t->name(), nullptr, nullptr, &rc);
    type = rc == 0 && demangled ? demangled : t->name();
    std::free(demangled);
  }
  try {
    throw;
  } catch (const std::exception& e) {
    return type + ": " + e.what();
  } catch (...) {
    return type;
  }
}

}  // namespace

const char* signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    default: return "signal";
  }
}

void acquire_crash_handlers() {
  std::lock_guard<std::mutex> lock(g_install_mutex);
  if (g_install_count++ > 0) return;
  struct sigaction sa = {};
  sa.sa_sigaction = on_crash_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < kSignalCount; ++i) sigaction(kSignals[i], &sa, &g_previous[i]);
  struct sigaction wd = {};
  wd.sa_sigaction = on_watchdog_signal;
  wd.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&wd.sa_mask);
  sigaction(watchdog_signal(), &wd, &g_previous_watchdog);
}

void release_crash_handlers() {
  std::lock_guard<std::mutex> lock(g_install_mutex);
  if (g_install_count == 0 || --g_install_count > 0) return;
  for (int i = 0; i < kSignalCount; ++i) {
    struct sigaction current = {};
    sigaction(kSignals[i], nullptr, &current);
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_crash_signal)
      sigaction(kSignals[i], &g_previous[i], nullptr);
  }
  struct sigaction current = {};
  sigaction(watchdog_signal(), nullptr, &current);
  if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_watchdog_signal)
    sigaction(watchdog_signal(), &g_previous_watchdog, nullptr);
}

GuardOutcome run_guarded(void (*fn)(void*), void* arg, unsigned timeout_ms) {
  GuardFrame frame;
  frame.signal = 0;
  frame.address = nullptr;
  frame.outer = t_frame;
  frame.timeout_ms = 0;
  t_alt_stack.ensure();
  GuardFrame* const outer = t_frame;
  bool deadline_governs = false;
  for (GuardFrame* f = outer; f; f = f->outer) deadline_governs = deadline_governs || f->timeout_ms;
  // The host may block our signal on its thread; the call must still be
  // interruptible. sigsetjmp saved the caller's mask, which both exits restore.
  sigset_t caller_mask;
  const bool timed = timeout_ms > 0 && !deadline_governs;
  // savemask=1: siglongjmp restores the mask, unblocking the caught signal.
  if (sigsetjmp(frame.env, 1) != 0) {
    t_frame = outer;
    if (timed) disarm_watchdog();
    GuardOutcome out;
    if (frame.signal == watchdog_signal()) {
      out.kind = GuardOutcome::TimedOut;
      out.what = "did not return within " + std::to_string(frame.timeout_ms) +
                 " ms (interrupted by the watchdog)";
      return out;
    }
    out.kind = GuardOutcome::Crashed;
    out.signal = frame.signal;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s (address %p)", signal_name(frame.signal),
                  frame.address);
    out.what = frame.signal == SIGABRT ? "SIGABRT (abort)" : buf;
    return out;
  }
  if (timed) {
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, watchdog_signal());
    pthread_sigmask(SIG_UNBLOCK, &unblock, &caller_mask);
    if (arm_watchdog(timeout_ms)) frame.timeout_ms = timeout_ms;
  }
  t_frame = &frame;
  GuardOutcome out;
  try {
    fn(arg);
  } catch (...) {
    out.kind = GuardOutcome::Threw;
    out.what = describe_current_exception();
  }
  t_frame = outer;
  if (timed) {
    disarm_watchdog();
    pthread_sigmask(SIG_SETMASK, &caller_mask, nullptr);
  }
  return out;
}

}  // namespace hotcog::rt
