#include "static_init_probe.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "crash_guard.h"

namespace hotcog::rt {
namespace {

constexpr int kFailedToOpen = 3;

[[noreturn]] void child(const std::string& path, int report_fd) {
  // Crash signals must kill the child, not jump into a copy of a host frame.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::signal(sig, SIG_DFL);
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* err = ::dlerror();
    if (err) (void)!::write(report_fd, err, std::strlen(err));
    ::_exit(kFailedToOpen);
  }
  ::dlclose(handle);
  ::_exit(0);
}

}  // namespace

StaticInitProbe probe_static_init(const std::string& path, int timeout_ms) {
  StaticInitProbe out;
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    out.what = std::string("pipe: ") + std::strerror(errno);
    return out;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fds[0]);
    child(path, pipe_fds[1]);
  }
  ::close(pipe_fds[1]);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    out.what = std::string("fork: ") + std::strerror(errno);
    return out;
  }
  // Wait with a timeout: a pidfd becomes readable when the child exits.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  bool exited = true;
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    int n;
    do n = ::poll(&p, 1, timeout_ms);
    while (n < 0 && errno == EINTR);
    exited = n == 1;
    ::close(pidfd);
  }
  if (!exited) ::kill(pid, SIGKILL);
  int status = 0;
  pid_t waited;
  do waited = ::waitpid(pid, &status, 0);
  while (waited < 0 && errno == EINTR);
  char buf[512];
  const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf - 1);
  ::close(pipe_fds[0]);
  if (!exited) {
    out.result = StaticInitProbe::TimedOut;
    out.what = "static initialization still running after " + std::to_string(timeout_ms) + " ms";
  } else if (waited != pid) {
    out.what = "lost the probe process (reaped elsewhere?)";
  } else if (WIFSIGNALED(status)) {
    out.result = StaticInitProbe::Crashed;
    out.what = signal_name(WTERMSIG(status));
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == kFailedToOpen) {
    out.result = StaticInitProbe::Failed;
    out.what = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "dlopen failed";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    out.result = StaticInitProbe::Ok;
  } else {
    out.result = StaticInitProbe::Failed;
    out.what = "probe exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return out;
}

}  // namespace hotcog::rt
