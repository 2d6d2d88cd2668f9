#include "control_server.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace hotcog::rt {
namespace {

// sun_path holds 108 bytes; deeper build dirs are reached through
// /proc/self/fd/<dirfd>/, which the kernel resolves like the real path.
bool make_address(const std::string& dir, int dir_fd, const std::string& name, sockaddr_un* addr,
                  std::string* err) {
  std::memset(addr, 0, sizeof *addr);
  addr->sun_family = AF_UNIX;
  std::string full = dir + "/" + name;
  if (full.size() >= sizeof addr->sun_path)
    full = "/proc/self/fd/" + std::to_string(dir_fd) + "/" + name;
  if (full.size() >= sizeof addr->sun_path) {
    *err = "socket name too long: " + name;
    return false;
  }
  std::memcpy(addr->sun_path, full.c_str(), full.size() + 1);
  return true;
}

// True if a live server accepts connections at addr.
bool someone_listens(const sockaddr_un& addr) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool live = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return live;
}

// The socket's directory must be ours and writable by nobody else: whoever
// may write it may replace control.sock with their own socket.
bool make_private(int dir_fd, const std::string& dir, std::string* err, std::string* note) {
  struct stat st;
  if (::fstat(dir_fd, &st) != 0) {
    *err = "cannot stat " + dir + ": " + std::strerror(errno);
    return false;
  }
  if (st.st_uid != ::geteuid()) {
    *err = dir + " belongs to uid " + std::to_string(st.st_uid) + ", not to the host's uid " +
           std::to_string(::geteuid()) + "; another user could replace the socket";
    return false;
  }
  if ((st.st_mode & 022) == 0) return true;
  if (::fchmod(dir_fd, st.st_mode & 07755) != 0) {
    *err = dir + " is writable by group or others and cannot be made private: " +
           std::strerror(errno);
    return false;
  }
  char modes[32];
  std::snprintf(modes, sizeof modes, "%04o -> %04o", static_cast<unsigned>(st.st_mode & 07777),
                static_cast<unsigned>(st.st_mode & 07755));
  *note = "took group/other write permission away from " + dir + " (" + modes +
          "): whoever may write it could replace the socket";
  return true;
}

}  // namespace

ControlServer::~ControlServer() { close(); }

void ControlServer::log(const std::string& line) const {
  if (callbacks_.log) callbacks_.log("control socket: " + line);
}

void ControlServer::note_refusal(Client& c, const RequestError& err) {
  if (c.logged_refusals > kLoggedRefusals) return;
  if (c.logged_refusals++ == kLoggedRefusals) {
    log("more requests of pid " + std::to_string(c.pid) +
        " were refused; not logging them any more on this connection");
    return;
  }
  log("refused a request of pid " + std::to_string(c.pid) + ": " + err.code + ": " + err.message);
}

bool ControlServer::admit(Client& c) {
  switch (c.throttle.take(monotonic_ns())) {
    case RequestThrottle::Allow: return true;
    case RequestThrottle::Refuse:
      if (c.throttle.refusal_starts_flood())
        log("pid " + std::to_string(c.pid) + " sends more than " +
            std::to_string(RequestThrottle::kPerSecond) +
            " requests per second; refusing them until it slows down");
      c.out += reply_error({"rate_limited", "more than " +
                                                std::to_string(RequestThrottle::kPerSecond) +
                                                " requests per second; request dropped"});
      return false;
    case RequestThrottle::Disconnect:
      log("disconnected pid " + std::to_string(c.pid) +
          ": it kept sending over the rate limit (" +
          std::to_string(RequestThrottle::kDisconnectAfter) + " requests refused)");
      c.closed = true;
      return false;
  }
  return false;
}

bool ControlServer::open(const std::string& dir, const std::string& name, std::string* err) {
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) {
    *err = "cannot open " + dir + ": " + std::strerror(errno);
    return false;
  }
  std::string note;
  if (!make_private(dir_fd, dir, err, &note)) {
    ::close(dir_fd);
    return false;
  }
  if (!note.empty()) log(note);
  const std::string tmp_name = name + "." + std::to_string(::getpid()) + ".tmp";
  sockaddr_un final_addr, tmp_addr;
  bool ok = make_address(dir, dir_fd, name, &final_addr, err) &&
            make_address(dir, dir_fd, tmp_name, &tmp_addr, err);
  if (ok && someone_listens(final_addr)) {
    *err = "another process already serves " + dir + "/" + name;
    ok = false;
  }
  int fd = -1;
  if (ok) {
    fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    ::unlinkat(dir_fd, tmp_name.c_str(), 0);
    ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&tmp_addr), sizeof tmp_addr) == 0 &&
         ::fchmodat(dir_fd, tmp_name.c_str(), 0600, 0) == 0 && ::listen(fd, 16) == 0 &&
         ::renameat(dir_fd, tmp_name.c_str(), dir_fd, name.c_str()) == 0;
    if (!ok) {
      *err = "cannot serve " + dir + "/" + name + ": " + std::strerror(errno);
      ::unlinkat(dir_fd, tmp_name.c_str(), 0);
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
  }
  struct stat st;
  if (ok && ::fstatat(dir_fd, name.c_str(), &st, 0) == 0) inode_ = st.st_ino;
  ::close(dir_fd);
  if (!ok) return false;
  listen_fd_ = fd;
  path_ = dir + "/" + name;
  return true;
}

void ControlServer::close() {
  for (Client& c : clients_) ::close(c.fd);
  clients_.clear();
  if (listen_fd_ < 0) return;
  ::close(listen_fd_);
  listen_fd_ = -1;
  // Remove the socket file only if it is still ours (another host may have
  // replaced it meanwhile).
  struct stat st;
  if (::stat(path_.c_str(), &st) == 0 && st.st_ino == inode_) ::unlink(path_.c_str());
}

