// .ninja_log reading and "what ran", on logs written by real ninja runs
// (ninja 1.11 writes v5; v6 and v7 only changed the header and the hash
// function, so those goldens are the real v5 log with the header rewritten),
// plus hand-corrupted copies.
#include "hotcog/ninja/ninja_log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "hotcog/ninja/build_runner.h"
#include "sample_project.h"

namespace hotcog::ninja {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& data, bool append = false) {
  std::ofstream(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc)) << data;
}

class NinjaLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("hotcog-ninja-log");
    ASSERT_FALSE(dir_.empty());
    spit(dir_ + "/in.c", "");
    // Two "compiles", one "link" with two outputs, one generated file.
    spit(dir_ + "/build.ninja",
         "rule cc\n  command = cp $in $out\n"
         "rule link\n  command = cat $in > libx.so && cp libx.so libx.so.1\n"
         "rule gen\n  command = echo $version > $out\n"
         "build a.o: cc in.c\n"
         "build b.o: cc in.c\n"
         "build libx.so libx.so.1: link a.o b.o\n"
         "build gen.h: gen\n  version = 1\n");
  }
  void TearDown() override { testing::remove_tree(dir_); }

  BuildResult build(const std::vector<std::string>& targets = {}) {
    BuildRequest req;
    req.build_dir = dir_;
    req.targets = targets;
    return run_build(req);
  }
  std::string dir_;
};

TEST_F(NinjaLogTest, ReadsARealV5Log) {
  ASSERT_TRUE(build().ok());
  NinjaLog log;
  std::string err;
  ASSERT_EQ(load_ninja_log(dir_ + "/.ninja_log", &log, &err), LoadStatus::Ok) << err;
  EXPECT_EQ(log.version, 5);
  ASSERT_EQ(log.entries.size(), 5u);  // libx.so and libx.so.1 have a line each
  for (const NinjaLogEntry& e : log.entries) {
    EXPECT_LE(e.start_ms, e.end_ms);
    EXPECT_GT(e.mtime, 0);
    EXPECT_NE(e.command_hash, 0u);
  }
}

TEST_F(NinjaLogTest, V6AndV7HaveTheSameLines) {
  ASSERT_TRUE(build().ok());
  std::string v5 = slurp(dir_ + "/.ninja_log");
  ASSERT_EQ(v5.rfind("# ninja log v5\n", 0), 0u);
  for (int version : {6, 7}) {
    std::string text = "# ninja log v" + std::to_string(version) + "\n" + v5.substr(15);
    NinjaLog log;
    std::string err;
    ASSERT_TRUE(parse_ninja_log(text, "golden", &log, &err)) << err;
    EXPECT_EQ(log.version, version);
    EXPECT_EQ(log.entries.size(), 5u);
  }
}

TEST_F(NinjaLogTest, AbsentAndBrokenAreApart) {
  NinjaLog log;
  std::string err;
  EXPECT_EQ(load_ninja_log(dir_ + "/.ninja_log", &log, &err), LoadStatus::NotFound);
  ASSERT_TRUE(build().ok());
  std::string good = slurp(dir_ + "/.ninja_log");

  struct Case {
    const char* what;
    std::string text;
    const char* message;
  };
  std::string hash_not_hex = good;
  hash_not_hex.insert(good.find('\n', 20) - 1, "z");
  std::string missing_field = good;
  missing_field.erase(missing_field.find('\t', 20), 1);
  const Case cases[] = {
      {"empty", "", "not a ninja log"},
      {"v4", "# ninja log v4\n", "version 4"},
      {"garbage header", "ninja log\n1\t2\t3\tx\t4\n", "not a ninja log"},
      {"hash not hex", hash_not_hex, "line 1"},
      {"missing field", missing_field, "not a ninja log entry"},
      {"binary junk", good + std::string("\x01\x02\x03\n", 4), "line 6"},
  };
  for (const Case& c : cases) {
    spit(dir_ + "/copy", c.text);
    std::string why;
    EXPECT_EQ(load_ninja_log(dir_ + "/copy", &log, &why), LoadStatus::Error) << c.what;
    EXPECT_NE(why.find(c.message), std::string::npos) << c.what << ": " << why;
  }
  // A last line without '\n' is an entry ninja was stopped writing: skipped.
  spit(dir_ + "/copy", good + "12\t34\t56\thalf");
  ASSERT_EQ(load_ninja_log(dir_ + "/copy", &log, &err), LoadStatus::Ok) << err;
  EXPECT_EQ(log.entries.size(), 5u);
}

