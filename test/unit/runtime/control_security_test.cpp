// The control socket under attack, over real Unix sockets with a real Host:
// a flooding client is throttled and logged while the host thread's poll()
// stays fast; requests naming paths or cogs outside the manifest are refused
// and logged and open nothing; the socket's directory is made private, and
// one that belongs to another user is not served at all. The request-rate
// budget itself is tested with a synthetic clock.
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "control_server.h"
#include "host_fixture.hpp"
#include "request_throttle.h"
#include "socket_client.hpp"

namespace runtime_test {
namespace {

using hotcog::rt::RequestThrottle;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(RequestThrottle, AllowsABurstThenTheSteadyRateThenDisconnects) {
  // (The penalty drains as tokens refill: one step later it is back to 0.)
  RequestThrottle t;
  const uint64_t start = 5'000'000'000ull;
  for (unsigned i = 0; i < RequestThrottle::kBurst; ++i)
    ASSERT_EQ(t.take(start), RequestThrottle::Allow) << i;
  EXPECT_EQ(t.take(start), RequestThrottle::Refuse);
  // 1/kPerSecond s later exactly one more request is allowed.
  const uint64_t step = 1'000'000'000ull / RequestThrottle::kPerSecond;
  EXPECT_EQ(t.take(start + step), RequestThrottle::Allow);
  EXPECT_EQ(t.take(start + step), RequestThrottle::Refuse);
  for (unsigned i = 2; i < RequestThrottle::kDisconnectAfter; ++i)
    ASSERT_EQ(t.take(start + step), RequestThrottle::Refuse) << i;
  EXPECT_EQ(t.take(start + step), RequestThrottle::Disconnect);
  // A long pause refills the burst, not more.
  const uint64_t later = start + 3600ull * 1'000'000'000ull;
  for (unsigned i = 0; i < RequestThrottle::kBurst; ++i)
    ASSERT_EQ(t.take(later), RequestThrottle::Allow) << i;
  EXPECT_EQ(t.take(later), RequestThrottle::Refuse);
}

class ControlSecurity : public HostFixture {
 protected:
  void SetUp() override {
    HostFixture::SetUp();
    host = make_host(/*control_socket=*/true);
    socket_path = dir.path() + "/hotcog/control.sock";
    ASSERT_TRUE(host->load("answer").ok());
  }
  // poll() for `ms`, returning the longest single call in microseconds.
  long longest_poll_us(int ms) {
    long longest = 0;
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
      const auto t0 = std::chrono::steady_clock::now();
      host->poll();
      const long us = static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(
                                            std::chrono::steady_clock::now() - t0)
                                            .count());
      longest = std::max(longest, us);
      ::usleep(500);
    }
    return longest;
  }
  std::string socket_path;
};

TEST_F(ControlSecurity, FloodIsThrottledAndLoggedAndNeverStallsTheHostThread) {
  SocketClient c(socket_path);
  ASSERT_TRUE(c.connected());
  // 200 pings in one write: the burst is answered, the rest refused.
  std::string flood;
  for (int i = 0; i < 200; ++i) flood += "hotcog/1 ping\n";
  std::atomic<bool> done{false};
  long longest_us = 0;
  std::thread poller([&] {
    while (!done) longest_us = std::max(longest_us, longest_poll_us(50));
  });
  c.send(flood);
  int pongs = 0, limited = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string reply = c.read_line(5000);
    if (has(reply, "\"pong\":true")) ++pongs;
    if (has(reply, "\"error\":\"rate_limited\"")) ++limited;
  }
  done = true;
  poller.join();
  EXPECT_GE(pongs, static_cast<int>(RequestThrottle::kBurst));
  // Plus what refilled while the server worked (32/s): on a loaded machine a
  // few dozen, never the whole flood.
  EXPECT_LT(pongs, 150);
  EXPECT_EQ(pongs + limited, 200);
  // poll() takes microseconds; the bound leaves room for a loaded machine
  // descheduling the thread, not for waiting on the flood.
  EXPECT_LT(longest_us, 250'000) << "poll() waited for the socket";
  EXPECT_TRUE(log.contains("control socket: pid " + std::to_string(::getpid()) +
                           " sends more than 32 requests per second; refusing them until it "
                           "slows down"))
      << log.all();
  // Logged once per episode, not once per request.
  int throttle_lines = 0;
  for (const std::string& line : *log.lines) throttle_lines += has(line, "requests per second");
  EXPECT_EQ(throttle_lines, 1);
  // Slowing down works: the budget refills.
  ::usleep(200 * 1000);
  c.send("hotcog/1 ping\n");
  EXPECT_TRUE(has(c.read_line(), "\"pong\":true"));
}

