#include "socket_keeper.h"

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hotcog::rt {
namespace {

// Directories appear by creation or rename; the manifest is written in place
// or renamed into <build>/hotcog.
constexpr uint32_t kEntryArrived = IN_CREATE | IN_MOVED_TO | IN_ONLYDIR;

std::string parent_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

SocketKeeper::SocketKeeper(std::string build_dir, std::string manifest_path)
    : build_dir_(std::move(build_dir)), socket_dir_(build_dir_ + "/hotcog"),
      manifest_path_(std::move(manifest_path)) {}

SocketKeeper::~SocketKeeper() {
  if (fd_ >= 0) ::close(fd_);
}

bool SocketKeeper::open(std::string* err) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    *err = std::string("inotify: ") + std::strerror(errno);
    return false;
  }
  served();
  return true;
}

// Adding a watch that exists is a no-op, and a deleted directory's watch goes
// away by itself, so re-arming after every event keeps exactly the watches
// of the directories that exist now.
void SocketKeeper::arm() {
  ::inotify_add_watch(fd_, parent_of(build_dir_).c_str(), kEntryArrived);
  ::inotify_add_watch(fd_, build_dir_.c_str(), kEntryArrived);
  ::inotify_add_watch(fd_, socket_dir_.c_str(), kEntryArrived | IN_CLOSE_WRITE);
}

void SocketKeeper::served() {
  struct stat st;
  if (::stat(socket_dir_.c_str(), &st) == 0) {
    served_dev_ = st.st_dev;
    served_ino_ = st.st_ino;
  }
  arm();
}

bool SocketKeeper::should_serve_again() {
  alignas(inotify_event) char buf[4096];
  bool any = false;
  while (::read(fd_, buf, sizeof buf) > 0) any = true;
  if (!any) return false;
  arm();  // the build dir or its hotcog dir may have just been created
  struct stat dir, manifest;
  if (::stat(socket_dir_.c_str(), &dir) != 0 || !S_ISDIR(dir.st_mode)) return false;
  if (dir.st_dev == served_dev_ && dir.st_ino == served_ino_) return false;
  return ::stat(manifest_path_.c_str(), &manifest) == 0;
}

}  // namespace hotcog::rt
