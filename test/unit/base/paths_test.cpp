#include "hotcog/base/paths.h"

#include <gtest/gtest.h>

namespace hotcog {
namespace {

TEST(Paths, NormalPathsAreReturnedAsTheyAre) {
  EXPECT_EQ(lexically_normal_path("/src/cogs/greeter.cpp"), "/src/cogs/greeter.cpp");
  EXPECT_EQ(lexically_normal_path("a/b.h"), "a/b.h");
  EXPECT_EQ(lexically_normal_path("/"), "/");
  EXPECT_EQ(lexically_normal_path(".hidden/..x"), ".hidden/..x");  // not "." or ".." components
}

TEST(Paths, DotsAndSlashesAreRemovedLexically) {
  EXPECT_EQ(lexically_normal_path("./a/./b"), "a/b");
  EXPECT_EQ(lexically_normal_path("a/x/../b"), "a/b");
  EXPECT_EQ(lexically_normal_path("/usr//include/../lib/"), "/usr/lib");
  EXPECT_EQ(lexically_normal_path("/.."), "/");
  EXPECT_EQ(lexically_normal_path("/../a"), "/a");
  EXPECT_EQ(lexically_normal_path("../a/../b"), "../b");  // a relative path keeps its leading ..
  EXPECT_EQ(lexically_normal_path("a/.."), ".");
  EXPECT_EQ(lexically_normal_path(""), ".");
}

TEST(Paths, AbsoluteAgainstABase) {
  EXPECT_EQ(absolute_path("../src/a.cpp", "/work/build"), "/work/src/a.cpp");
  EXPECT_EQ(absolute_path("/abs/./x.h", "/work/build"), "/abs/x.h");
  EXPECT_EQ(absolute_path(".", "/work/build/"), "/work/build");
}

TEST(Paths, UnderMeansTheDirOrInsideIt) {
  EXPECT_TRUE(path_is_under("/src/a.cpp", "/src"));
  EXPECT_TRUE(path_is_under("/src", "/src"));
  EXPECT_TRUE(path_is_under("/src/a.cpp", "/"));
  EXPECT_FALSE(path_is_under("/srcx/a.cpp", "/src"));
  EXPECT_FALSE(path_is_under("/sr", "/src"));
}

}  // namespace
}  // namespace hotcog
