#include "hotcog/ninja/build_lock.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace hotcog::ninja {
namespace {

std::string real_path(const std::string& path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? std::string(buf) : path;
}

int open_lock_file(const std::string& build_dir, std::string* err) {
  std::string dir = build_dir + "/hotcog";
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    *err = dir + ": " + std::strerror(errno);
    return -1;
  }
  std::string path = build_lock_path(build_dir);
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) *err = path + ": " + std::strerror(errno);
  return fd;
}

// Waits until `fd` (or the cancel token) is readable. The timeout is a
// safety net for holders that unlock without closing: a retry, not a poll loop.
bool wait_readable(int fd, const CancelToken* cancel, std::string* err) {
  pollfd p[2] = {{fd, POLLIN, 0}, {cancel ? cancel->fd() : -1, POLLIN, 0}};
  int n;
  do n = poll(p, 2, 1000);
  while (n < 0 && errno == EINTR);
  if (p[1].revents & POLLIN) {
    *err = "cancelled while waiting for the build dir";
    return false;
  }
  return true;
}

using OnWait = std::function<void(const std::string&)>;

bool wait_for_lock(int fd, const std::string& build_dir, const CancelToken* cancel,
                   LockWaits* waits, const OnWait& on_wait, std::string* err) {
  // Uncontended: no inotify at all (closing an inotify fd can take the
  // kernel tens of milliseconds).
  if (flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
  int watch = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (watch < 0) {
    *err = std::string("inotify: ") + std::strerror(errno);
    return false;
  }
  // Watch first, then try again: a close between the two is still seen.
  inotify_add_watch(watch, build_lock_path(build_dir).c_str(), IN_CLOSE_WRITE | IN_CLOSE_NOWRITE);
  bool ok = true;
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      *err = std::string("flock: ") + std::strerror(errno);
      ok = false;
      break;
    }
    if (!waits->waited_for_lock && on_wait)
      on_wait("another hotcog build holds " + build_lock_path(build_dir) + "; waiting for it");
    waits->waited_for_lock = true;
    if (!wait_readable(watch, cancel, err)) {
      ok = false;
      break;
    }
    char events[4096];
    while (read(watch, events, sizeof events) > 0) {
    }
  }
  close(watch);
  return ok;
}

bool wait_for_foreign_ninjas(const std::string& build_dir, const CancelToken* cancel,
                             LockWaits* waits, const OnWait& on_wait, std::string* err) {
  for (;;) {
    std::vector<int> pids = find_ninja_processes(build_dir);
    if (pids.empty()) return true;
    for (int pid : pids) {
      int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
      if (pidfd < 0) continue;  // already gone
      waits->waited_for_ninja.push_back(pid);
      if (on_wait)
        on_wait("ninja (pid " + std::to_string(pid) + ") is still building in " + build_dir +
                " (started by someone else, or left by a killed hotcog); waiting for it");
      bool ok = true;
      for (;;) {
        if (!wait_readable(pidfd, cancel, err)) {
          ok = false;
          break;
        }
        pollfd p{pidfd, POLLIN, 0};
        if (poll(&p, 1, 0) == 1) break;  // exited
      }
      close(pidfd);
      if (!ok) return false;
    }
  }
}

}  // namespace

std::string build_lock_path(const std::string& build_dir) { return build_dir + "/hotcog/build.lock"; }

std::vector<int> find_ninja_processes(const std::string& build_dir) {
  std::vector<int> pids;
  std::string want = real_path(build_dir);
  DIR* proc = opendir("/proc");
  if (!proc) return pids;
  while (dirent* e = readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (*end != '\0' || pid <= 0 || pid == getpid()) continue;
    std::string base = std::string("/proc/") + e->d_name;
    std::ifstream comm_file(base + "/comm");
    std::string comm;
    if (!std::getline(comm_file, comm) || comm != "ninja") continue;
    char cwd[PATH_MAX];
    ssize_t n = readlink((base + "/cwd").c_str(), cwd, sizeof cwd - 1);
    if (n <= 0) continue;  // exited (zombie) or not ours to inspect
    if (std::string(cwd, static_cast<size_t>(n)) == want) pids.push_back(static_cast<int>(pid));
  }
  closedir(proc);
  return pids;
}

std::optional<BuildLock> BuildLock::acquire(const std::string& build_dir, const CancelToken* cancel,
                                            std::string* err, LockWaits* waits,
                                            const OnWait& on_wait) {
  LockWaits local;
  if (!waits) waits = &local;
  auto start = std::chrono::steady_clock::now();
  int fd = open_lock_file(build_dir, err);
  if (fd < 0) return std::nullopt;
  BuildLock lock(fd);
  bool ok = wait_for_lock(fd, build_dir, cancel, waits, on_wait, err) &&
            wait_for_foreign_ninjas(build_dir, cancel, waits, on_wait, err);
  waits->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!ok) return std::nullopt;
  return lock;
}

std::optional<BuildLock> BuildLock::try_acquire(const std::string& build_dir, std::string* err) {
  int fd = open_lock_file(build_dir, err);
  if (fd < 0) return std::nullopt;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) *err = std::string("flock: ") + std::strerror(errno);
    close(fd);
    return std::nullopt;
  }
  return BuildLock(fd);
}

BuildLock& BuildLock::operator=(BuildLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

// Closing releases the flock and wakes waiters (IN_CLOSE_WRITE).
BuildLock::~BuildLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace hotcog::ninja