TEST_F(ControlSecurity, ClientThatKeepsFloodingIsDisconnected) {
  SocketClient c(socket_path);
  std::string flood;
  for (unsigned i = 0; i < RequestThrottle::kBurst + RequestThrottle::kDisconnectAfter + 50; ++i)
    flood += "hotcog/1 status\n";
  c.send(flood);
  std::string line;
  int replies = 0;
  while (!(line = c.read_line(5000)).empty()) ++replies;
  EXPECT_LT(replies, static_cast<int>(RequestThrottle::kBurst + RequestThrottle::kDisconnectAfter + 50));
  EXPECT_TRUE(log.contains("control socket: disconnected pid " + std::to_string(::getpid()) +
                           ": it kept sending over the rate limit (256 requests refused)"))
      << log.all();
  // Others are still served.
  SocketClient other(socket_path);
  other.send("hotcog/1 ping\n");
  EXPECT_TRUE(has(other.read_line(), "\"pong\":true"));
}

TEST_F(ControlSecurity, PathsAndCogsOutsideTheManifestAreRefusedLoggedAndNeverOpened) {
  // A real cog image at a path a request names: it must never be mapped.
  const std::string evil = dir.path() + "/libevil.so";
  install(TEST_COG_ANSWER_V2, evil);
  SocketClient c(socket_path);
  const struct {
    std::string request, error;
  } cases[] = {
      {"hotcog/1 reload " + evil + "\n", "\"error\":\"bad_request\""},
      {"hotcog/1 reload ../libevil.so\n", "\"error\":\"bad_request\""},
      {"hotcog/1 reload libevil.so\n", "\"error\":\"unknown_cog\""},
      {"hotcog/1 reload evil\n", "\"error\":\"unknown_cog\""},
      {"hotcog/1 reload answer evil\n", "\"error\":\"unknown_cog\""},
  };
  for (const auto& k : cases) {
    c.send(k.request);
    const std::string reply = c.read_line();
    EXPECT_TRUE(has(reply, k.error)) << k.request << " -> " << reply;
  }
  const std::string pid = std::to_string(::getpid());
  EXPECT_TRUE(log.contains("control socket: refused a request of pid " + pid +
                           ": bad_request: invalid cog name '" + evil + "'"))
      << log.all();
  EXPECT_TRUE(log.contains("control socket: refused a request of pid " + pid +
                           ": unknown_cog: not in the cog manifest: evil"))
      << log.all();
  pollfd p{host->wait_fd(), POLLIN, 0};
  ::poll(&p, 1, 200);
  EXPECT_TRUE(host->poll().empty());
  EXPECT_TRUE(mappings_containing("evil").empty());
  EXPECT_EQ(registry.ask("answer"), "v1");
  EXPECT_EQ(info("answer")->version, 1u);
}

TEST_F(ControlSecurity, RefusalsAreLoggedBoundedPerConnection) {
  SocketClient c(socket_path);
  for (int i = 0; i < 30; ++i) {
    c.send("hotcog/1 reload nope" + std::to_string(i) + "\n");
    c.read_line();
  }
  int refusal_lines = 0;
  for (const std::string& line : *log.lines) refusal_lines += has(line, "refused a request");
  EXPECT_EQ(refusal_lines, static_cast<int>(hotcog::rt::ControlServer::kLoggedRefusals));
  EXPECT_TRUE(log.contains("were refused; not logging them any more on this connection"));
}

using SocketDirectory = HostFixture;

TEST_F(SocketDirectory, WritableByOthersIsMadePrivate) {
  host.reset();
  const std::string socket_dir = dir.path() + "/hotcog";
  ASSERT_EQ(::chmod(socket_dir.c_str(), 0777), 0);
  host = make_host(/*control_socket=*/true);
  struct stat st;
  ASSERT_EQ(::stat(socket_dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  EXPECT_TRUE(log.contains("control socket: took group/other write permission away from " +
                           socket_dir + " (0777 -> 0755)"))
      << log.all();
  SocketClient c(socket_dir + "/control.sock");
  ASSERT_TRUE(c.connected()) << log.all();
  c.send("hotcog/1 ping\n");
  EXPECT_TRUE(has(c.read_line(), "\"pong\":true"));
}

TEST_F(SocketDirectory, OfAnotherUserIsNotServed) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the directory to another user";
  host.reset();
  const std::string socket_dir = dir.path() + "/hotcog";
  ASSERT_EQ(::chown(socket_dir.c_str(), 65534, 65534), 0);
  host = make_host(/*control_socket=*/true);
  EXPECT_TRUE(log.contains("control socket disabled: " + socket_dir +
                           " belongs to uid 65534, not to the host's uid 0; another user could "
                           "replace the socket"))
      << log.all();
  struct stat st;
  EXPECT_NE(::stat((socket_dir + "/control.sock").c_str(), &st), 0);
}

}  // namespace
}  // namespace runtime_test
