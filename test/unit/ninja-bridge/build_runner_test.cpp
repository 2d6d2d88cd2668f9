// run_build details that need no compiler: the job limit, and diagnostics
// parsing of text shapes the real-compiler tests do not produce (colour).
#include "hotcog/ninja/build_runner.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "sample_project.h"

namespace hotcog::ninja {
namespace {

// Two edges that fail if they run at the same time (mkdir of the same dir).
class JobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("hotcog-jobs");
    ASSERT_FALSE(dir_.empty());
    std::ofstream(dir_ + "/build.ninja")
        << "rule exclusive\n  command = mkdir busy && sleep 0.3 && rmdir busy && touch $out\n"
        << "build one: exclusive\nbuild two: exclusive\n";
  }
  void TearDown() override {
    unsetenv("HOTCOG_NINJA_JOBS");
    testing::remove_tree(dir_);
  }
  BuildResult build(int jobs) {
    BuildRequest req;
    req.build_dir = dir_;
    req.jobs = jobs;
    return run_build(req);
  }
  std::string dir_;
};

TEST_F(JobsTest, TwoJobsOverlap) { EXPECT_FALSE(build(2).ok()); }

TEST_F(JobsTest, OneJobRunsThemInTurn) {
  BuildResult r = build(1);
  EXPECT_TRUE(r.ok()) << r.output;
  EXPECT_EQ(r.ran.size(), 2u);
}

TEST_F(JobsTest, EnvironmentSetsTheDefault) {
  setenv("HOTCOG_NINJA_JOBS", "1", 1);
  BuildResult r = build(0);
  EXPECT_TRUE(r.ok()) << r.output;
}

TEST(ParseDiagnostics, ColourCodesAreStripped) {
  std::string text =
      "\x1b[1m/src/a.cpp:3:7: \x1b[0m\x1b[0;1;31merror: \x1b[0m\x1b[1muse of undeclared identifier 'x'\x1b[0m\n";
  auto d = parse_diagnostics(text, "/build");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].text(), "/src/a.cpp:3:7: error: use of undeclared identifier 'x'");
}

TEST(ParseDiagnostics, RelativePathsAreTakenFromTheBuildDir) {
  auto d = parse_diagnostics("../src/./a.cpp:1:2: warning: unused\ngen/x.h:5:1: error: bad\n", "/p/build");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].text(), "/p/build/gen/x.h:5:1: error: bad");  // errors first
  EXPECT_EQ(d[1].text(), "/p/src/a.cpp:1:2: warning: unused");
}

TEST(ParseDiagnostics, OddLinesAreNotDiagnostics) {
  std::string text =
      "a.cpp:99999999999999999999: error: huge line number\n"
      ": error: no file\n"
      "In file included from \n"
      "error: plain\n"
      "/usr/bin/ld: a.o: in function `f':\n";
  EXPECT_TRUE(parse_diagnostics(text, "/b").empty());
}

TEST(ParseDiagnostics, CMakeMessagesAreRelativeToTheSourceDir) {
  std::string text =
      "CMake Warning (dev) at cmake/x.cmake:3 (message):\n  careful\n\n"
      "CMake Error at CMakeLists.txt:8 (add_library):\n  Cannot find source file:\n\n    y.cpp\n";
  auto d = parse_diagnostics(text, "/p/build", "/p/src");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].text(), "/p/src/CMakeLists.txt:8: error: Cannot find source file:");
  EXPECT_EQ(d[1].text(), "/p/src/cmake/x.cmake:3: warning: careful");
}

}  // namespace
}  // namespace hotcog::ninja
