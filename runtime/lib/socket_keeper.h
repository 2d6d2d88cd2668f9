// Keeps the control socket reachable when the build dir is deleted and
// re-created while the host runs (`rm -rf build && cmake ...`): the socket
// file went with the old directory, and `hotcog watch` would find no host.
//
// inotify watches the build dir's parent, the build dir and <build>/hotcog
// (whichever exist) for entries created or renamed into them. After such an
// event, the socket is to be served again when <build>/hotcog is another
// directory than the one it was served in and holds the cog manifest (CMake
// has configured the new build dir). Never in the directory it was served in,
// and never by creating directories: a `rm -rf build` still running must not
// find new files appearing in what it deletes.
#pragma once

#include <sys/types.h>

#include <string>

namespace hotcog::rt {

class SocketKeeper {
 public:
  SocketKeeper(std::string build_dir, std::string manifest_path);
  ~SocketKeeper();
  SocketKeeper(const SocketKeeper&) = delete;
  SocketKeeper& operator=(const SocketKeeper&) = delete;

  // Starts watching; the socket is taken as served in <build>/hotcog now.
  bool open(std::string* err);
  int fd() const { return fd_; }

  // Drains the events; true when the socket should be served again (above).
  bool should_serve_again();
  // The socket was just served again in <build>/hotcog.
  void served();

 private:
  void arm();

  std::string build_dir_, socket_dir_, manifest_path_;
  int fd_ = -1;
  dev_t served_dev_ = 0;
  ino_t served_ino_ = 0;
};

}  // namespace hotcog::rt
