// The control socket end to end: a real Unix socket, a real Host, real cogs.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "control_server.h"
#include "host_fixture.hpp"
#include "socket_client.hpp"

namespace runtime_test {
namespace {

class ControlSocket : public HostFixture {
 protected:
  void SetUp() override {
    HostFixture::SetUp();
    host = make_host(/*control_socket=*/true);
    socket_path = dir.path() + "/hotcog/control.sock";
  }

  // True if poll() has nothing to apply, even after waiting on wait_fd.
  bool nothing_pending(int wait_ms = 200) {
    pollfd p{host->wait_fd(), POLLIN, 0};
    ::poll(&p, 1, wait_ms);
    return host->poll().empty();
  }

  std::string socket_path;
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(ControlSocket, IsPrivateToTheUser) {
  struct stat st;
  ASSERT_EQ(::stat(socket_path.c_str(), &st), 0) << log.all();
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_uid, ::geteuid());
}

TEST_F(ControlSocket, PingListAndStatus) {
  SocketClient c(socket_path);
  ASSERT_TRUE(c.connected());
  c.send("hotcog/1 ping\n");
  EXPECT_EQ(c.read_line(), "{\"ok\":true,\"pong\":true,\"pid\":" + std::to_string(::getpid()) + "}");
  c.send("hotcog/1 list\n");
  std::string list = c.read_line();
  EXPECT_TRUE(has(list, "{\"name\":\"answer\",\"loaded\":false,\"version\":0")) << list;
  ASSERT_TRUE(host->load("answer").ok());
  c.send("hotcog/1 list\nhotcog/1 status\n");
  list = c.read_line();
  EXPECT_TRUE(has(list, "{\"name\":\"answer\",\"loaded\":true,\"version\":1")) << list;
  const std::string status = c.read_line();
  EXPECT_TRUE(has(status, "\"build_dir\":\"" + dir.path() + "\"")) << status;
  EXPECT_TRUE(has(status, "\"pending\":0")) << status;
}

TEST_F(ControlSocket, ReloadIsAnsweredAfterPollAppliedIt) {
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  SocketClient c(socket_path);
  c.send("hotcog/1 reload answer\n");
  // No reply before the safe point ran.
  EXPECT_EQ(c.read_line(300), "");
  EXPECT_EQ(registry.ask("answer"), "v1");
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].status.ok()) << results[0].status.message;
  const std::string reply = c.read_line();
  EXPECT_TRUE(has(reply, "{\"ok\":true,\"results\":[{\"cog\":\"answer\",\"ok\":true,"
                         "\"kind\":\"none\",\"action\":\"reloaded\","))
      << reply;
  // A test cog has no layout manifest: a full reload, and the reply says why.
  EXPECT_TRUE(has(reply, "\"reason\":\"no layout data (")) << reply;
  EXPECT_TRUE(has(reply, "\"version\":2,")) << reply;
  EXPECT_EQ(registry.ask("answer"), "v2");
}

TEST_F(ControlSocket, AllCogsOfOneRequestApplyInOnePoll) {
  ASSERT_TRUE(host->add_cog("registers", TEST_COG_REGISTERS).ok());
  SocketClient c(socket_path);
  c.send("hotcog/1 reload answer registers\n");
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].cog, "answer");
  EXPECT_EQ(results[1].cog, "registers");
  const std::string reply = c.read_line();
  EXPECT_TRUE(has(reply, "\"cog\":\"answer\",\"ok\":true")) << reply;
  EXPECT_TRUE(has(reply, "\"cog\":\"registers\",\"ok\":true")) << reply;
  EXPECT_EQ(registry.names().size(), 5u);
}

TEST_F(ControlSocket, FailedReloadIsReportedWithKindAndMessage) {
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_THROWS, image);
  SocketClient c(socket_path);
  c.send("hotcog/1 reload answer\n");
  poll_until_applied(*host);
  const std::string reply = c.read_line();
  EXPECT_TRUE(has(reply, "\"ok\":false,\"kind\":\"setup_failed\",\"action\":\"failed\",\"version\":1,")) << reply;
  EXPECT_TRUE(has(reply, "boom in setup")) << reply;
  EXPECT_EQ(registry.ask("answer"), "v1");
}

