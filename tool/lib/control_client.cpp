#include "lib/control_client.h"

#include "lib/tool_error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace hotcog::cli {

using Clock = std::chrono::steady_clock;

llvm::Expected<ControlConnection> ControlConnection::connect(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  // A path longer than sun_path allows is reached the way the runtime serves
  // it (docs/control-protocol.md): through /proc/self/fd/<dirfd>/<name>,
  // which the kernel resolves like the real path.
  int dir_fd = -1;
  std::string address = path;
  if (path.size() >= sizeof addr.sun_path) {
    const size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
    dir_fd = ::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) {
      if (errno == ENOENT)
        return tool_error(ErrorKind::NoHost, "no host is running ({} does not exist)", dir);
      return tool_error(ErrorKind::Io, "cannot open {}: {}", dir, errno_text(errno));
    }
    address = "/proc/self/fd/" + std::to_string(dir_fd) + "/" + path.substr(slash + 1);
    if (address.size() >= sizeof addr.sun_path) {
      ::close(dir_fd);
      return tool_error(ErrorKind::Config, "control socket name is too long for a Unix socket: {}",
                        path);
    }
  }
  std::memcpy(addr.sun_path, address.c_str(), address.size() + 1);

  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    const int err = errno;
    if (dir_fd >= 0) ::close(dir_fd);
    return tool_error(ErrorKind::Io, "socket() failed: {}", errno_text(err));
  }
  const int connected = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  const int connect_errno = errno;
  if (dir_fd >= 0) ::close(dir_fd);
  if (connected != 0) {
    int err = connect_errno;
    close(fd);
    if (err == ENOENT || err == ECONNREFUSED)
      return tool_error(ErrorKind::NoHost, "no host is running (nothing listens on {})", path);
    return tool_error(ErrorKind::Io, "cannot connect to {}: {}", path, errno_text(err));
  }
  // The host checks our uid; we check its: a socket another user put there
  // must not receive our reload requests (nor answer them).
  ucred cred = {};
  socklen_t cred_len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) != 0 || cred.uid != ::geteuid()) {
    close(fd);
    return tool_error(ErrorKind::Io, "refusing {}: it is served by uid {} (pid {}), not by uid {}",
                      path, cred.uid, cred.pid, ::geteuid());
  }
  return ControlConnection(fd, path);
}

ControlConnection::ControlConnection(ControlConnection&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), pending_(std::move(other.pending_)) {
  other.fd_ = -1;
}

ControlConnection::~ControlConnection() {
  if (fd_ >= 0) close(fd_);
}

llvm::Expected<std::string> ControlConnection::round_trip(const std::string& request,
                                                         std::chrono::milliseconds timeout,
                                                         int interrupt_fd) {
  std::string line = request + "\n";
  for (size_t sent = 0; sent < line.size();) {
    ssize_t n = send(fd_, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return tool_error(ErrorKind::Io, "sending to {} failed: {}", path_, errno_text(errno));
    }
    sent += static_cast<size_t>(n);
  }

  const Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    size_t newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string reply = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      return reply;
    }
    if (pending_.size() > kMaxReplyBytes)
      return tool_error(ErrorKind::Reload, "reply from {} exceeds {} bytes", path_,
                        kMaxReplyBytes);
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      return tool_error(ErrorKind::Timeout,
                        "the host did not reply within {:.1f}s (is it calling Host::poll()?)",
                        static_cast<double>(timeout.count()) / 1000.0);
    pollfd fds[2] = {{fd_, POLLIN, 0}, {interrupt_fd, POLLIN, 0}};
    int ready = poll(fds, interrupt_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return tool_error(ErrorKind::Io, "poll on {} failed: {}", path_, errno_text(errno));
    }
    if (ready == 0) continue;  // the deadline check above reports the timeout
    if (interrupt_fd >= 0 && (fds[1].revents & POLLIN))
      return tool_error(ErrorKind::Io, "interrupted while waiting for the host's reply");
    char buf[4096];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return tool_error(ErrorKind::Io, "reading from {} failed: {}", path_, errno_text(errno));
    }
    if (n == 0)
      return tool_error(ErrorKind::Reload, "the host closed the connection without a reply");
    pending_.append(buf, static_cast<size_t>(n));
  }
}

llvm::Expected<std::string> make_reload_request(const std::vector<std::string>& cogs,
                                                bool allow_patch) {
  if (cogs.empty()) return tool_error(ErrorKind::Usage, "reload needs at least one cog");
  if (cogs.size() > kMaxReloadCogs)
    return tool_error(ErrorKind::Usage, "at most {} cogs per reload request ({} given)",
                      kMaxReloadCogs, cogs.size());
  std::string request = std::string(kProtocolVersion) + " reload";
  if (!allow_patch) request += std::string(" ") + control::kNoPatchFlag;
  for (const std::string& cog : cogs) request += " " + cog;
  if (request.size() + 1 > kMaxRequestBytes)
    return tool_error(ErrorKind::Usage, "reload request exceeds {} bytes", kMaxRequestBytes);
  return request;
}

}  // namespace hotcog::cli
