// The watchdog of cog calls (call_watchdog.h): a setup that never returns is
// interrupted after the configured time, the reload rolls back and the host
// thread comes back; the guard itself, tested directly with real timers and
// real signals.
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "call_watchdog.h"
#include "crash_guard.h"
#include "host_fixture.hpp"

// ThreadSanitizer delivers asynchronous signals only when the thread enters
// its runtime (a libc call, a synchronization): a cog spinning in plain code
// is never interrupted there. The blocking-call case still runs.
#if defined(__SANITIZE_THREAD__)
#define SKIP_SPINNING_UNDER_TSAN() GTEST_SKIP() << "TSan defers the watchdog's signal in a busy loop"
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SKIP_SPINNING_UNDER_TSAN() GTEST_SKIP() << "TSan defers the watchdog's signal in a busy loop"
#endif
#endif
#ifndef SKIP_SPINNING_UNDER_TSAN
#define SKIP_SPINNING_UNDER_TSAN() (void)0
#endif

namespace runtime_test {
namespace {

using hotcog::ErrorKind;
using hotcog::rt::GuardOutcome;
using Clock = std::chrono::steady_clock;

long elapsed_ms(Clock::time_point since) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

class Watchdog : public ::testing::Test {
 protected:
  void SetUp() override { hotcog::rt::acquire_crash_handlers(); }
  void TearDown() override { hotcog::rt::release_crash_handlers(); }
};

TEST_F(Watchdog, SpinningCallIsInterruptedAfterTheTimeout) {
  SKIP_SPINNING_UNDER_TSAN();
  const Clock::time_point start = Clock::now();
  const GuardOutcome out = hotcog::rt::guarded([] {
    volatile bool forever = true;
    while (forever) {
    }
  }, 150);
  EXPECT_EQ(out.kind, GuardOutcome::TimedOut);
  EXPECT_EQ(out.what, "did not return within 150 ms (interrupted by the watchdog)");
  EXPECT_GE(elapsed_ms(start), 140);
  EXPECT_LT(elapsed_ms(start), 3000);
}

TEST_F(Watchdog, BlockingSystemCallIsInterruptedToo) {
  const GuardOutcome out = hotcog::rt::guarded([] {
    timespec ten_seconds = {10, 0};
    while (::nanosleep(&ten_seconds, &ten_seconds) != 0) {
    }
  }, 100);
  EXPECT_EQ(out.kind, GuardOutcome::TimedOut);
}

TEST_F(Watchdog, CallThatReturnsInTimeIsOkAndNoLateSignalArrives) {
  int calls = 0;
  const GuardOutcome out = hotcog::rt::guarded([&] { ++calls; }, 50);
  EXPECT_TRUE(out.ok());
  EXPECT_EQ(calls, 1);
  // The timer was disarmed: sleeping past its deadline raises nothing (a
  // stray real-time signal would kill the test process).
  ::usleep(120 * 1000);
  EXPECT_TRUE(hotcog::rt::guarded([] {}, 50).ok());
}

TEST_F(Watchdog, InterruptsEvenWhenTheHostBlocksTheSignalAndRestoresItsMask) {
  SKIP_SPINNING_UNDER_TSAN();
  sigset_t block, before, after;
  sigemptyset(&block);
  sigaddset(&block, hotcog::rt::watchdog_signal());
  pthread_sigmask(SIG_BLOCK, &block, &before);
  const GuardOutcome out = hotcog::rt::guarded([] {
    volatile bool forever = true;
    while (forever) {
    }
  }, 80);
  pthread_sigmask(SIG_SETMASK, &before, &after);
  EXPECT_EQ(out.kind, GuardOutcome::TimedOut);
  EXPECT_TRUE(sigismember(&after, hotcog::rt::watchdog_signal())) << "the caller's mask came back";
}

TEST_F(Watchdog, ZeroMeansNoDeadline) {
  const GuardOutcome out = hotcog::rt::guarded([] { ::usleep(60 * 1000); }, 0);
  EXPECT_TRUE(out.ok());
}

TEST(WatchdogTimeout, EnvironmentValuesAreParsedStrictly) {
  unsigned ms = 7;
  std::string why;
  EXPECT_TRUE(hotcog::rt::parse_timeout_ms("2500", &ms, &why));
  EXPECT_EQ(ms, 2500u);
  EXPECT_TRUE(hotcog::rt::parse_timeout_ms("0", &ms, &why));
  EXPECT_EQ(ms, 0u);
  for (const char* bad : {"", "5s", "-1", " 10", "99999999999999999999"})
    EXPECT_FALSE(hotcog::rt::parse_timeout_ms(bad, &ms, &why)) << bad;
  EXPECT_FALSE(hotcog::rt::parse_timeout_ms("86400001", &ms, &why));
  EXPECT_EQ(why, "is more than a day");
}

class HungSetup : public HostFixture {
 protected:
  void SetUp() override {
    HostFixture::SetUp();
    host.reset();
    hotcog::HostOptions options;
    options.build_dir = dir.path();
    options.control_socket = false;
    options.cog_call_timeout_ms = 200;
    options.log = log.sink();
    host = std::make_unique<hotcog::Host>(options);
    host->provide(test_cogs::Registry::kServiceName, &registry);
    ASSERT_TRUE(host->add_cog("answer", image).ok());
  }
};

TEST_F(HungSetup, ReloadIsInterruptedAndKeepsTheOldVersion) {
  SKIP_SPINNING_UNDER_TSAN();
  ASSERT_TRUE(host->load("answer").ok());
  registry.ask("count");
  install(TEST_COG_HANGS, image);
  const Clock::time_point start = Clock::now();
  const hotcog::Status s = host->reload("answer");
  EXPECT_LT(elapsed_ms(start), 5000);
  EXPECT_EQ(s.kind, ErrorKind::TimedOut);
  EXPECT_NE(s.message.find("answer: setup failed: did not return within 200 ms "
                           "(interrupted by the watchdog)"),
            std::string::npos)
      << s.message;
  EXPECT_NE(s.message.find("kept version 1"), std::string::npos) << s.message;
  expect_v1_back_then_v2_loads();
}

TEST_F(HungSetup, ThroughPollTheResultIsReportedAndPollReturns) {
  SKIP_SPINNING_UNDER_TSAN();
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_HANGS, image);
  host->request_reload("answer");
  const std::vector<hotcog::ReloadResult> r = poll_until_applied(*host);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].action, hotcog::ReloadAction::Failed);
  EXPECT_EQ(r[0].status.kind, ErrorKind::TimedOut);
  EXPECT_EQ(r[0].version, 1u);
  EXPECT_EQ(registry.ask("answer"), "v1");
}

