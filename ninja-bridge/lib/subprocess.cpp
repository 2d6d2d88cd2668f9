#include "hotcog/ninja/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace hotcog::ninja {

CancelToken::CancelToken() : fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
CancelToken::~CancelToken() {
  if (fd_ >= 0) close(fd_);
}

void CancelToken::cancel() {
  uint64_t one = 1;
  ssize_t n = write(fd_, &one, sizeof one);
  (void)n;  // the counter only saturates; a failed write means already raised
}

bool CancelToken::cancelled() const {
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, 0) == 1;
}

namespace {

// The child's environment: ours, with the request's variables replacing
// same-named ones.
std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    bool overridden = false;
    for (const auto& [name, value] : extra)
      if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
          entry[name.size()] == '=')
        overridden = true;
    if (!overridden) env.emplace_back(entry);
  }
  for (const auto& [name, value] : extra) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Splits new output into lines for the callback; keeps a partial last line.
class LineSplitter {
 public:
  explicit LineSplitter(const std::function<void(std::string_view)>& sink) : sink_(sink) {}
  void feed(std::string_view chunk) {
    pending_.append(chunk);
    size_t start = 0;
    for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1)
      if (sink_) sink_(std::string_view(pending_).substr(start, nl - start));
    pending_.erase(0, start);
  }
  void finish() {
    if (!pending_.empty() && sink_) sink_(pending_);
    pending_.clear();
  }

 private:
  const std::function<void(std::string_view)>& sink_;
  std::string pending_;
};

bool spawn(const SubprocessRequest& req, int out_fd, pid_t* pid, std::string* err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 2);
  if (!req.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, req.cwd.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);  // own process group: see subprocess.h
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> args = req.argv;
  std::vector<std::string> env = child_environment(req.env);
  std::vector<char*> argv = c_strings(args), envp = c_strings(env);
  int rc = posix_spawnp(pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    *err = "cannot run " + req.argv[0] + ": " + std::strerror(rc);
    return false;
  }
  return true;
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

SubprocessResult run_subprocess(const SubprocessRequest& req) {
  SubprocessResult result;
  if (req.argv.empty()) {
    result.exit_code = 127;
    result.error = "empty command";
    return result;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.exit_code = 127;
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  pid_t pid = -1;
  bool ok = spawn(req, fds[1], &pid, &result.error);
  close(fds[1]);
  if (!ok) {
    close(fds[0]);
    result.exit_code = 127;
    return result;
  }
  result.started = true;

  // The child's exit is watched through a pidfd as well as the pipe's EOF: a
  // command that leaves a daemon behind holding the pipe open must not hang
  // the build.
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  LineSplitter lines(req.on_line);
  using Clock = std::chrono::steady_clock;
  Clock::time_point kill_deadline{};
  bool killed = false, child_exited = false;
  char buf[65536];
  auto drain = [&](bool until_eof) {
    for (;;) {
      ssize_t got = read(fds[0], buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return got == 0 || !until_eof;  // EOF, or EAGAIN when not blocking
      std::string_view chunk(buf, static_cast<size_t>(got));
      result.output.append(chunk);
      lines.feed(chunk);
      if (!until_eof) return false;
    }
  };
  while (!child_exited) {
    pollfd watch[3] = {{fds[0], POLLIN, 0}, {-1, POLLIN, 0}, {pidfd, POLLIN, 0}};
    if (req.cancel && !result.cancelled) watch[1].fd = req.cancel->fd();
    int timeout = -1;
    if (result.cancelled && !killed) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kill_deadline - Clock::now());
      timeout = left.count() > 0 ? static_cast<int>(left.count()) : 0;
    }
    int n = poll(watch, 3, timeout);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 && result.cancelled && !killed) {  // ignored SIGINT for too long
      kill(-pid, SIGKILL);
      killed = true;
      continue;
    }
    if (watch[1].revents & POLLIN) {
      result.cancelled = true;
      kill(-pid, SIGINT);
      kill_deadline = Clock::now() + std::chrono::milliseconds(req.kill_after_ms);
    }
    if (watch[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (drain(false)) break;  // EOF: every writer is gone
    }
    if (pidfd >= 0 && (watch[2].revents & POLLIN)) child_exited = true;
  }
  if (child_exited) {  // take what is left in the pipe without waiting for EOF
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    drain(true);
  }
  lines.finish();
  close(fds[0]);
  if (pidfd >= 0) close(pidfd);
  // Until it is reaped the child's pid (its process group's id) cannot be
  // reused, so the group kill below reaches only what it left behind.
  siginfo_t info{};
  while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  if (info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED) {
    result.signal = info.si_status;
    kill(-pid, SIGKILL);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = exit_code_of(status);
  return result;
}

}  // namespace hotcog::ninja
