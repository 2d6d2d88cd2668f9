// The control socket: a Unix stream socket at <build>/hotcog/control.sock that
// `hotcog watch` talks to (protocol in control_protocol.h). It is served from
// the runtime's background thread: this class owns the listening socket and
// the client connections, and is driven by that thread's poll(2) loop.
//
// Security: the socket lives in a directory that must belong to the host's
// user; if group or others may write it (umask 002), open() takes their write
// permission away, so nobody else can replace the socket file. The socket is
// bound under a temporary name, chmod'ed to 0600 and only then renamed into
// place, so it is never reachable with wider permissions; every accepted
// peer's uid is checked with SO_PEERCRED and must equal the host's effective
// uid. Nothing listens on a network address. Requests are bounded in size
// (kMaxRequestBytes, 16 of them buffered) and rate (request_throttle.h); a
// request names cogs only by their manifest name (no paths: the runtime
// opens only the image path the manifest gives), and every refused request
// is logged with the peer's pid (at most kLoggedRefusals lines per
// connection, so a flood cannot flood the log either).
//
// A socket file left behind by a dead host is replaced; a live one (a connect
// succeeds) is left alone and this host serves no socket.
#pragma once

#include <poll.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "control_protocol.h"
#include "request_throttle.h"

namespace hotcog::rt {

class ControlServer {
 public:
  struct Callbacks {
    // ping/list/status: the complete reply line.
    std::function<std::string(const ControlRequest&)> answer_now;
    // reload: queue it and return true (the reply comes later through
    // send_reply), or fill *err and return false (nothing queued).
    std::function<bool(uint64_t client, const ControlRequest&, RequestError* err)> start_reload;
    // Refused requests and connections, as "control socket: ..." lines.
    std::function<void(const std::string&)> log;
  };

  explicit ControlServer(Callbacks callbacks) : callbacks_(std::move(callbacks)) {}
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Binds and listens at dir/name; on failure *err says why.
  bool open(const std::string& dir, const std::string& name, std::string* err);
  void close();
  bool is_open() const { return listen_fd_ >= 0; }
  const std::string& path() const { return path_; }

  // poll(2) integration: append our descriptors, then handle their events.
  void add_pollfds(std::vector<pollfd>* fds) const;
  void handle_events(const pollfd* fds, size_t count);

  // The deferred reply to a reload; the client reads its next request after it.
  void send_reply(uint64_t client, const std::string& line);

  static constexpr size_t kMaxClients = 32;
  static constexpr unsigned kLoggedRefusals = 8;
  // Replies a client has not read yet: past this, its requests wait (and
  // the kernel's buffer pushes back on it) until it reads.
  static constexpr size_t kMaxPendingReplyBytes = 64 * 1024;

 private:
  struct Client {
    uint64_t id = 0;
    int fd = -1;
    std::string in;
    std::string out;
    bool discarding = false;  // dropping the rest of an oversized line
    bool waiting = false;     // a reload is in flight; hold further requests
    bool eof = false;         // peer finished sending; close once answered
    bool closed = false;
    long pid = 0;             // the peer's, from SO_PEERCRED
    RequestThrottle throttle;
    unsigned logged_refusals = 0;
  };

  void accept_clients();
  void read_from(Client& c);
  void process_lines(Client& c);
  void write_out(Client& c);
  void reject(int fd, const RequestError& err);
  void log(const std::string& line) const;
  // Logs why a request of `c` was refused (bounded per connection).
  void note_refusal(Client& c, const RequestError& err);
  // The next complete request of `c` may go ahead (rate); else it is
  // answered or the connection closed here.
  bool admit(Client& c);
  void finish_if_done(Client& c);
  void drop_closed();

  Callbacks callbacks_;
  int listen_fd_ = -1;
  std::string path_;
  unsigned long inode_ = 0;
  uint64_t next_client_ = 1;
  std::vector<Client> clients_;
};

}  // namespace hotcog::rt
