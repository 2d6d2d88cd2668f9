// When an old image stays mapped after a full reload (image_retention.h):
// the layouts say which classes the host can hold, the image's own symbol
// table says which of their vtables it defines. Real images for the symbol
// side (patch_v1 and a stripped copy), manifests written as the build does.
#include "image_retention.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "layout_text.hpp"
#include "test_support.hpp"

namespace runtime_test {
namespace {

using hotcog::rt::host_reachable_class;
using hotcog::rt::LayoutManifest;
using hotcog::rt::read_vtable_classes;

LayoutManifest manifest(const std::string& records) { return layouts("hotcog-layouts|2\n" + records); }

// A dynamic record `name` (with one non-virtual base if given).
std::string dynamic(const std::string& name, const std::string& base = "") {
  return "record|" + name + "|8|8|1|00000000000000a1|world.hpp|3\n" +
         (base.empty() ? "" : "base|0|n|" + base + "\n") + "end\n";
}

// The host has arena::Ticker; the image implements it with a class of its own.
class ImageRetention : public ::testing::Test {
 protected:
  const LayoutManifest kHost = manifest(dynamic("arena::Ticker"));
  const LayoutManifest kImage =
      manifest(dynamic("(anonymous namespace)::Clock", "arena::Ticker") + dynamic("arena::Ticker"));
};

TEST_F(ImageRetention, UnknownVtablesKeepEveryClassThatReachesAHostType) {
  EXPECT_EQ(host_reachable_class(kImage, kHost), "(anonymous namespace)::Clock");
}

TEST_F(ImageRetention, AnImageWithoutTheVtablesIsNotKept) {
  // It includes the interface (its manifest lists it) but makes no object.
  const std::set<std::string> none;
  EXPECT_EQ(host_reachable_class(kImage, kHost, &none), "");
  const std::set<std::string> unrelated = {"(anonymous namespace)::Other"};
  EXPECT_EQ(host_reachable_class(kImage, kHost, &unrelated), "");
}

TEST_F(ImageRetention, AnImageDefiningTheVtableOfSuchAClassIsKept) {
  const std::set<std::string> clock = {"(anonymous namespace)::Clock"};
  EXPECT_EQ(host_reachable_class(kImage, kHost, &clock), "(anonymous namespace)::Clock");
  const std::set<std::string> ticker = {"arena::Ticker"};
  EXPECT_EQ(host_reachable_class(kImage, kHost, &ticker), "arena::Ticker");
}

TEST_F(ImageRetention, NamesTheDemanglerMaySpellOtherwiseAreNeverRuledOut) {
  const LayoutManifest image = manifest(dynamic("arena::Box<int>", "arena::Ticker"));
  const std::set<std::string> none;
  EXPECT_EQ(host_reachable_class(image, kHost, &none), "arena::Box<int>");
}

TEST_F(ImageRetention, ReadsTheVtablesARealImageDefines) {
  std::set<std::string> classes;
  std::string error;
  ASSERT_TRUE(read_vtable_classes(TEST_COG_PATCH_V1, &classes, &error)) << error;
  // patch_cog.cpp's Rect (test_cogs::Shape's implementation) makes objects.
  EXPECT_EQ(classes.count("(anonymous namespace)::Rect"), 1u);
  // Its own vtable only: nothing of the classes it does not define.
  EXPECT_EQ(classes.count("arena::Ticker"), 0u);
}

TEST_F(ImageRetention, StrippedOrUnreadableImagesLeaveTheVtablesUnknown) {
  TempDir dir;
  std::set<std::string> classes;
  std::string error;
  EXPECT_FALSE(read_vtable_classes(dir.path() + "/missing.so", &classes, &error));
  EXPECT_NE(error.find("missing.so"), std::string::npos) << error;

  const std::string stripped = dir.path() + "/stripped.so";
  const std::string cmd = "strip -o '" + stripped + "' '" TEST_COG_PATCH_V1 "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_FALSE(read_vtable_classes(stripped, &classes, &error));
  EXPECT_NE(error.find("stripped"), std::string::npos) << error;
}

}  // namespace
}  // namespace runtime_test