TEST_F(HungSetup, EnvironmentOverridesTheOptionAndBadValuesAreLogged) {
  SKIP_SPINNING_UNDER_TSAN();
  host.reset();
  ::setenv("HOTCOG_COG_CALL_TIMEOUT_MS", "120", 1);
  hotcog::HostOptions options;
  options.control_socket = false;
  options.cog_call_timeout_ms = 0;  // off, but the environment says 120 ms
  options.log = log.sink();
  {
    hotcog::Host h(options);
    h.provide(test_cogs::Registry::kServiceName, &registry);
    install(TEST_COG_HANGS, image);
    ASSERT_TRUE(h.add_cog("answer", image).ok());
    const hotcog::Status s = h.load("answer");
    EXPECT_EQ(s.kind, ErrorKind::TimedOut);
    EXPECT_NE(s.message.find("within 120 ms"), std::string::npos) << s.message;
    EXPECT_NE(s.message.find("not loaded"), std::string::npos) << s.message;
  }
  ::setenv("HOTCOG_COG_CALL_TIMEOUT_MS", "soon", 1);
  { hotcog::Host h(options); }
  ::unsetenv("HOTCOG_COG_CALL_TIMEOUT_MS");
  EXPECT_TRUE(log.contains("HOTCOG_COG_CALL_TIMEOUT_MS='soon' is not a number of milliseconds; "
                           "ignored"))
      << log.all();
}

}  // namespace
}  // namespace runtime_test
