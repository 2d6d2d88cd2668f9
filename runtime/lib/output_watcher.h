// Self-watch: notices when a cog's output file holds a new, complete image,
// for people who rebuild with plain `ninja` instead of `hotcog watch`.
//
// inotify watches the directories of the outputs (not the files: linkers
// replace files, and a watch on the old inode would go quiet). A change counts
// when the writer is done with the name: IN_CLOSE_WRITE (ld.bfd and gold
// write in place) or IN_MOVED_TO (lld and atomic installers rename a temp
// file over it). Even then the file must pass the ELF completeness check, and
// its identity (inode, size, mtime) must differ from the last image seen, so a
// half-written file is never loaded and one link is one reload.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace hotcog::rt {

class OutputWatcher {
 public:
  OutputWatcher() = default;
  ~OutputWatcher();
  OutputWatcher(const OutputWatcher&) = delete;
  OutputWatcher& operator=(const OutputWatcher&) = delete;

  bool open(std::string* err);
  int fd() const { return fd_; }

  // Starts watching `output` for `cog` (idempotent). The image there now is
  // taken as already seen. Thread-safe: called when a cog is registered, so
  // a rebuild right after add_cog() is not missed.
  void watch(const std::string& cog, const std::string& output, std::string* err);

  // The image at `output` was just loaded by other means: not a change.
  void mark_seen(const std::string& output);

  // Drains pending events; returns the cogs whose output changed to a new
  // complete image, each once, in the order first seen.
  std::vector<std::string> read_changes();

 private:
  struct Identity {
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = -1;
    timespec mtime = {};
    bool operator==(const Identity& o) const;
  };
  struct Output {
    std::string cog;
    std::string path;
    Identity seen;
  };

  static Identity identify(const std::string& path);
  void consider(Output& out, std::vector<std::string>* changed);

  int fd_ = -1;
  std::mutex mu_;
  std::map<int, std::string> dir_of_wd_;
  std::map<std::string, int> wd_of_dir_;
  std::vector<Output> outputs_;
};

}  // namespace hotcog::rt