TEST_F(NinjaLogTest, BuildReportsWhatRan) {
  BuildResult first = build();
  ASSERT_TRUE(first.ok()) << first.output;
  EXPECT_TRUE(first.ran_error.empty()) << first.ran_error;
  RanSummary s = summarize(first.ran);
  EXPECT_EQ(s.compiles, 2);
  EXPECT_EQ(s.links, 1);
  EXPECT_EQ(s.others, 1);
  EXPECT_EQ(s.text(), "2 compiles, 1 link, 1 other step");
  for (const RanEdge& e : first.ran) {
    if (e.kind == EdgeKind::Link) {
      EXPECT_EQ(e.outputs, (std::vector<std::string>{"libx.so", "libx.so.1"}));
    }
  }

  // Nothing to do: nothing ran.
  BuildResult noop = build();
  ASSERT_TRUE(noop.ok());
  EXPECT_TRUE(noop.ran.empty());
  EXPECT_EQ(summarize(noop.ran).text(), "nothing to do");

  // A new edge next to up-to-date ones: only it ran.
  spit(dir_ + "/b.only", "");
  spit(dir_ + "/build.ninja", slurp(dir_ + "/build.ninja") + "build c.o: cc b.only\n");
  BuildResult one = build({"c.o"});
  ASSERT_TRUE(one.ok()) << one.output;
  ASSERT_EQ(one.ran.size(), 1u);
  EXPECT_EQ(one.ran[0].outputs, std::vector<std::string>{"c.o"});
  EXPECT_EQ(one.ran[0].kind, EdgeKind::Compile);
}

TEST_F(NinjaLogTest, WhatRanSurvivesNinjaRecompactingTheLog) {
  ASSERT_TRUE(build().ok());
  // Over 100 entries and more than 3 per output: ninja rewrites the log into
  // a new file when the next build starts.
  std::string lines = slurp(dir_ + "/.ninja_log").substr(15);
  for (int i = 0; i < 30; ++i) spit(dir_ + "/.ninja_log", lines, true);
  spit(dir_ + "/in.c", "changed");
  struct stat before, after;
  ASSERT_EQ(stat((dir_ + "/.ninja_log").c_str(), &before), 0);
  BuildResult r = build({"a.o"});
  ASSERT_TRUE(r.ok()) << r.output;
  ASSERT_EQ(stat((dir_ + "/.ninja_log").c_str(), &after), 0);
  ASSERT_NE(before.st_ino, after.st_ino) << "ninja did not rewrite the log";
  EXPECT_TRUE(r.ran_error.empty()) << r.ran_error;
  ASSERT_EQ(r.ran.size(), 1u);
  EXPECT_EQ(r.ran[0].outputs, std::vector<std::string>{"a.o"});
}

TEST(ClassifyOutput, ByName) {
  EXPECT_EQ(classify_output("CMakeFiles/greeter.dir/greeter.cpp.o"), EdgeKind::Compile);
  EXPECT_EQ(classify_output("libgreeter.so"), EdgeKind::Link);
  EXPECT_EQ(classify_output("lib/libutil.a"), EdgeKind::Link);
  EXPECT_EQ(classify_output("libgreeter.so.1.2"), EdgeKind::Link);
  EXPECT_EQ(classify_output("bin/app"), EdgeKind::Link);
  EXPECT_EQ(classify_output("gen/version.h"), EdgeKind::Other);
  EXPECT_EQ(classify_output("CMakeFiles/cmake.verify_globs"), EdgeKind::Other);
}

}  // namespace
}  // namespace hotcog::ninja
