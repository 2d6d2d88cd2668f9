// Client side of the control protocol (docs/control-protocol.md): one Unix
// stream socket at <build>/hotcog/control.sock, one request line, one JSON
// reply line.
//
// "Nobody listens" (no socket file, or a stale one: ENOENT/ECONNREFUSED) is
// kept apart from real failures as ErrorKind::NoHost, because `hotcog watch`
// treats it as a normal state (build ok, nothing to reload), not an error.
#pragma once

#include "hotcog/base/control_protocol.h"

#include <llvm/Support/Error.h>

#include <chrono>
#include <string>

namespace hotcog::cli {

class ControlConnection {
 public:
  static llvm::Expected<ControlConnection> connect(const std::string& socket_path);
  ControlConnection(ControlConnection&& other) noexcept;
  ControlConnection& operator=(ControlConnection&&) = delete;
  ~ControlConnection();

  // Sends `request` (without the newline) and waits up to `timeout` for one
  // reply line, returned without its newline. Timeout -> ErrorKind::Timeout.
  // If `interrupt_fd` (e.g. a stop-signal pipe) becomes readable, gives up at
  // once with ErrorKind::Io.
  llvm::Expected<std::string> round_trip(const std::string& request,
                                         std::chrono::milliseconds timeout,
                                         int interrupt_fd = -1);

 private:
  ControlConnection(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_ = -1;
  std::string path_;
  std::string pending_;  // bytes after the last reply line
};

using control::kMaxReloadCogs;
using control::kMaxReplyBytes;
using control::kMaxRequestBytes;
using control::kProtocolVersion;

// "hotcog/1 reload a b" ("hotcog/1 reload --no-patch a b" unless
// `allow_patch`); a Usage error if the line would exceed the limit or holds
// more than kMaxReloadCogs cogs.
llvm::Expected<std::string> make_reload_request(const std::vector<std::string>& cogs,
                                                bool allow_patch = true);

}  // namespace hotcog::cli