TEST_F(ControlSocket, GarbageGetsErrorRepliesAndChangesNothing) {
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  SocketClient c(socket_path);
  const std::pair<std::string, std::string> cases[] = {
      {"\n", "bad_request"},
      {"hello\n", "bad_request"},
      {"hotcog/9 reload answer\n", "unsupported_version"},
      {"hotcog/1 frobnicate\n", "unknown_verb"},
      {"hotcog/1 reload\n", "bad_request"},
      {"hotcog/1 reload nope\n", "unknown_cog"},
      {"hotcog/1 reload answer nope\n", "unknown_cog"},
      {std::string("hotcog/1 reload ans\0wer\n", 24), "bad_request"},
      {"hotcog/1 reload \xff\xfe\n", "bad_request"},
  };
  for (const auto& [request, code] : cases) {
    c.send(request);
    const std::string reply = c.read_line();
    EXPECT_TRUE(has(reply, "{\"ok\":false,\"error\":\"" + code + "\"")) << reply;
  }
  EXPECT_TRUE(nothing_pending());
  EXPECT_EQ(registry.ask("answer"), "v1");
  EXPECT_EQ(info("answer")->version, 1u);
  // The connection still works after all that.
  c.send("hotcog/1 ping\n");
  EXPECT_TRUE(has(c.read_line(), "\"pong\":true"));
}

TEST_F(ControlSocket, OversizedMessagesGetTooLongAndAreSkipped) {
  ASSERT_TRUE(host->load("answer").ok());
  SocketClient c(socket_path);
  // A line without '\n' that passes the limit: answered as soon as the limit
  // is reached, and the rest of it is skipped up to its '\n'.
  c.send("hotcog/1 reload answer " + std::string(6000, 'a'));
  EXPECT_TRUE(has(c.read_line(), "\"error\":\"too_long\""));
  c.send(std::string(100000, 'b') + "\nhotcog/1 ping\n");
  EXPECT_TRUE(has(c.read_line(), "\"pong\":true"));
  // Exactly at the limit (4096 bytes with the '\n') is fine; one more is not.
  c.send("hotcog/1 ping" + std::string(4096 - 14, ' ') + "\n");
  EXPECT_TRUE(has(c.read_line(), "\"pong\":true"));
  c.send("hotcog/1 ping" + std::string(4097 - 14, ' ') + "\n");
  EXPECT_TRUE(has(c.read_line(), "\"error\":\"too_long\""));
  EXPECT_TRUE(nothing_pending());
  EXPECT_EQ(info("answer")->version, 1u);
}

TEST_F(ControlSocket, ClientHangingUpMidReloadHarmsNothing) {
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  {
    SocketClient c(socket_path);
    c.send("hotcog/1 reload answer\n");
  }
  ASSERT_EQ(poll_until_applied(*host).size(), 1u);
  EXPECT_EQ(registry.ask("answer"), "v2");
  SocketClient again(socket_path);
  again.send("hotcog/1 ping\n");
  EXPECT_TRUE(has(again.read_line(), "\"pong\":true"));
}

TEST_F(ControlSocket, HalfClosedClientStillGetsItsReply) {
  SocketClient c(socket_path);
  c.send("hotcog/1 reload answer\n");
  // like `printf ... | socat - UNIX-CONNECT:...`
  // (shutdown is not exposed by SocketClient; emulate with a raw socket)
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket_path.c_str());
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string req = "hotcog/1 ping\n";
  ASSERT_EQ(::write(fd, req.data(), req.size()), static_cast<ssize_t>(req.size()));
  ::shutdown(fd, SHUT_WR);
  char buf[256] = {};
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_GT(::read(fd, buf, sizeof buf - 1), 0);
  EXPECT_TRUE(has(buf, "\"pong\":true")) << buf;
  ::close(fd);
  poll_until_applied(*host);
  EXPECT_TRUE(has(c.read_line(), "\"ok\":true"));
}

