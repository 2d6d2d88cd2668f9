// The native .ninja_deps reader against logs written by a real ninja run
// (trivial commands that write depfiles, so no compiler is involved), checked
// against `ninja -t deps`, plus hand-corrupted copies.
#include "hotcog/ninja/deps_log.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "hotcog/ninja/ninja_tool.h"
#include "sample_project.h"

namespace hotcog::ninja {
namespace {

using Deps = std::map<std::string, std::vector<std::string>>;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

// A build dir whose edges each write a depfile naming the headers in $headers.
class DepsLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("hotcog-deps-log");
    ASSERT_FALSE(dir_.empty());
    for (const char* f : {"a.c", "b.c", "h1.h", "h2.h", "h3.h"}) spit(dir_ + "/" + f, "");
    write_build_ninja("h1.h h2.h", "h2.h");
  }
  void TearDown() override { testing::remove_tree(dir_); }

  void write_build_ninja(const std::string& a_deps, const std::string& b_deps) {
    spit(dir_ + "/build.ninja",
         "rule dep\n"
         "  command = printf '%s: %s %s\\n' $out $in \"$headers\" > $out.d && touch $out\n"
         "  depfile = $out.d\n"
         "  deps = gcc\n"
         "build a.o: dep a.c\n  headers = " + a_deps + "\n"
         "build b.o: dep b.c\n  headers = " + b_deps + "\n");
  }
  void ninja() {
    std::string out;
    ASSERT_EQ(testing::run_command({"ninja", "-C", dir_}, &out), 0) << out;
  }
  // The log as ninja itself reports it.
  Deps ninja_view() {
    std::string out, err;
    EXPECT_TRUE(run_ninja_tool(dir_, {"deps"}, &out, &err)) << err;
    return parse_deps_tool_output(out);
  }
  static Deps native_view(const DepsLog& log) {
    Deps d;
    for (const auto& rec : log.records)
      for (int in : rec.inputs) d[log.paths[rec.output]].push_back(log.paths[in]);
    return d;
  }
  LoadStatus load(const std::string& data, std::string* err) {
    spit(dir_ + "/copy", data);
    DepsLog log;
    return load_deps_log(dir_ + "/copy", &log, err);
  }

  std::string dir_;
};

TEST_F(DepsLogTest, AbsentIsNotFound) {
  DepsLog log;
  std::string err;
  EXPECT_EQ(load_deps_log(dir_ + "/.ninja_deps", &log, &err), LoadStatus::NotFound);
}

TEST_F(DepsLogTest, MatchesNinjaOnARealLog) {
  ninja();
  DepsLog log;
  std::string err;
  ASSERT_EQ(load_deps_log(dir_ + "/.ninja_deps", &log, &err), LoadStatus::Ok) << err;
  EXPECT_EQ(native_view(log), ninja_view());
  EXPECT_EQ(native_view(log)["a.o"], (std::vector<std::string>{"a.c", "h1.h", "h2.h"}));
  for (const auto& rec : log.records) EXPECT_GT(rec.mtime, 0);
}

TEST_F(DepsLogTest, LaterRecordForTheSameOutputWins) {
  ninja();
  write_build_ninja("h1.h h2.h", "h2.h h3.h");  // b.o's command changed: rebuilt
  ninja();
  DepsLog log;
  std::string err;
  ASSERT_EQ(load_deps_log(dir_ + "/.ninja_deps", &log, &err), LoadStatus::Ok) << err;
  Deps native = native_view(log);
  EXPECT_EQ(native["b.o"], (std::vector<std::string>{"b.c", "h2.h", "h3.h"}));
  EXPECT_EQ(native, ninja_view());
}

TEST_F(DepsLogTest, CorruptCopiesAreErrorsNeverWrongData) {
  ninja();
  const std::string good = slurp(dir_ + "/.ninja_deps");
  ASSERT_GT(good.size(), 40u);
  std::string err;
  ASSERT_EQ(load(good, &err), LoadStatus::Ok) << err;

  struct Case {
    const char* what;
    std::string data;
    const char* message;
  };
  std::string bad_version = good;
  bad_version[12] = 3;
  std::string bad_signature = good;
  bad_signature[2] = 'N';
  // The first record starts at offset 16: size (4 bytes), "a.o" or "b.o"
  // (whichever finished first) + one NUL of padding (4 bytes), checksum.
  ASSERT_EQ(good.substr(21, 3), std::string(".o\0", 3));
  std::string bad_checksum = good;
  bad_checksum[24] ^= 0x01;
  std::string huge_record = good;
  huge_record[16 + 2] = 0x7f;  // record size far above 512 KiB
  std::string bad_id = good;
  // Find the first deps record (high bit of the size set) and point its
  // output id past the end of the path table.
  size_t pos = 16;
  while (pos + 4 <= bad_id.size() && !(static_cast<unsigned char>(bad_id[pos + 3]) & 0x80)) {
    uint32_t size = static_cast<unsigned char>(bad_id[pos]) | static_cast<unsigned char>(bad_id[pos + 1]) << 8;
    pos += 4 + size;
  }
  ASSERT_LT(pos + 8, bad_id.size());
  bad_id[pos + 4] = 0x70;

  const Case cases[] = {
      {"empty file", "", "not a ninja deps log"},
      {"signature", bad_signature, "not a ninja deps log"},
      {"version", bad_version, "version 3"},
      {"checksum", bad_checksum, "checksum"},
      {"record size", huge_record, "bad record size"},
      {"unknown id", bad_id, "unknown path id"},
      {"truncated in a record", good.substr(0, good.size() - 5), "truncated record"},
      {"two bytes short", good.substr(0, good.size() - 2), "truncated"},
      {"two bytes long", good + std::string(2, '\0'), "truncated record header"},
  };
  for (const Case& c : cases) {
    std::string why;
    EXPECT_EQ(load(c.data, &why), LoadStatus::Error) << c.what;
    EXPECT_NE(why.find(c.message), std::string::npos) << c.what << ": " << why;
  }
}

}  // namespace
}  // namespace hotcog::ninja
