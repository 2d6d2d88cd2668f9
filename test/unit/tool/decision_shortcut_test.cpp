#include "lib/decision_shortcut.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

Owner cog(std::string name, std::vector<std::string> tus) { return {std::move(name), false, std::move(tus)}; }
Owner host(std::string name, std::vector<std::string> tus) { return {std::move(name), true, std::move(tus)}; }

TEST(DecisionShortcut, OneIncluderOfOneCogBuildsWithoutDeciding) {
  std::optional<std::string> why =
      build_without_deciding({cog("greeter", {"/src/greeter.cpp", "/src/util.cpp"})},
                             {"/src/greeter.cpp"});
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "one includer TU (greeter.cpp of greeter), whose parse would cost about its compile");
}

TEST(DecisionShortcut, OtherCogCandidatesThatIncludeNothingDoNotMatter) {
  // echo is tied to the header by ninja but none of its TUs includes it now:
  // rebuilt either way, the decision could not save its build.
  EXPECT_TRUE(build_without_deciding({cog("echo", {"/src/echo.cpp"}), cog("greeter", {"/src/greeter.cpp"})},
                                     {"/src/greeter.cpp"}).has_value());
  EXPECT_TRUE(build_without_deciding({cog("nocmd", {}), cog("greeter", {"/src/greeter.cpp"})},
                                     {"/src/greeter.cpp"}).has_value());
}

TEST(DecisionShortcut, TwoIncludersAreDecided) {
  EXPECT_FALSE(build_without_deciding({cog("echo", {"/src/echo.cpp"}), cog("greeter", {"/src/greeter.cpp"})},
                                      {"/src/echo.cpp", "/src/greeter.cpp"}).has_value());
  EXPECT_FALSE(build_without_deciding({cog("greeter", {"/src/a.cpp", "/src/b.cpp"})},
                                      {"/src/a.cpp", "/src/b.cpp"}).has_value());
}

TEST(DecisionShortcut, NoIncluderIsDecidedWithoutAParseAnyway) {
  EXPECT_FALSE(build_without_deciding({cog("greeter", {"/src/greeter.cpp"})}, {}).has_value());
}

TEST(DecisionShortcut, AHostCandidateIsAlwaysDecided) {
  // Its restart depends on what its code uses: only the parse says.
  EXPECT_FALSE(build_without_deciding({cog("greeter", {"/src/greeter.cpp"}), host("bot", {"/src/main.cpp"})},
                                      {"/src/greeter.cpp"}).has_value());
  EXPECT_FALSE(build_without_deciding({host("bot", {"/src/main.cpp"})}, {"/src/main.cpp"}).has_value());
}

TEST(DecisionShortcut, ATuBuiltIntoTwoCogsIsDecided) {
  // One parse could save two compiles.
  EXPECT_FALSE(build_without_deciding({cog("a", {"/src/shared.cpp"}), cog("b", {"/src/shared.cpp"})},
                                      {"/src/shared.cpp"}).has_value());
}

TEST(DecisionShortcut, AnIncluderOfNoCandidateIsDecided) {
  EXPECT_FALSE(build_without_deciding({cog("greeter", {"/src/greeter.cpp"})}, {"/src/other.cpp"})
                   .has_value());
}

}  // namespace
}  // namespace hotcog::cli