void ControlServer::add_pollfds(std::vector<pollfd>* fds) const {
  if (listen_fd_ < 0) return;
  fds->push_back({listen_fd_, POLLIN, 0});
  for (const Client& c : clients_) {
    // A peer that hung up while its reload runs is not polled: POLLHUP would
    // be reported on every iteration.
    if (c.eof && c.out.empty()) continue;
    short events = c.waiting || c.eof || c.out.size() >= kMaxPendingReplyBytes ? 0 : POLLIN;
    if (!c.out.empty()) events |= POLLOUT;
    fds->push_back({c.fd, events, 0});
  }
}

void ControlServer::handle_events(const pollfd* fds, size_t count) {
  if (listen_fd_ < 0) return;
  for (size_t i = 0; i < count; ++i) {
    const pollfd& p = fds[i];
    if (p.revents == 0) continue;
    if (p.fd == listen_fd_) {
      accept_clients();
      continue;
    }
    for (Client& c : clients_) {
      if (c.fd != p.fd || c.closed) continue;
      if (p.revents & POLLOUT) {
        write_out(c);
        process_lines(c);  // requests held back while its replies piled up
      }
      if (!c.eof && (p.revents & (POLLIN | POLLHUP | POLLERR))) read_from(c);
    }
  }
  drop_closed();
}

void ControlServer::drop_closed() {
  for (Client& c : clients_)
    if (c.closed) ::close(c.fd);
  clients_.erase(std::remove_if(clients_.begin(), clients_.end(),
                                [](const Client& c) { return c.closed; }),
                 clients_.end());
}

void ControlServer::finish_if_done(Client& c) {
  if (c.eof && !c.waiting && c.out.empty()) c.closed = true;
}

void ControlServer::reject(int fd, const RequestError& err) {
  const std::string line = reply_error(err);
  // Best effort: a fresh socket buffer always has room for one short line.
  (void)!::send(fd, line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::close(fd);
}

void ControlServer::accept_clients() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) return;  // EAGAIN, or a transient error: try again next time
    ucred cred = {};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != ::geteuid()) {
      const RequestError denied{"permission", "peer uid " + std::to_string(cred.uid) +
                                                  " is not the host's uid " +
                                                  std::to_string(::geteuid())};
      log("refused pid " + std::to_string(cred.pid) + ": " + denied.message);
      reject(fd, denied);
      continue;
    }
    if (clients_.size() >= kMaxClients) {
      const RequestError busy{"busy", "too many control connections"};
      log("turned away pid " + std::to_string(cred.pid) + ": " + busy.message + " (" +
          std::to_string(kMaxClients) + ")");
      reject(fd, busy);
      continue;
    }
    Client c;
    c.pid = cred.pid;
    c.id = next_client_++;
    c.fd = fd;
    clients_.push_back(std::move(c));
  }
}

void ControlServer::read_from(Client& c) {
  char buf[8192];
  for (;;) {
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) {
      c.in.append(buf, static_cast<size_t>(n));
      process_lines(c);
      if (c.closed) return;
      // Requests queued behind a running reload are kept, within reason.
      if (c.in.size() > 16 * kMaxRequestBytes) {
        log("disconnected pid " + std::to_string(c.pid) + ": more than " +
            std::to_string(16 * kMaxRequestBytes) + " bytes of requests waiting");
        c.closed = true;
        return;
      }
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0 && errno == EINTR) continue;
    // EOF (or error): answer what was asked, then close. A reload in flight
    // still completes; its reply goes out if the peer still reads.
    c.eof = true;
    finish_if_done(c);
    return;
  }
}

void ControlServer::process_lines(Client& c) {
  while (!c.waiting && !c.closed && c.out.size() < kMaxPendingReplyBytes) {
    const size_t nl = c.in.find('\n');
    if (c.discarding) {
      if (nl == std::string::npos) {
        c.in.clear();
        return;
      }
      c.in.erase(0, nl + 1);
      c.discarding = false;
      continue;
    }
    if (nl == std::string::npos) {
      if (c.in.size() < kMaxRequestBytes) return;  // wait for the rest
      const RequestError too_long{"too_long", "request longer than " +
                                                  std::to_string(kMaxRequestBytes) + " bytes"};
      note_refusal(c, too_long);
      c.out += reply_error(too_long);
      c.in.clear();
      c.discarding = true;
      write_out(c);
      continue;
    }
    const std::string line = c.in.substr(0, nl);
    c.in.erase(0, nl + 1);
    if (!admit(c)) {
      if (c.closed) return;
      write_out(c);
      continue;
    }
    ControlRequest req;
    RequestError err;
    if (!parse_control_request(line, &req, &err)) {
      note_refusal(c, err);
      c.out += reply_error(err);
    } else if (req.verb == ControlRequest::Reload) {
      if (callbacks_.start_reload(c.id, req, &err)) {
        c.waiting = true;
      } else {
        note_refusal(c, err);
        c.out += reply_error(err);
      }
    } else {
      c.out += callbacks_.answer_now(req);
    }
    write_out(c);
  }
}

void ControlServer::write_out(Client& c) {
  while (!c.out.empty()) {
    const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c.out.erase(0, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // POLLOUT later
    c.closed = true;
    return;
  }
  finish_if_done(c);
}

void ControlServer::send_reply(uint64_t client, const std::string& line) {
  for (Client& c : clients_) {
    if (c.id != client || c.closed) continue;
    c.out += line;
    c.waiting = false;
    write_out(c);
    process_lines(c);  // requests that arrived while the reload ran
    finish_if_done(c);
  }
  drop_closed();
}

}  // namespace hotcog::rt
