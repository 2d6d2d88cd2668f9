// Exclusive access to a build dir: two builds must never run ninja in the
// same dir at once (ninja does not lock; two ninjas corrupt each other's logs
// and race on outputs).
//
// Between hotcog processes: an advisory flock(2) on <build>/hotcog/build.lock,
// held for the whole build. Waiting is event-driven: the waiter watches the
// lock file with inotify; the holder's close (also when it dies: the kernel
// closes its files) wakes it to try again.
//
// Against a ninja the user started by hand (or `cmake --build`), which takes
// no lock: before building, scan /proc for processes named "ninja" whose
// working directory is the build dir (ninja -C chdirs there) and wait for each
// to exit through a pidfd. A ninja started after that check can still
// overlap: ninja offers nothing to close that window.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hotcog/ninja/subprocess.h"  // CancelToken

namespace hotcog::ninja {

struct LockWaits {
  bool waited_for_lock = false;          // another hotcog build held it
  std::vector<int> waited_for_ninja;     // pids of foreign ninjas waited for
  double seconds = 0;                    // total time spent waiting
};

class BuildLock {
 public:
  // Blocks until this process holds the build dir's lock and no foreign ninja
  // runs there. nullopt with *err when cancelled or on an I/O error.
  // on_wait, if set, is called once before the first wait with what it waits
  // for ("ninja (pid 123) is still building in DIR").
  static std::optional<BuildLock> acquire(
      const std::string& build_dir, const CancelToken* cancel, std::string* err,
      LockWaits* waits = nullptr,
      const std::function<void(const std::string& why)>& on_wait = nullptr);
  // Non-blocking: nullopt (and empty *err) if someone else holds the lock.
  static std::optional<BuildLock> try_acquire(const std::string& build_dir, std::string* err);

  BuildLock(BuildLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  BuildLock& operator=(BuildLock&& other) noexcept;
  ~BuildLock();

 private:
  explicit BuildLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// <build>/hotcog/build.lock
std::string build_lock_path(const std::string& build_dir);

// Pids of running processes named "ninja" whose working directory is
// build_dir (compared after resolving symlinks).
std::vector<int> find_ninja_processes(const std::string& build_dir);

}  // namespace hotcog::ninja
