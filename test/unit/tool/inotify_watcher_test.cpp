// InotifyWatcher against a real directory: in-place writes and the
// temp-file-and-rename saves editors (and sed -i) do must both be seen.
#include "lib/inotify_watcher.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <poll.h>
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

TEST(InotifyWatcher, MissingDirectoryIsAnError) {
  auto watcher = InotifyWatcher::create();
  ASSERT_TRUE(static_cast<bool>(watcher));
  llvm::Error err = watcher->watch_directory("/nonexistent/hotcog/dir");
  ASSERT_TRUE(static_cast<bool>(err));
  EXPECT_NE(llvm::toString(std::move(err)).find("/nonexistent/hotcog/dir"), std::string::npos);
}

}  // namespace
}  // namespace hotcog::cli
