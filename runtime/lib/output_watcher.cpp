#include "output_watcher.h"

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "elf_probe.h"

namespace hotcog::rt {

bool OutputWatcher::Identity::operator==(const Identity& o) const {
  return dev == o.dev && ino == o.ino && size == o.size && mtime.tv_sec == o.mtime.tv_sec &&
         mtime.tv_nsec == o.mtime.tv_nsec;
}

OutputWatcher::~OutputWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

bool OutputWatcher::open(std::string* err) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) *err = std::string("inotify_init1: ") + std::strerror(errno);
  return fd_ >= 0;
}

OutputWatcher::Identity OutputWatcher::identify(const std::string& path) {
  Identity id;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    id.size = st.st_size;
    id.mtime = st.st_mtim;
  }
  return id;
}

void OutputWatcher::watch(const std::string& cog, const std::string& output, std::string* err) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const Output& o : outputs_)
    if (o.cog == cog && o.path == output) return;
  const size_t slash = output.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : output.substr(0, slash ? slash : 1);
  if (!wd_of_dir_.count(dir)) {
    const int wd = ::inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO);
    if (wd < 0) {
      *err = "cannot watch " + dir + ": " + std::strerror(errno);
      return;
    }
    wd_of_dir_[dir] = wd;
    dir_of_wd_[wd] = dir;
  }
  outputs_.push_back({cog, output, identify(output)});
}

void OutputWatcher::mark_seen(const std::string& output) {
  std::lock_guard<std::mutex> lock(mu_);
  for (Output& o : outputs_)
    if (o.path == output) o.seen = identify(output);
}

void OutputWatcher::consider(Output& out, std::vector<std::string>* changed) {
  const Identity now = identify(out.path);
  if (now.size < 0 || now == out.seen) return;
  // Written and closed, yet incomplete: another writer still has it open, or
  // the link failed half-way. Wait for the next event.
  if (probe_elf_file(out.path).result == ElfProbe::Truncated) return;
  out.seen = now;
  if (std::find(changed->begin(), changed->end(), out.cog) == changed->end())
    changed->push_back(out.cog);
}

std::vector<std::string> OutputWatcher::read_changes() {
  std::vector<std::string> changed;
  alignas(inotify_event) char buf[16 * 1024];
  bool overflow = false;
  std::lock_guard<std::mutex> lock(mu_);
  for (;;) {
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      if (ev->mask & IN_Q_OVERFLOW) {
        overflow = true;
        continue;
      }
      auto dir = dir_of_wd_.find(ev->wd);
      if (dir == dir_of_wd_.end() || ev->len == 0) continue;
      const std::string path = dir->second + "/" + ev->name;
      for (Output& o : outputs_)
        if (o.path == path) consider(o, &changed);
    }
  }
  // Events were lost: compare every output with what we saw last.
  if (overflow)
    for (Output& o : outputs_) consider(o, &changed);
  return changed;
}

}  // namespace hotcog::rt
