// One `hotcog watch` per build dir, with real locks and a real killed holder.
#include "lib/watch_lock.h"

#include "lib/tool_error.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

namespace hotcog::cli {
namespace {

class WatchLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hotcog-watch-lock-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(WatchLockTest, ASecondWatchIsRefusedAndToldWhoHoldsIt) {
  llvm::Expected<WatchLock> first = WatchLock::acquire(dir_);
  ASSERT_TRUE(bool(first)) << llvm::toString(first.takeError());
  EXPECT_EQ(first->previous_pid(), 0);
  llvm::Expected<WatchLock> second = WatchLock::acquire(dir_);
  ASSERT_FALSE(bool(second));
  ErrorKind kind = ErrorKind::Io;
  std::string message;
  llvm::handleAllErrors(second.takeError(), [&](const ToolError& e) {
    kind = e.kind();
    message = e.message();
  });
  EXPECT_EQ(kind, ErrorKind::Busy);
  EXPECT_EQ(message, "another hotcog watch (pid " + std::to_string(getpid()) + ") already watches " +
                         dir_ + "; stop it first (one watch per build dir)");
}

TEST_F(WatchLockTest, ACleanEndLeavesNothingToReport) {
  { ASSERT_TRUE(bool(WatchLock::acquire(dir_))); }
  llvm::Expected<WatchLock> next = WatchLock::acquire(dir_);
  ASSERT_TRUE(bool(next)) << llvm::toString(next.takeError());
  EXPECT_EQ(next->previous_pid(), 0);
}

TEST_F(WatchLockTest, AKilledHolderFreesTheLockAndLeavesItsPid) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    llvm::Expected<WatchLock> lock = WatchLock::acquire(dir_);
    if (!lock) {
      llvm::consumeError(lock.takeError());
      _exit(1);
    }
    raise(SIGKILL);  // no destructor runs: as with `kill -9`
    _exit(2);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child could not take the lock";
  llvm::Expected<WatchLock> next = WatchLock::acquire(dir_);
  ASSERT_TRUE(bool(next)) << llvm::toString(next.takeError());
  EXPECT_EQ(next->previous_pid(), child);
}

}  // namespace
}  // namespace hotcog::cli
