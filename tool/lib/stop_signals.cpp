#include "lib/stop_signals.h"

#include "lib/tool_error.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace hotcog::cli {
namespace {

int g_pipe[2] = {-1, -1};
std::atomic<int> g_signal{0};
ninja::CancelToken* g_cancel = nullptr;
struct sigaction g_old_int, g_old_term;

void on_stop_signal(int signo) {
  int saved = errno;
  g_signal.store(signo);
  if (g_cancel) g_cancel->cancel();  // async-signal-safe: a write to an eventfd
  char byte = 1;
  (void)!write(g_pipe[1], &byte, 1);
  errno = saved;
}

}  // namespace

llvm::Expected<std::unique_ptr<StopSignals>> StopSignals::install(
    ninja::CancelToken* cancel) {
  if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
    return tool_error(ErrorKind::Io, "pipe2 failed: {}", errno_text(errno));
  g_cancel = cancel;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // the loop learns about the stop from the pipe
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
  return std::unique_ptr<StopSignals>(new StopSignals());
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  g_cancel = nullptr;
  close(g_pipe[0]);
  close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
}

int StopSignals::fd() const { return g_pipe[0]; }
int StopSignals::received_signal() const { return g_signal.load(); }

}  // namespace hotcog::cli
