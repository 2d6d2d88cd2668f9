// One `hotcog watch` per build dir. Two would both build on every save (the
// build lock serializes their ninja runs, so every change is built twice) and
// both ask the host to reload: each reload resets the cogs' state twice and
// the second one's summary line says nothing new.
//
// The lock is an flock(2) on <build>/hotcog/watch.lock, held for the whole
// watch; the file holds the holder's pid, for the message the next watch
// prints. The kernel drops the lock when its holder dies, however it dies, so
// a lock is never stale: a watch killed with SIGKILL leaves only its pid in
// the file, which the next watch notices (previous_pid) and reports.
#pragma once

#include <llvm/Support/Error.h>

#include <string>

namespace hotcog::cli {

class WatchLock {
 public:
  // Takes the lock of `build_dir` without waiting. A Busy error names the
  // pid of the watch that holds it; an Io error says which call failed.
  static llvm::Expected<WatchLock> acquire(const std::string& build_dir);

  WatchLock(WatchLock&& other) noexcept;
  WatchLock& operator=(WatchLock&&) = delete;
  ~WatchLock();

  // The pid a previous holder left in the file when it ended without
  // releasing it cleanly (killed), else 0.
  int previous_pid() const { return previous_pid_; }

 private:
  WatchLock(int fd, std::string path, int previous_pid)
      : fd_(fd), path_(std::move(path)), previous_pid_(previous_pid) {}
  int fd_ = -1;
  std::string path_;
  int previous_pid_ = 0;
};

// <build>/hotcog/watch.lock
std::string watch_lock_path(const std::string& build_dir);

}  // namespace hotcog::cli
