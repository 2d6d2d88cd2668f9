// A source saved while its compile ran: ninja alone never rebuilds the
// object; after mark_stale it does. Real ninja, a "compiler" that is cat.
#include "hotcog/ninja/stale_outputs.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "hotcog/ninja/build_runner.h"
#include "sample_project.h"

namespace hotcog::ninja {
namespace {

class StaleOutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("hotcog-stale");
    ASSERT_FALSE(dir_.empty());
    std::ofstream(dir_ + "/build.ninja")
        << "rule cc\n  command = cat $in > $out\nbuild x.o: cc x.c\n";
    std::ofstream(dir_ + "/x.c") << "1";
  }
  void TearDown() override { testing::remove_tree(dir_); }
  BuildResult build() {
    BuildRequest req;
    req.build_dir = dir_;
    return run_build(req);
  }
  std::string object() {
    std::ifstream in(dir_ + "/x.o");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::string dir_;
};

TEST_F(StaleOutputsTest, AnEditTheCompileMissedIsRebuiltOnceMarked) {
  BuildResult first = build();
  ASSERT_TRUE(first.ok()) << first.output;
  std::vector<std::string> objects = compiled_outputs(first.ran);
  EXPECT_EQ(objects, (std::vector<std::string>{"x.o"}));

  // The save landed after the compile read x.c, before it wrote x.o: the
  // source is older than the object.
  std::ofstream(dir_ + "/x.c") << "2";
  struct stat obj;
  ASSERT_EQ(stat((dir_ + "/x.o").c_str(), &obj), 0);
  timespec older[2] = {obj.st_mtim, obj.st_mtim};
  older[0].tv_sec -= 1;
  older[1].tv_sec -= 1;
  ASSERT_EQ(utimensat(AT_FDCWD, (dir_ + "/x.c").c_str(), older, 0), 0);
  BuildResult blind = build();
  ASSERT_TRUE(blind.ok()) << blind.output;
  EXPECT_EQ(object(), "1") << "ninja rebuilt it by itself; the race this guards is gone";

  std::string err;
  ASSERT_TRUE(mark_stale(dir_, objects, &err)) << err;
  BuildResult again = build();
  ASSERT_TRUE(again.ok()) << again.output;
  EXPECT_EQ(object(), "2");
}

TEST_F(StaleOutputsTest, MissingOutputsAreSkippedAndOnlyCompilesCount) {
  std::string err;
  EXPECT_TRUE(mark_stale(dir_, {"never-built.o"}, &err)) << err;
  std::vector<RanEdge> ran = {{{"a.o"}, 0, 1, EdgeKind::Compile},
                              {{"liba.so"}, 1, 2, EdgeKind::Link},
                              {{"b.o", "b.o.layouts"}, 0, 1, EdgeKind::Compile}};
  EXPECT_EQ(compiled_outputs(ran), (std::vector<std::string>{"a.o", "b.o", "b.o.layouts"}));
}

}  // namespace
}  // namespace hotcog::ninja
