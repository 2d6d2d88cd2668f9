#include "probe_zygote.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace hotcog::rt {
namespace {

// Messages (SOCK_SEQPACKET keeps their boundaries):
//   request  "<timeout_ms>\n<path>"
//   reply    "<StaticInitProbe::Result>\n<what>"
constexpr size_t kMaxMessage = 8192;

[[noreturn]] void serve(int sock, pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(0);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGCHLD}) ::signal(sig, SIG_DFL);
  sigset_t all;
  sigemptyset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  // Keep stdio and the socket; the host's other descriptors are not ours.
  ::close_range(3, static_cast<unsigned>(sock) - 1, 0);
  ::close_range(static_cast<unsigned>(sock) + 1, ~0U, 0);
  char buf[kMaxMessage];
  for (;;) {
    const ssize_t n = ::recv(sock, buf, sizeof buf - 1, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(0);
    buf[n] = '\0';
    char* nl = std::strchr(buf, '\n');
    if (!nl) ::_exit(1);
    *nl = '\0';
    const int timeout_ms = std::atoi(buf);
    StaticInitProbe p = probe_static_init(std::string(nl + 1), timeout_ms);
    const std::string reply = std::to_string(static_cast<int>(p.result)) + "\n" +
                              p.what.substr(0, kMaxMessage - 16);
    if (::send(sock, reply.data(), reply.size(), MSG_NOSIGNAL) < 0) ::_exit(0);
  }
}

}  // namespace

ProbeZygote::~ProbeZygote() {
  if (sock_ >= 0) ::close(sock_);  // the zygote sees EOF and exits
  if (pid_ > 0) {
    pid_t r;
    do r = ::waitpid(pid_, nullptr, 0);
    while (r < 0 && errno == EINTR);
  }
}

bool ProbeZygote::start(std::string* err) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0) {
    *err = std::string("socketpair: ") + std::strerror(errno);
    return false;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    try {
      serve(fds[1], parent);
    } catch (...) {
      ::_exit(1);
    }
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    *err = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  sock_ = fds[0];
  pid_ = pid;
  return true;
}

StaticInitProbe ProbeZygote::probe(const std::string& path, int timeout_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sock_ >= 0) {
    const std::string request = std::to_string(timeout_ms) + "\n" + path;
    char buf[kMaxMessage];
    ssize_t n = -1;
    if (request.size() < kMaxMessage &&
        ::send(sock_, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
      // The zygote enforces timeout_ms on its child; allow it time to report.
      pollfd p{sock_, POLLIN, 0};
      int ready;
      do ready = ::poll(&p, 1, timeout_ms + 5000);
      while (ready < 0 && errno == EINTR);
      if (ready == 1) n = ::recv(sock_, buf, sizeof buf - 1, 0);
    }
    if (n > 0) {
      buf[n] = '\0';
      StaticInitProbe out;
      char* nl = std::strchr(buf, '\n');
      out.result = static_cast<StaticInitProbe::Result>(std::atoi(buf));
      out.what = nl ? nl + 1 : "";
      // A timeout in the zygote may be a lock inherited at its fork; confirm
      // with a fresh fork before refusing the image.
      if (out.result != StaticInitProbe::TimedOut) return out;
    } else {
      // The zygote is gone or stuck: stop using it.
      ::close(sock_);
      sock_ = -1;
      if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
      }
    }
  }
  return probe_static_init(path, timeout_ms);
}

}  // namespace hotcog::rt
