// Watches directories with inotify and reports which files in them changed.
//
// Directories, not files: editors that save by writing a temp file and
// renaming it over the original replace the inode, and a watch on the old
// inode would go silent. A directory watch sees CLOSE_WRITE (in-place save),
// MOVED_TO (rename onto the name), CREATE, DELETE and MOVED_FROM. What the
// change means is decided later by content hash; this class only says "look
// at this path again".
//
// A watched directory that is removed (or moved away) comes back as soon as
// it exists again: its nearest existing ancestor is watched for directories
// appearing, the directory is watched again the moment it is recreated, and
// every file already in it is reported as created (they may have been written
// before the new watch was in place).
#pragma once

#include <llvm/Support/Error.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace hotcog::cli {

struct FileEvent {
  std::string path;  // directory + "/" + name
  uint32_t mask;     // IN_* bits, for --json and diagnostics
};

class InotifyWatcher {
 public:
  static llvm::Expected<InotifyWatcher> create();
  InotifyWatcher(InotifyWatcher&& other) noexcept;
  InotifyWatcher& operator=(InotifyWatcher&&) = delete;
  ~InotifyWatcher();

  // Adds a watch on `dir` (idempotent). A directory that does not exist is an error.
  llvm::Error watch_directory(const std::string& dir);
  size_t directory_count() const { return wanted_.size() - lost_.size(); }
  // Watched directories that went away and have not come back yet.
  const std::set<std::string>& lost_directories() const { return lost_; }

  // The descriptor to poll(2) for POLLIN.
  int fd() const { return fd_; }

  // Reads every queued event without blocking. `overflowed` is set when the
  // kernel dropped events (IN_Q_OVERFLOW): the caller must re-check everything.
  llvm::Expected<std::vector<FileEvent>> read_events(bool* overflowed);

 private:
  explicit InotifyWatcher(int fd) : fd_(fd) {}
  int add_watch(const std::string& dir);  // wd, or -1 with errno set
  void forget(int wd);                      // the directory went away
  // Re-watches lost directories that exist again (reporting their files in
  // `events`), and watches the nearest existing ancestor of the others.
  void revive(std::vector<FileEvent>* events);

  int fd_ = -1;
  std::map<int, std::string> dirs_;        // watch descriptor -> directory
  std::map<std::string, int> dir_to_wd_;
  std::set<std::string> wanted_;  // directories asked for: their file events count
  std::set<std::string> lost_;    // wanted ones without a watch now
};

// True when the event says a save of the file completed: CLOSE_WRITE (written
// in place or newly), MOVED_TO (renamed onto the name). CREATE, DELETE and
// MOVED_FROM may be the first half of a save (debouncer.h's settle window).
bool completes_write(uint32_t mask);

// Human-readable names of the IN_* bits in `mask` ("CLOSE_WRITE|MOVED_TO").
std::string describe_inotify_mask(uint32_t mask);

}  // namespace hotcog::cli
