#include "lib/reload_set.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace hotcog::cli {
namespace {

using Names = std::vector<std::string>;

TEST(ReloadSet, OnlyWhatNinjaRelinked) {
  ReloadInputs in{{"a", "b", "c"}, Names{"b"}, {}, {}};
  EXPECT_EQ(cogs_to_reload(in), Names{"b"});
}

TEST(ReloadSet, CmakeRerunThatRelinksNothingReloadsNothing) {
  ImageStamps same{{"a", {10, 100}}, {"b", {20, 200}}};
  ReloadInputs in{{"a", "b"}, Names{}, same, same};
  EXPECT_TRUE(cogs_to_reload(in).empty());
}

TEST(ReloadSet, ImageRebuiltOutsideHotcogIsReloaded) {
  // ninja's log of this build is empty (the user's own `ninja` did the work),
  // but b's image is not the one seen after the previous build.
  ReloadInputs in{{"a", "b"}, Names{}, {{"a", {1, 1}}, {"b", {1, 1}}}, {{"a", {1, 1}}, {"b", {2, 1}}}};
  EXPECT_EQ(cogs_to_reload(in), Names{"b"});
}

TEST(ReloadSet, UnknownLogFallsBackToStampsThenToThePlan) {
  ReloadInputs stamps_only{{"a", "b"}, std::nullopt, {{"a", {1, 1}}, {"b", {1, 1}}},
                           {{"a", {1, 1}}, {"b", {1, 2}}}};
  EXPECT_EQ(cogs_to_reload(stamps_only), Names{"b"});
  ReloadInputs nothing_known{{"b", "a"}, std::nullopt, {}, {}};
  EXPECT_EQ(cogs_to_reload(nothing_known), (Names{"b", "a"}));
}

TEST(ReloadSet, RelinkedCogsOutsideThePlanAreNotReloaded) {
  // Carried or planned cogs only: the host is asked about what this batch built.
  ReloadInputs in{{"a"}, Names{"a", "z"}, {}, {}};
  EXPECT_EQ(cogs_to_reload(in), Names{"a"});
}

TEST(ReloadSet, StampOfARealFile) {
  std::string path = testing::TempDir() + "reload_set_stamp_" + std::to_string(getpid());
  EXPECT_EQ(stamp_of(path).size, -1);
  std::ofstream(path) << "abc";
  ImageStamp stamp = stamp_of(path);
  EXPECT_EQ(stamp.size, 3);
  EXPECT_GT(stamp.mtime_ns, 0);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace hotcog::cli
