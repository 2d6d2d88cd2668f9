#include "lib/inotify_watcher.h"

#include "lib/tool_error.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <cerrno>
#include <sys/inotify.h>
#include <unistd.h>

namespace hotcog::cli {
namespace {

constexpr uint32_t kWatchMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

}  // namespace

llvm::Expected<InotifyWatcher> InotifyWatcher::create() {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0)
    return tool_error(ErrorKind::FileWatch, "inotify_init1 failed: {}", errno_text(errno));
  return InotifyWatcher(fd);
}

InotifyWatcher::InotifyWatcher(InotifyWatcher&& other) noexcept
    : fd_(other.fd_), dirs_(std::move(other.dirs_)), dir_to_wd_(std::move(other.dir_to_wd_)),
      wanted_(std::move(other.wanted_)), lost_(std::move(other.lost_)) {
  other.fd_ = -1;
}

InotifyWatcher::~InotifyWatcher() {
  if (fd_ >= 0) close(fd_);
}

int InotifyWatcher::add_watch(const std::string& dir) {
  if (auto it = dir_to_wd_.find(dir); it != dir_to_wd_.end()) return it->second;
  int wd = inotify_add_watch(fd_, dir.c_str(), kWatchMask);
  if (wd < 0) return -1;
  // The same inode under another name (a symlink, a move): the newest name wins.
  if (auto old = dirs_.find(wd); old != dirs_.end()) dir_to_wd_.erase(old->second);
  dirs_[wd] = dir;
  dir_to_wd_[dir] = wd;
  return wd;
}

void InotifyWatcher::forget(int wd) {
  auto dir = dirs_.find(wd);
  if (dir == dirs_.end()) return;
  if (wanted_.count(dir->second)) lost_.insert(dir->second);
  dir_to_wd_.erase(dir->second);
  dirs_.erase(dir);
}

void InotifyWatcher::revive(std::vector<FileEvent>* events) {
  for (auto it = lost_.begin(); it != lost_.end();) {
    const std::string dir = *it;
    if (llvm::sys::fs::is_directory(dir) && add_watch(dir) >= 0) {
      it = lost_.erase(it);
      std::error_code ec;
      for (llvm::sys::fs::directory_iterator file(dir, ec), end; file != end && !ec;
           file.increment(ec))
        if (file->type() == llvm::sys::fs::file_type::regular_file)
          events->push_back({file->path(), IN_CREATE});
      continue;
    }
    // Not there (yet): watch the nearest ancestor that is, to see it appear.
    for (llvm::StringRef up = llvm::sys::path::parent_path(dir); !up.empty();
         up = llvm::sys::path::parent_path(up))
      if (llvm::sys::fs::is_directory(up) && add_watch(up.str()) >= 0) break;
    ++it;
  }
}

llvm::Error InotifyWatcher::watch_directory(const std::string& dir) {
  if (wanted_.count(dir) && !lost_.count(dir)) return llvm::Error::success();
  int wd = add_watch(dir);
  if (wd < 0) {
    int err = errno;
    if (err == ENOSPC)
      return tool_error(ErrorKind::FileWatch,
                        "cannot watch {}: inotify watch limit reached "
                        "(raise fs.inotify.max_user_watches)",
                        dir);
    return tool_error(ErrorKind::FileWatch, "cannot watch {}: {}", dir, errno_text(err));
  }
  wanted_.insert(dir);
  lost_.erase(dir);
  return llvm::Error::success();
}

llvm::Expected<std::vector<FileEvent>> InotifyWatcher::read_events(bool* overflowed) {
  std::vector<FileEvent> events;
  bool dirs_appeared = false;
  alignas(inotify_event) char buffer[64 * 1024];
  for (;;) {
    ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        if (dirs_appeared && !lost_.empty()) revive(&events);
        return events;
      }
      return tool_error(ErrorKind::FileWatch, "reading inotify events failed: {}",
                        errno_text(errno));
    }
    for (char* p = buffer; p < buffer + n;) {
      auto* ev = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        *overflowed = true;
        continue;
      }
      auto dir = dirs_.find(ev->wd);
      if (dir == dirs_.end()) continue;
      if (ev->mask & (IN_IGNORED | IN_MOVE_SELF)) {  // the directory itself went away
        // Moved: the watch would follow the inode under its old name.
        if (ev->mask & IN_MOVE_SELF) inotify_rm_watch(fd_, ev->wd);
        forget(ev->wd);
        dirs_appeared = true;  // its ancestor gets watched, to see it come back
        continue;
      }
      if (ev->mask & IN_ISDIR) {
        dirs_appeared |= (ev->mask & (IN_CREATE | IN_MOVED_TO)) != 0;
        continue;
      }
      if (ev->len == 0 || !wanted_.count(dir->second)) continue;  // an ancestor's files
      events.push_back({dir->second + "/" + ev->name, ev->mask});
    }
  }
}

bool completes_write(uint32_t mask) { return (mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) != 0; }

std::string describe_inotify_mask(uint32_t mask) {
  static const std::pair<uint32_t, const char*> kNames[] = {
      {IN_CLOSE_WRITE, "CLOSE_WRITE"}, {IN_MOVED_TO, "MOVED_TO"},
      {IN_MOVED_FROM, "MOVED_FROM"},   {IN_CREATE, "CREATE"},
      {IN_DELETE, "DELETE"},           {IN_Q_OVERFLOW, "Q_OVERFLOW"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if (!(mask & bit)) continue;
    if (!out.empty()) out += '|';
    out += name;
  }
  return out;
}

}  // namespace hotcog::cli
