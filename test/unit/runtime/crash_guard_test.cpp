// Crash signals in cog entry points: the host survives and keeps the old
// version; the guard itself, tested directly.
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "crash_guard.h"
#include "host_fixture.hpp"

namespace runtime_test {
namespace {

using hotcog::ErrorKind;

struct CrashCase {
  const char* image;
  const char* signal;
};

class CrashingSetup : public HostFixture, public ::testing::WithParamInterface<CrashCase> {};

TEST_P(CrashingSetup, ReloadKeepsTheOldVersion) {
  ASSERT_TRUE(host->load("answer").ok());
  registry.ask("count");
  install(GetParam().image, image);
  const hotcog::Status s = host->reload("answer");
  EXPECT_EQ(s.kind, ErrorKind::Crashed);
  EXPECT_NE(s.message.find(GetParam().signal), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("setup"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find(image), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("kept version 1"), std::string::npos) << s.message;
  expect_v1_back_then_v2_loads();
}

TEST_P(CrashingSetup, FirstLoadStaysUnloaded) {
  install(GetParam().image, image);
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::Crashed);
  EXPECT_NE(s.message.find("not loaded"), std::string::npos) << s.message;
  EXPECT_FALSE(info("answer")->loaded);
  EXPECT_TRUE(registry.names().empty());
}

TEST_P(CrashingSetup, ThroughPollToo) {
  ASSERT_TRUE(host->load("answer").ok());
  install(GetParam().image, image);
  host->request_reload("answer");
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status.kind, ErrorKind::Crashed);
  EXPECT_EQ(results[0].version, 1u);
  EXPECT_EQ(registry.ask("answer"), "v1");
}

INSTANTIATE_TEST_SUITE_P(Signals, CrashingSetup,
                         ::testing::Values(CrashCase{TEST_COG_SEGFAULTS, "SIGSEGV"},
                                           CrashCase{TEST_COG_ABORTS, "SIGABRT"},
                                           CrashCase{TEST_COG_DIVIDES_BY_ZERO, "SIGFPE"}),
                         [](const auto& info) { return std::string(info.param.signal); });

using FailureOutsideSetup = HostFixture;

TEST_F(FailureOutsideSetup, SaveStateThrowingAbandonsTheReloadBeforeTeardown) {
  install(TEST_COG_SAVE_STATE_THROWS, image);
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  const hotcog::Status s = host->reload("answer");
  EXPECT_EQ(s.kind, ErrorKind::SetupFailed);
  EXPECT_NE(s.message.find("save_state failed: std::runtime_error: boom in save_state"),
            std::string::npos)
      << s.message;
  EXPECT_NE(s.message.find("kept version 1 (the next reload goes ahead without its state)"),
            std::string::npos)
      << s.message;
  EXPECT_EQ(registry.ask("answer"), "save_state_throws");
  // Its save_state would fail every time: the next reload skips it, so a
  // fixed build can get in.
  const hotcog::Status again = host->reload("answer");
  ASSERT_TRUE(again.ok()) << again.message;
  EXPECT_EQ(registry.ask("answer"), "v2");
  EXPECT_TRUE(log.contains("answer: reloading without state: save_state of version 1 failed the "
                           "last time"))
      << log.all();
}

TEST_F(FailureOutsideSetup, TeardownCrashIsLoggedAndTheReloadCompletes) {
  install(TEST_COG_TEARDOWN_CRASHES, image);
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  const hotcog::Status s = host->reload("answer");
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(registry.ask("answer"), "v2");
  EXPECT_TRUE(log.contains("teardown of version 1 failed: SIGSEGV")) << log.all();
}

TEST_F(FailureOutsideSetup, TeardownCrashIsNamedInTheResultPollReturns) {
  install(TEST_COG_TEARDOWN_CRASHES, image);
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  host->request_reload("answer");
  const std::vector<hotcog::ReloadResult> r = poll_until_applied(*host);
  ASSERT_EQ(r.size(), 1u);
  ASSERT_TRUE(r[0].status.ok()) << r[0].status.message;
  EXPECT_EQ(r[0].action, hotcog::ReloadAction::Reloaded);
  EXPECT_NE(r[0].reason.find("answer: teardown of version 1 failed: SIGSEGV"), std::string::npos)
      << r[0].reason;
  EXPECT_EQ(registry.ask("answer"), "v2");
}

TEST_F(FailureOutsideSetup, StackOverflowInSetupIsACrash) {
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_OVERFLOWS_STACK, image);
  const hotcog::Status s = host->reload("answer");
  EXPECT_EQ(s.kind, ErrorKind::Crashed);
  EXPECT_NE(s.message.find("SIGSEGV"), std::string::npos) << s.message;
  EXPECT_EQ(registry.ask("answer"), "v1");
}