TEST_F(ControlSocket, TooManyConnectionsAreTurnedAwayAsBusy) {
  std::vector<std::unique_ptr<SocketClient>> clients;
  for (size_t i = 0; i < hotcog::rt::ControlServer::kMaxClients; ++i) {
    clients.push_back(std::make_unique<SocketClient>(socket_path));
    clients.back()->send("hotcog/1 ping\n");
    ASSERT_TRUE(has(clients.back()->read_line(), "\"pong\":true")) << i;
  }
  SocketClient extra(socket_path);
  EXPECT_TRUE(has(extra.read_line(), "{\"ok\":false,\"error\":\"busy\""));
  EXPECT_TRUE(extra.closed_by_peer());
  clients.pop_back();
  // A slot is free again once a client left.
  for (int attempt = 0; attempt < 100; ++attempt) {
    SocketClient again(socket_path);
    again.send("hotcog/1 ping\n");
    if (has(again.read_line(), "\"pong\":true")) return;
    ::usleep(10000);
  }
  ADD_FAILURE() << "no connection accepted after a client left";
}

TEST_F(ControlSocket, HostGoingAwayClosesWaitingClients) {
  SocketClient c(socket_path);
  c.send("hotcog/1 reload answer\n");
  host.reset();  // nobody will ever call poll()
  EXPECT_EQ(c.read_line(), "");
  EXPECT_TRUE(registry.names().empty());
}

TEST_F(ControlSocket, StaleSocketFromADeadHostIsReplaced) {
  host.reset();
  // What a killed host leaves behind: a socket file nobody listens on.
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket_path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ::close(fd);
  ASSERT_TRUE(std::filesystem::exists(socket_path));
  host = make_host(true);
  SocketClient c(socket_path);
  ASSERT_TRUE(c.connected()) << log.all();
  c.send("hotcog/1 ping\n");
  EXPECT_TRUE(has(c.read_line(), "\"pong\":true"));
}

TEST_F(ControlSocket, LiveSocketOfAnotherHostIsLeftAlone) {
  LogCapture second_log;
  hotcog::HostOptions options;
  options.build_dir = dir.path();
  options.log = second_log.sink();
  {
    hotcog::Host second(options);
    EXPECT_TRUE(second_log.contains("another process already serves")) << second_log.all();
  }
  SocketClient c(socket_path);
  ASSERT_TRUE(c.connected());
  c.send("hotcog/1 ping\n");
  EXPECT_TRUE(has(c.read_line(), "\"pong\":true"));
}

TEST_F(ControlSocket, SocketIsRemovedWhenTheHostGoes) {
  ASSERT_TRUE(std::filesystem::exists(socket_path));
  host.reset();
  EXPECT_FALSE(std::filesystem::exists(socket_path));
}

// `rm -rf build && cmake ...` while the host runs: the socket file went
// with the old dir; once CMake wrote the new dir's manifest, it is back.
TEST_F(ControlSocket, IsServedAgainWhenTheBuildDirIsRecreated) {
  const std::string old_dir = dir.path() + ".old";
  ASSERT_EQ(::rename(dir.path().c_str(), old_dir.c_str()), 0);
  ASSERT_TRUE(std::filesystem::create_directories(dir.path() + "/hotcog"));
  ::usleep(200 * 1000);  // not before CMake has configured the new dir
  EXPECT_FALSE(std::filesystem::exists(socket_path));
  std::ofstream(dir.path() + "/hotcog/cogs.tsv") << "";
  std::string pong;
  for (int i = 0; i < 300 && pong.empty(); ++i) {
    SocketClient c(socket_path);
    if (c.connected()) {
      c.send("hotcog/1 ping\n");
      pong = c.read_line();
    } else {
      ::usleep(10 * 1000);
    }
  }
  EXPECT_TRUE(has(pong, "\"pong\":true")) << pong << log.all();
  EXPECT_TRUE(has(log.all(), "the build dir was re-created; serving the control socket again"))
      << log.all();
  std::filesystem::remove_all(old_dir);
}

