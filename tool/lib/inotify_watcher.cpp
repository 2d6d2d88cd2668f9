#include "lib/inotify_watcher.h"

#include "lib/tool_error.h"

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
    : fd_(other.fd_), dirs_(std::move(other.dirs_)), dir_to_wd_(std::move(other.dir_to_wd_)) {
  other.fd_ = -1;
}

InotifyWatcher::~InotifyWatcher() {
  if (fd_ >= 0) close(fd_);
}

llvm::Error InotifyWatcher::watch_directory(const std::string& dir) {
  if (dir_to_wd_.count(dir)) return llvm::Error::success();
  int wd = inotify_add_watch(fd_, dir.c_str(), kWatchMask);
  if (wd < 0) {
    int err = errno;
    if (err == ENOSPC)
      return tool_error(ErrorKind::FileWatch,
                        "cannot watch {}: inotify watch limit reached "
                        "(raise fs.inotify.max_user_watches)",
                        dir);
    return tool_error(ErrorKind::FileWatch, "cannot watch {}: {}", dir, errno_text(err));
  }
  dirs_[wd] = dir;
  dir_to_wd_[dir] = wd;
  return llvm::Error::success();
}

llvm::Expected<std::vector<FileEvent>> InotifyWatcher::read_events(bool* overflowed) {
  std::vector<FileEvent> events;
  alignas(inotify_event) char buffer[64 * 1024];
  for (;;) {
    ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return events;
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
      if (ev->mask & IN_IGNORED) {  // the directory itself went away
        dir_to_wd_.erase(dir->second);
        dirs_.erase(dir);
        continue;
      }
      if (ev->len == 0 || (ev->mask & IN_ISDIR)) continue;
      events.push_back({dir->second + "/" + ev->name, ev->mask});
    }
  }
}

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
