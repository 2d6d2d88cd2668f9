// InotifyWatcher against a real directory: in-place writes and the
// temp-file-and-rename saves editors (and sed -i) do must both be seen.
#include "lib/inotify_watcher.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <poll.h>
#include <sys/stat.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace hotcog::cli {
namespace {

class WatchedDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/hotcog-inotify-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    auto watcher = InotifyWatcher::create();
    ASSERT_TRUE(static_cast<bool>(watcher)) << llvm::toString(watcher.takeError());
    watcher_.emplace(std::move(*watcher));
    llvm::Error err = watcher_->watch_directory(dir_);
    ASSERT_FALSE(static_cast<bool>(err)) << llvm::toString(std::move(err));
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  // Events until `path` shows up with one of `bits` (waits on the fd, no sleeps).
  bool saw(const std::string& path, uint32_t bits) {
    for (int round = 0; round < 20; ++round) {
      pollfd pfd{watcher_->fd(), POLLIN, 0};
      if (poll(&pfd, 1, 2000) <= 0) return false;
      bool overflowed = false;
      auto events = watcher_->read_events(&overflowed);
      if (!events) {
        ADD_FAILURE() << llvm::toString(events.takeError());
        return false;
      }
      for (const FileEvent& e : *events)
        if (e.path == path && (e.mask & bits)) return true;
    }
    return false;
  }

  // Every event until none comes for `quiet_ms`.
  std::vector<FileEvent> drain(int quiet_ms = 300) {
    std::vector<FileEvent> all;
    pollfd pfd{watcher_->fd(), POLLIN, 0};
    while (poll(&pfd, 1, quiet_ms) > 0) {
      bool overflowed = false;
      auto events = watcher_->read_events(&overflowed);
      if (!events) {
        ADD_FAILURE() << llvm::toString(events.takeError());
        break;
      }
      all.insert(all.end(), events->begin(), events->end());
    }
    return all;
  }

  std::string dir_;
  std::optional<InotifyWatcher> watcher_;
};

TEST_F(WatchedDir, InPlaceWriteIsCloseWrite) {
  std::string path = dir_ + "/a.cpp";
  std::ofstream(path) << "int a;\n";
  EXPECT_TRUE(saw(path, IN_CLOSE_WRITE));
}

TEST_F(WatchedDir, RenameOntoTheNameIsMovedTo) {
  std::string path = dir_ + "/a.cpp";
  std::ofstream(dir_ + "/sedAbC123") << "int a;\n";
  ASSERT_EQ(std::rename((dir_ + "/sedAbC123").c_str(), path.c_str()), 0);
  EXPECT_TRUE(saw(path, IN_MOVED_TO));
}

TEST_F(WatchedDir, DeleteIsSeen) {
  std::string path = dir_ + "/a.cpp";
  std::ofstream(path) << "int a;\n";
  ASSERT_TRUE(saw(path, IN_CLOSE_WRITE));
  ASSERT_EQ(unlink(path.c_str()), 0);
  EXPECT_TRUE(saw(path, IN_DELETE));
}

TEST_F(WatchedDir, WatchingTwiceIsOneWatch) {
  llvm::Error err = watcher_->watch_directory(dir_);
  EXPECT_FALSE(static_cast<bool>(err));
  EXPECT_EQ(watcher_->directory_count(), 1u);
}

// A watched directory removed and recreated (a branch switch, `git stash`, a
// tool that rewrites the tree) is watched again at once: the files already in
// it are reported, and later writes are seen.
TEST_F(WatchedDir, RemovedDirectoryComesBackAtOnce) {
  const std::string sub = dir_ + "/sub";
  ASSERT_EQ(mkdir(sub.c_str(), 0755), 0);
  llvm::Error err = watcher_->watch_directory(sub);
  ASSERT_FALSE(static_cast<bool>(err)) << llvm::toString(std::move(err));
  ASSERT_EQ(std::system(("rm -rf " + sub).c_str()), 0);
  drain();  // the removal is read before the directory comes back
  EXPECT_EQ(watcher_->lost_directories().count(sub), 1u);
  ASSERT_EQ(mkdir(sub.c_str(), 0755), 0);
  std::ofstream(sub + "/a.cpp") << "int a;\n";
  EXPECT_TRUE(saw(sub + "/a.cpp", IN_CREATE | IN_CLOSE_WRITE));
  EXPECT_TRUE(watcher_->lost_directories().empty());
  std::ofstream(sub + "/a.cpp") << "int b;\n";
  EXPECT_TRUE(saw(sub + "/a.cpp", IN_CLOSE_WRITE));
}

// Removed and recreated faster than the events are read: one read sees both.
TEST_F(WatchedDir, DirectoryRecreatedBeforeTheEventsAreReadIsWatchedAgain) {
  const std::string sub = dir_ + "/sub";
  ASSERT_EQ(mkdir(sub.c_str(), 0755), 0);
  ASSERT_FALSE(static_cast<bool>(watcher_->watch_directory(sub)));
  ASSERT_EQ(std::system(("rm -rf " + sub + " && mkdir " + sub + " && echo 1 > " + sub + "/b.cpp").c_str()), 0);
  EXPECT_TRUE(saw(sub + "/b.cpp", IN_CREATE | IN_CLOSE_WRITE));
  std::ofstream(sub + "/b.cpp") << "2\n";
  EXPECT_TRUE(saw(sub + "/b.cpp", IN_CLOSE_WRITE));
}

// A directory moved away stops reporting under its old name (the kernel's
// watch would follow the inode), and is watched again when it is back.
TEST_F(WatchedDir, MovedAwayDirectoryIsNotReportedUnderItsOldName) {
  const std::string sub = dir_ + "/sub", away = dir_ + "/away";
  ASSERT_EQ(mkdir(sub.c_str(), 0755), 0);
  ASSERT_FALSE(static_cast<bool>(watcher_->watch_directory(sub)));
  ASSERT_EQ(std::rename(sub.c_str(), away.c_str()), 0);
  std::ofstream(away + "/c.cpp") << "1\n";
  for (const FileEvent& e : drain()) EXPECT_NE(e.path, sub + "/c.cpp");
  ASSERT_EQ(std::rename(away.c_str(), sub.c_str()), 0);
  EXPECT_TRUE(saw(sub + "/c.cpp", IN_CREATE));  // reported as found again
  std::ofstream(sub + "/c.cpp") << "2\n";
  EXPECT_TRUE(saw(sub + "/c.cpp", IN_CLOSE_WRITE));
}

TEST(InotifyWatcher, MissingDirectoryIsAnError) {
  auto watcher = InotifyWatcher::create();
  ASSERT_TRUE(static_cast<bool>(watcher));
  llvm::Error err = watcher->watch_directory("/nonexistent/hotcog/dir");
  ASSERT_TRUE(static_cast<bool>(err));
  EXPECT_NE(llvm::toString(std::move(err)).find("/nonexistent/hotcog/dir"), std::string::npos);
}

}  // namespace
}  // namespace hotcog::cli
