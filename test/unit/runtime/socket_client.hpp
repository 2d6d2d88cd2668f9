// A minimal blocking client for the control socket, as `hotcog watch` uses it.
#pragma once

#include <string>

namespace runtime_test {

class SocketClient {
 public:
  explicit SocketClient(const std::string& path);
  ~SocketClient();
  bool connected() const { return fd_ >= 0; }
  int error() const { return error_; }
  void send(const std::string& bytes);
  // One reply line without its '\n'; "" on EOF or after timeout_ms.
  std::string read_line(int timeout_ms = 10000);
  // True if the peer closed the connection (EOF within timeout_ms).
  bool closed_by_peer(int timeout_ms = 2000);

 private:
  int fd_ = -1;
  int error_ = 0;
  std::string buffer_;
};

}  // namespace runtime_test
