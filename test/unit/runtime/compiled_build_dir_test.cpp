// hotcog_add_host() defines HOTCOG_DEFAULT_BUILD_DIR for the host's sources;
// the Host's inline default constructor must pick it up where the Host is
// constructed. (Only this file of the test binary uses Host() with no
// arguments, so the inline definition it sees is the one that is linked.)
#define HOTCOG_DEFAULT_BUILD_DIR "/nonexistent/hotcog-compiled-build-dir"

#include <gtest/gtest.h>

#include <cstdlib>

#include <hotcog/host.hpp>

namespace runtime_test {
namespace {

TEST(CompiledBuildDir, DefaultConstructorUsesTheMacro) {
  ::unsetenv("HOTCOG_BUILD_DIR");
  hotcog::Host host;
  EXPECT_EQ(host.build_dir(), "/nonexistent/hotcog-compiled-build-dir");
  EXPECT_TRUE(host.cogs().empty());
}

TEST(CompiledBuildDir, EnvironmentWinsOverTheMacro) {
  ::setenv("HOTCOG_BUILD_DIR", "/nonexistent/from-env", 1);
  hotcog::Host host;
  ::unsetenv("HOTCOG_BUILD_DIR");
  EXPECT_EQ(host.build_dir(), "/nonexistent/from-env");
}

}  // namespace
}  // namespace runtime_test
