// Self-watch: a rebuild with plain ninja (a real compiler and linker) is
// picked up; a half-written file is not.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "test_support.hpp"

namespace runtime_test {
namespace {

class SelfWatch : public ::testing::Test {
 protected:
  void SetUp() override {
    image = dir.path() + "/libanswer.so";
  }
  void start_host() {
    hotcog::HostOptions options;
    options.build_dir = dir.path();
    options.control_socket = false;
    options.self_watch = true;
    options.log = log.sink();
    host = std::make_unique<hotcog::Host>(options);
    host->provide(test_cogs::Registry::kServiceName, &registry);
    ASSERT_TRUE(host->add_cog("answer", image).ok());
    ASSERT_TRUE(host->load("answer").ok()) << log.all();
  }
  bool nothing_pending(int wait_ms = 300) {
    pollfd p{host->wait_fd(), POLLIN, 0};
    ::poll(&p, 1, wait_ms);
    return host->poll().empty();
  }
  // build.ninja that compiles test/cogs/src/answer.cpp into libanswer.so.
  void write_build_ninja(int version) {
    std::ofstream out(dir.path() + "/build.ninja");
    out << "rule cxx\n"
        << "  command = " << TEST_CXX_COMPILER << " -std=c++17 -shared -fPIC -fvisibility=hidden "
        << TEST_COG_FLAGS << " -I" << TEST_RUNTIME_INCLUDE << " -I" << TEST_COGS_INCLUDE
        << " -DANSWER_VERSION=$version $in -o $out\n"
        << "build libanswer.so: cxx " << TEST_COGS_SOURCE_DIR << "/src/answer.cpp\n"
        << "  version = " << version << "\n";
  }
  int run_ninja() {
    const std::string cmd = std::string(TEST_NINJA) + " -C " + dir.path() + " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  }

  TempDir dir;
  std::string image;
  TestRegistry registry;
  LogCapture log;
  std::unique_ptr<hotcog::Host> host;
};

TEST_F(SelfWatch, PicksUpANinjaRebuild) {
  write_build_ninja(1);
  ASSERT_EQ(run_ninja(), 0);
  start_host();
  EXPECT_EQ(registry.ask("answer"), "v1");
  write_build_ninja(2);  // a changed command line: ninja relinks
  ASSERT_EQ(run_ninja(), 0);
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u) << log.all();
  EXPECT_TRUE(results[0].status.ok()) << results[0].status.message;
  EXPECT_EQ(results[0].version, 2u);
  EXPECT_EQ(registry.ask("answer"), "v2");
  // One link, one reload.
  EXPECT_TRUE(nothing_pending());
}

TEST_F(SelfWatch, NeverLoadsAHalfWrittenImage) {
  install(TEST_COG_ANSWER_V1, image);
  start_host();
  std::ifstream in(TEST_COG_ANSWER_V2, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Write half of v2 in place and close it: inotify says CLOSE_WRITE, but the
  // ELF headers point past the end.
  auto write_in_place = [&](size_t len) {
    const int fd = ::open(image.c_str(), O_WRONLY | O_TRUNC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, bytes.data(), len), static_cast<ssize_t>(len));
    ::close(fd);
  };
  write_in_place(bytes.size() / 2);
  EXPECT_TRUE(nothing_pending());
  EXPECT_EQ(registry.ask("answer"), "v1");
  write_in_place(bytes.size());
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u) << log.all();
  EXPECT_TRUE(results[0].status.ok()) << results[0].status.message;
  EXPECT_EQ(registry.ask("answer"), "v2");
}

TEST_F(SelfWatch, RenameOverTheOutputIsARebuild) {
  install(TEST_COG_ANSWER_V1, image);
  start_host();
  install(TEST_COG_ANSWER_V2, image);  // temp file + rename(2), like lld
  ASSERT_EQ(poll_until_applied(*host).size(), 1u) << log.all();
  EXPECT_EQ(registry.ask("answer"), "v2");
  // A file that is not the output changing in the same directory: nothing.
  std::ofstream(dir.path() + "/unrelated.txt") << "x";
  EXPECT_TRUE(nothing_pending());
}

}  // namespace
}  // namespace runtime_test
