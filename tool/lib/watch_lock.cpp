#include "lib/watch_lock.h"

#include "lib/tool_error.h"

#include <llvm/ADT/StringExtras.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace hotcog::cli {
namespace {

// The pid written in the lock file, or 0 (empty: released cleanly).
int read_pid(int fd) {
  char buf[32] = {};
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  int pid = 0;
  return llvm::to_integer(llvm::StringRef(buf, static_cast<size_t>(n)).trim(), pid, 10) && pid > 0
             ? pid
             : 0;
}

}  // namespace

std::string watch_lock_path(const std::string& build_dir) {
  return build_dir + "/hotcog/watch.lock";
}

llvm::Expected<WatchLock> WatchLock::acquire(const std::string& build_dir) {
  std::string dir = build_dir + "/hotcog";
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    return tool_error(ErrorKind::Io, "cannot create {}: {}", dir, errno_text(errno));
  std::string path = watch_lock_path(build_dir);
  // O_CLOEXEC: ninja and the scanner, which may outlive a killed watch, must
  // not hold the lock on its behalf.
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return tool_error(ErrorKind::Io, "cannot open {}: {}", path, errno_text(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    int holder = read_pid(fd);
    close(fd);
    if (err != EWOULDBLOCK)
      return tool_error(ErrorKind::Io, "cannot lock {}: {}", path, errno_text(err));
    return tool_error(ErrorKind::Busy,
                      "another hotcog watch{} already watches {}; stop it first (one watch per "
                      "build dir)",
                      holder ? fmt::format(" (pid {})", holder) : std::string(), build_dir);
  }
  int previous = read_pid(fd);
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    int err = errno;
    close(fd);
    return tool_error(ErrorKind::Io, "cannot write {}: {}", path, errno_text(err));
  }
  return WatchLock(fd, path, previous);
}

WatchLock::WatchLock(WatchLock&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), previous_pid_(other.previous_pid_) {
  other.fd_ = -1;
}

// A clean end empties the file: a pid left in it means its watch was killed.
WatchLock::~WatchLock() {
  if (fd_ < 0) return;
  if (ftruncate(fd_, 0) != 0) {
    // The pid stays; the next watch reports a kill that was not one. Harmless.
  }
  close(fd_);
}

}  // namespace hotcog::cli
