// Follows a running ninja build for the person watching: the status line
// ("[3/7] greeter.cpp") and the first compiler error as soon as ninja prints
// the failed edge, instead of both at the end of the build.
#pragma once

#include "lib/watch_reporter.h"

#include "hotcog/ninja/build_runner.h"

#include <string>
#include <string_view>

namespace hotcog::cli {

// Sets `request`'s callbacks to report to `reporter` (which must outlive
// the build). Relative paths in compiler output are taken from the build dir.
void follow_build(ninja::BuildRequest& request, WatchReporter& reporter);

// What a status line shows of an edge: the file it produces or compiles.
//   "Building CXX object cogs/CMakeFiles/greeter.dir/greeter.cpp.o" -> "greeter.cpp"
//   "Linking CXX shared library cogs/libgreeter.so"                  -> "libgreeter.so"
//   "/usr/bin/g++ -fPIC -c ../src/echo.cpp -o echo.o"                -> "echo"
//   anything else: as is
std::string short_description(std::string_view description);

}  // namespace hotcog::cli