using CrashingStaticConstructor = HostFixture;

TEST_F(CrashingStaticConstructor, IsRefusedWithoutRunningInTheHost) {
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_CTOR_CRASHES, image);
  const hotcog::Status s = host->reload("answer");
  EXPECT_EQ(s.kind, ErrorKind::Crashed);
  EXPECT_NE(s.message.find("static initialization"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("SIGSEGV"), std::string::npos) << s.message;
  EXPECT_EQ(registry.ask("answer"), "v1");
  // The loader is not wedged: the background thread still loads images.
  install(TEST_COG_ANSWER_V2, image);
  host->request_reload("answer");
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].status.ok()) << results[0].status.message;
  EXPECT_EQ(registry.ask("answer"), "v2");
}

std::vector<long> children_of_this_thread() {
  std::ifstream in("/proc/thread-self/children");
  std::vector<long> pids;
  long pid;
  while (in >> pid) pids.push_back(pid);
  return pids;
}

TEST_F(CrashingStaticConstructor, ProbesRunInOneZygoteThatLeavesWithTheHost) {
  ASSERT_EQ(children_of_this_thread().size(), 1u);
  install(TEST_COG_CTOR_CRASHES, image);
  EXPECT_EQ(host->load("answer").kind, ErrorKind::Crashed);
  EXPECT_EQ(children_of_this_thread().size(), 1u);
  host.reset();
  EXPECT_TRUE(children_of_this_thread().empty());
}

TEST_F(CrashingStaticConstructor, StillRefusedWhenTheZygoteDied) {
  const std::vector<long> zygote = children_of_this_thread();
  ASSERT_EQ(zygote.size(), 1u);
  ::kill(static_cast<pid_t>(zygote[0]), SIGKILL);
  install(TEST_COG_CTOR_CRASHES, image);
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::Crashed) << s.message;
  install(TEST_COG_ANSWER_V2, image);
  ASSERT_TRUE(host->load("answer").ok());
  EXPECT_EQ(registry.ask("answer"), "v2");
}

TEST_F(CrashingStaticConstructor, UnresolvedSymbolIsNamed) {
  install(TEST_COG_UNRESOLVED, image);
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::NoEntryPoint);
  EXPECT_NE(s.message.find("hotcog_test_function_nobody_defines"), std::string::npos)
      << s.message;
}

class CrashGuard : public ::testing::Test {
 protected:
  void SetUp() override { hotcog::rt::acquire_crash_handlers(); }
  void TearDown() override { hotcog::rt::release_crash_handlers(); }
};

TEST_F(CrashGuard, OkWhenNothingHappens) {
  int calls = 0;
  EXPECT_TRUE(hotcog::rt::guarded([&] { ++calls; }).ok());
  EXPECT_EQ(calls, 1);
}

TEST_F(CrashGuard, ExceptionBecomesThrewWithTypeAndMessage) {
  const auto out = hotcog::rt::guarded([] { throw std::out_of_range("index 7"); });
  EXPECT_EQ(out.kind, hotcog::rt::GuardOutcome::Threw);
  EXPECT_EQ(out.what, "std::out_of_range: index 7");
}

TEST_F(CrashGuard, SignalBecomesCrashed) {
  const auto out = hotcog::rt::guarded([] { ::raise(SIGBUS); });
  EXPECT_EQ(out.kind, hotcog::rt::GuardOutcome::Crashed);
  EXPECT_EQ(out.signal, SIGBUS);
  // And a second time: the signal is unblocked again after the jump.
  EXPECT_EQ(hotcog::rt::guarded([] { ::raise(SIGILL); }).signal, SIGILL);
}

TEST_F(CrashGuard, NestedGuardsCatchAtTheInnermost) {
  hotcog::rt::GuardOutcome inner;
  const auto outer = hotcog::rt::guarded([&] { inner = hotcog::rt::guarded([] { std::abort(); }); });
  EXPECT_TRUE(outer.ok());
  EXPECT_EQ(inner.signal, SIGABRT);
}

TEST_F(CrashGuard, HandlersAreRestoredWhenTheLastHostGoes) {
  struct sigaction before = {};
  hotcog::rt::release_crash_handlers();  // undo SetUp's
  sigaction(SIGSEGV, nullptr, &before);
  hotcog::rt::acquire_crash_handlers();
  hotcog::rt::acquire_crash_handlers();
  hotcog::rt::release_crash_handlers();
  struct sigaction during = {};
  sigaction(SIGSEGV, nullptr, &during);
  EXPECT_TRUE(during.sa_flags & SA_SIGINFO);
  hotcog::rt::release_crash_handlers();
  struct sigaction after = {};
  sigaction(SIGSEGV, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
  hotcog::rt::acquire_crash_handlers();  // for TearDown
}

}  // namespace
}  // namespace runtime_test