TEST_F(ControlSocket, CogAddedToTheManifestLaterCanBeReloaded) {
  const std::string other = dir.path() + "/libother.so";
  install(TEST_COG_REGISTERS, other);
  std::ofstream(dir.path() + "/hotcog/cogs.tsv")
      << "hotcog-cogs\t1\ncog\tother\tother\t" << other << "\n";
  SocketClient c(socket_path);
  c.send("hotcog/1 reload other\n");
  ASSERT_EQ(poll_until_applied(*host).size(), 1u);
  EXPECT_TRUE(has(c.read_line(), "\"cog\":\"other\",\"ok\":true"));
  EXPECT_EQ(registry.ask("first"), "first");
}

TEST(ControlSocketPath, DeepBuildDirsStillGetASocket) {
  // sun_path holds 108 bytes; the server binds through /proc/self/fd, and a
  // client does the same with its own directory fd.
  TempDir dir;
  std::string deep = dir.path();
  while (deep.size() < 200) deep += "/a-rather-long-directory-name";
  std::filesystem::create_directories(deep);
  LogCapture log;
  hotcog::HostOptions options;
  options.build_dir = deep;
  options.log = log.sink();
  hotcog::Host host(options);
  const std::string hotcog_dir = deep + "/hotcog";
  ASSERT_TRUE(std::filesystem::exists(hotcog_dir + "/control.sock")) << log.all();
  const int dir_fd = ::open(hotcog_dir.c_str(), O_PATH | O_DIRECTORY);
  ASSERT_GE(dir_fd, 0);
  SocketClient c("/proc/self/fd/" + std::to_string(dir_fd) + "/control.sock");
  ::close(dir_fd);
  ASSERT_TRUE(c.connected());
  c.send("hotcog/1 ping\n");
  EXPECT_TRUE(has(c.read_line(), "\"pong\":true"));
}

// Another user: the 0600 mode stops the connect; with the mode opened up by
// hand, SO_PEERCRED still refuses the peer. The client runs as uid 65534.
TEST_F(ControlSocket, OtherUsersAreRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run a client as another user";
  if (::access("/usr/bin/setpriv", X_OK) != 0 || ::access("/usr/bin/python3", X_OK) != 0)
    GTEST_SKIP() << "needs /usr/bin/setpriv and /usr/bin/python3";
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  ::chmod(dir.path().c_str(), 0755);
  ::chmod((dir.path() + "/hotcog").c_str(), 0755);
  const std::string client =
      "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c '"
      "import socket, sys\n"
      "s = socket.socket(socket.AF_UNIX)\n"
      "try:\n"
      "    s.connect(sys.argv[1])\n"
      "except PermissionError:\n"
      "    print(\"EACCES\"); sys.exit(0)\n"
      "s.settimeout(5)\n"
      "try:\n"
      "    s.sendall(b\"hotcog/1 reload answer\\n\")\n"
      "except OSError:\n"
      "    pass\n"
      "print(s.makefile().readline().strip())\n"
      "' " + socket_path + " 2>&1";
  auto run = [&] {
    std::string out;
    FILE* p = ::popen(client.c_str(), "r");
    char buf[512];
    while (p && std::fgets(buf, sizeof buf, p)) out += buf;
    if (p) ::pclose(p);
    return out;
  };
  EXPECT_EQ(run(), "EACCES\n");
  ::chmod(socket_path.c_str(), 0666);
  const std::string reply = run();
  EXPECT_TRUE(has(reply, "{\"ok\":false,\"error\":\"permission\"")) << reply;
  EXPECT_TRUE(has(reply, "65534")) << reply;
  EXPECT_TRUE(nothing_pending());
  EXPECT_EQ(registry.ask("answer"), "v1");
}

}  // namespace
}  // namespace runtime_test
