#include "lib/build_progress.h"
#include "lib/terminal_style.h"

#include <gtest/gtest.h>

#include <unistd.h>

namespace hotcog::cli {
namespace {

TEST(ShortDescription, NamesTheFileAnEdgeCompilesOrLinks) {
  EXPECT_EQ(short_description("Building CXX object cogs/CMakeFiles/greeter.dir/greeter.cpp.o"),
            "greeter.cpp");
  EXPECT_EQ(short_description("Linking CXX shared library cogs/libgreeter.so"), "libgreeter.so");
  EXPECT_EQ(short_description("/usr/bin/g++ -fPIC -MD -MF echo.o.d -c ../src/echo.cpp -o echo.o"),
            "echo");
  EXPECT_EQ(short_description("Re-running CMake..."), "Re-running CMake...");
  EXPECT_EQ(short_description("  "), "");
}

TEST(TerminalStyle, PaintsOnlyWithColours) {
  TerminalStyle plain;
  EXPECT_EQ(plain.paint("error:", Paint::Red), "error:");
  TerminalStyle color;
  color.color = true;
  EXPECT_EQ(color.paint("error:", Paint::Red), "\x1b[1;31merror:\x1b[0m");
}

// Not a terminal (a pipe in this test): neither colours nor a status line,
// whatever the environment says.
TEST(TerminalStyle, APipeGetsPlainText) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  TerminalStyle style = TerminalStyle::detect(fds[1]);
  EXPECT_FALSE(style.color);
  EXPECT_FALSE(style.status_line);
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace hotcog::cli
