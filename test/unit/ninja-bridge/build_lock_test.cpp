// The build dir lock and cancelling a build, with real ninja processes.
#include "hotcog/ninja/build_lock.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "hotcog/ninja/build_runner.h"
#include "sample_project.h"

extern char** environ;

namespace hotcog::ninja {
namespace {

using namespace std::chrono_literals;

bool exists(const std::string& path) { return std::filesystem::exists(path); }

// Test-side waiting for something another process does (never in the library).
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 10s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

class BuildLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("hotcog-lock");
    ASSERT_FALSE(dir_.empty());
    // "slow" records its pid, then sleeps; "fast" just writes its output.
    std::ofstream(dir_ + "/build.ninja")
        << "rule slow\n  command = sh -c 'echo $$$$ > slow.pid; exec sleep $seconds' && touch $out\n"
        << "rule fast\n  command = touch $out\n"
        << "build slow.out: slow\n  seconds = 30\n"
        << "build short.out: slow\n  seconds = 1\n"
        << "build fast.out: fast\n";
  }
  void TearDown() override { testing::remove_tree(dir_); }
  std::string dir_;
};

TEST_F(BuildLockTest, SecondHolderWaitsForTheFirst) {
  std::string err;
  auto first = BuildLock::acquire(dir_, nullptr, &err);
  ASSERT_TRUE(first) << err;
  EXPECT_TRUE(exists(build_lock_path(dir_)));
  EXPECT_FALSE(BuildLock::try_acquire(dir_, &err));
  EXPECT_EQ(err, "");

  std::atomic<bool> second_has_it{false};
  LockWaits waits;
  std::thread second([&] {
    std::string e;
    auto lock = BuildLock::acquire(dir_, nullptr, &e, &waits);
    second_has_it = lock.has_value();
  });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(second_has_it);  // still waiting
  first.reset();                // close → wakes the waiter
  second.join();
  EXPECT_TRUE(second_has_it);
  EXPECT_TRUE(waits.waited_for_lock);
}

TEST_F(BuildLockTest, WaitingCanBeCancelled) {
  std::string err;
  auto held = BuildLock::acquire(dir_, nullptr, &err);
  ASSERT_TRUE(held) << err;
  CancelToken cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    cancel.cancel();
  });
  std::string why;
  EXPECT_FALSE(BuildLock::acquire(dir_, &cancel, &why));
  canceller.join();
  EXPECT_NE(why.find("cancelled"), std::string::npos) << why;
}

TEST_F(BuildLockTest, WaitsForANinjaTheUserStarted) {
  // A ninja started outside hotcog (like a user's terminal would).
  pid_t pid;
  std::string dir_arg = dir_;
  char* argv[] = {const_cast<char*>("ninja"), const_cast<char*>("-C"), dir_arg.data(),
                  const_cast<char*>("short.out"), nullptr};
  ASSERT_EQ(posix_spawnp(&pid, "ninja", nullptr, nullptr, argv, environ), 0);
  ASSERT_TRUE(eventually([&] { return exists(dir_ + "/slow.pid"); }));
  EXPECT_EQ(find_ninja_processes(dir_), std::vector<int>{pid});

  std::string err;
  LockWaits waits;
  auto lock = BuildLock::acquire(dir_, nullptr, &err, &waits);
  ASSERT_TRUE(lock) << err;
  EXPECT_EQ(waits.waited_for_ninja, std::vector<int>{pid});
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, WNOHANG), pid) << "acquired while the user's ninja still ran";
  EXPECT_TRUE(exists(dir_ + "/short.out"));
}

TEST_F(BuildLockTest, NinjaElsewhereIsNotWaitedFor) {
  std::string other = testing::make_temp_dir("hotcog-lock-other");
  std::filesystem::copy_file(dir_ + "/build.ninja", other + "/build.ninja");
  pid_t pid;
  char* argv[] = {const_cast<char*>("ninja"), const_cast<char*>("-C"), other.data(),
                  const_cast<char*>("short.out"), nullptr};
  ASSERT_EQ(posix_spawnp(&pid, "ninja", nullptr, nullptr, argv, environ), 0);
  ASSERT_TRUE(eventually([&] { return exists(other + "/slow.pid"); }));
  std::string err;
  LockWaits waits;
  EXPECT_TRUE(BuildLock::acquire(dir_, nullptr, &err, &waits)) << err;
  EXPECT_TRUE(waits.waited_for_ninja.empty());
  int status;
  waitpid(pid, &status, 0);
  testing::remove_tree(other);
}

TEST_F(BuildLockTest, CancelStopsNinjaAndItsCommands) {
  CancelToken cancel;
  BuildRequest req;
  req.build_dir = dir_;
  req.targets = {"slow.out"};
  req.cancel = &cancel;
  BuildResult result;
  std::thread builder([&] { result = run_build(req); });
  ASSERT_TRUE(eventually([&] { return exists(dir_ + "/slow.pid"); }));
  int sleeper = 0;
  ASSERT_TRUE(eventually([&] { return (std::ifstream(dir_ + "/slow.pid") >> sleeper) && sleeper > 0; }));
  cancel.cancel();
  builder.join();
  EXPECT_TRUE(result.cancelled);
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("interrupted"), std::string::npos) << result.output;
  EXPECT_FALSE(exists(dir_ + "/slow.out"));
  // ninja passed SIGINT on to the command; it is gone, not orphaned.
  EXPECT_TRUE(eventually([&] { return kill(sleeper, 0) != 0; })) << "sleep " << sleeper << " survived";
  // The lock was released: the next build runs.
  req.targets = {"fast.out"};
  req.cancel = nullptr;
  EXPECT_TRUE(run_build(req).ok());
}

}  // namespace
}  // namespace hotcog::ninja
