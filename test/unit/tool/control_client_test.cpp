// The control client against a real Unix socket served by a thread.
#include "lib/control_client.h"
#include "lib/tool_error.h"

#include <gtest/gtest.h>

#include <string>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <vector>
#include <unistd.h>

namespace hotcog::cli {
namespace {

class SocketDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/hotcog-sock-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    path_ = dir_ + "/control.sock";
  }
  void TearDown() override {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  int listen_socket() {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path_.c_str());
    EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(listen(fd, 1), 0);
    return fd;
  }
  std::string dir_, path_;
};

// Accepts one client on `server`, reads its request into *received and
// answers with `reply_parts` written one after the other.
std::thread serve_once(int server, std::vector<std::string> reply_parts, std::string* received) {
  return std::thread([server, reply_parts = std::move(reply_parts), received] {
    int client = accept(server, nullptr, nullptr);
    char buf[256];
    ssize_t n = read(client, buf, sizeof buf);
    received->assign(buf, n > 0 ? static_cast<size_t>(n) : 0);
    for (const std::string& part : reply_parts) (void)!write(client, part.data(), part.size());
    close(client);
  });
}

ErrorKind kind_of(llvm::Error err) {
  ErrorKind kind = ErrorKind::Io;
  llvm::handleAllErrors(std::move(err), [&](const ToolError& e) { kind = e.kind(); });
  return kind;
}

// A ping through the client to `server` (which answers with `pieces` and
// is closed here): one request line out, the joined reply line back.
void expect_ping_answered(const std::string& path, int server, std::vector<std::string> pieces) {
  std::string received;
  std::thread host = serve_once(server, std::move(pieces), &received);
  auto connection = ControlConnection::connect(path);
  if (!connection) {
    close(server);  // the server thread's accept() returns
    host.join();
    FAIL() << llvm::toString(connection.takeError());
  }
  auto reply = connection->round_trip("hotcog/1 ping", std::chrono::milliseconds(5000));
  host.join();
  close(server);
  ASSERT_TRUE(static_cast<bool>(reply)) << llvm::toString(reply.takeError());
  EXPECT_EQ(*reply, R"({"ok":true,"pong":true})");
  EXPECT_EQ(received, "hotcog/1 ping\n");
}

TEST_F(SocketDir, MissingSocketMeansNoHost) {
  auto connection = ControlConnection::connect(path_);
  ASSERT_FALSE(static_cast<bool>(connection));
  EXPECT_EQ(kind_of(connection.takeError()), ErrorKind::NoHost);
}

TEST_F(SocketDir, StaleSocketFileMeansNoHost) {
  close(listen_socket());  // the file stays, nobody listens: ECONNREFUSED
  auto connection = ControlConnection::connect(path_);
  ASSERT_FALSE(static_cast<bool>(connection));
  EXPECT_EQ(kind_of(connection.takeError()), ErrorKind::NoHost);
}

TEST_F(SocketDir, SendsOneLineAndReadsOneReplyLine) {
  int server = listen_socket();
  // The reply arrives in two pieces; the client must join them.
  expect_ping_answered(path_, server, {R"({"ok":true,)", "\"pong\":true}\n"});
}

// A socket someone else serves (another uid put it there): the client does
// not send them our requests. SO_PEERCRED reports who called listen(), so
// the server listens while this process runs as uid 65534.
TEST_F(SocketDir, SocketServedByAnotherUserIsRefused) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to listen as another user";
  ASSERT_EQ(chmod(dir_.c_str(), 0777), 0);
  ASSERT_EQ(seteuid(65534), 0);
  int server = listen_socket();
  ASSERT_EQ(seteuid(0), 0);
  auto connection = ControlConnection::connect(path_);
  close(server);
  ASSERT_FALSE(static_cast<bool>(connection));
  const std::string message = llvm::toString(connection.takeError());
  EXPECT_NE(message.find("refusing " + path_ + ": it is served by uid 65534"), std::string::npos)
      << message;
  EXPECT_NE(message.find("not by uid 0"), std::string::npos) << message;
}

// A build dir deeper than a Unix socket address allows (108 bytes): the
// host serves <dir>/control.sock through /proc/self/fd, and so must we.
TEST(LongSocketPath, ReachedThroughTheDirectory) {
  char base_template[] = "/tmp/hotcog-long-XXXXXX";
  ASSERT_NE(mkdtemp(base_template), nullptr);
  std::string dir = base_template;
  std::vector<std::string> made;
  while (dir.size() < 140) {
    dir += "/a-rather-long-directory-name";
    ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
    made.push_back(dir);
  }
  const std::string path = dir + "/control.sock";
  ASSERT_GT(path.size(), sizeof(sockaddr_un{}.sun_path));
  // Served the way the runtime does it.
  int dir_fd = open(dir.c_str(), O_PATH | O_DIRECTORY);
  ASSERT_GE(dir_fd, 0);
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/control.sock", dir_fd);
  ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(server, 1), 0);
  close(dir_fd);
  expect_ping_answered(path, server, {"{\"ok\":true,\"pong\":true}\n"});
  unlink(path.c_str());
  for (auto it = made.rbegin(); it != made.rend(); ++it) rmdir(it->c_str());
  rmdir(base_template);
}

TEST_F(SocketDir, SilentHostIsATimeout) {
  int server = listen_socket();  // the kernel accepts the connection; nobody answers
  auto connection = ControlConnection::connect(path_);
  ASSERT_TRUE(static_cast<bool>(connection)) << llvm::toString(connection.takeError());
  auto reply = connection->round_trip("hotcog/1 ping", std::chrono::milliseconds(50));
  ASSERT_FALSE(static_cast<bool>(reply));
  EXPECT_EQ(kind_of(reply.takeError()), ErrorKind::Timeout);
  close(server);
}

TEST(ReloadRequest, FormatAndLimits) {
  auto request = make_reload_request({"greeter", "echo"});
  ASSERT_TRUE(static_cast<bool>(request));
  EXPECT_EQ(*request, "hotcog/1 reload greeter echo");
  EXPECT_EQ(kind_of(make_reload_request({}).takeError()), ErrorKind::Usage);
  std::vector<std::string> many(65, "c");
  EXPECT_EQ(kind_of(make_reload_request(many).takeError()), ErrorKind::Usage);
}

}  // namespace
}  // namespace hotcog::cli
