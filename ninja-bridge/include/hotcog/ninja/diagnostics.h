// Compiler diagnostics extracted from build output, in the form editors
// understand ("file:line:col: error: message").
//
// Both GCC 12 and clang 14 print "path:line:col: severity: message"; they
// differ in how they show the include stack of a diagnostic in a header:
//
//   GCC (innermost first, continuation lines):   clang (outermost first):
//     In file included from /src/b.h:2,            In file included from /src/a.cpp:1:
//                      from /src/a.cpp:1:          In file included from /src/b.h:2:
//     /src/c.h:3:5: error: ...                     /src/c.h:3:5: error: ...
//
// Both are normalized to `included_from` = innermost first ("/src/b.h:2",
// "/src/a.cpp:1"). Linker errors ("ld: ... undefined reference to ...") have
// no position; they become diagnostics with an empty file. CMake's own
// errors, printed when ninja re-runs CMake ("CMake Error at CMakeLists.txt:8
// (add_library):" and an indented message), become diagnostics at that file
// and line; CMake prints those paths relative to the top source dir. ANSI
// colour escapes are stripped first (ninja removes them from output going
// to a pipe, unless the user set CLICOLOR_FORCE=1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hotcog::ninja {

struct Diagnostic {
  std::string file;  // absolute, lexically normalized; empty for linker errors
  int line = 0;      // 0 when the compiler gave none
  int column = 0;    // 0 when the compiler gave none
  std::string severity;  // "error", "fatal error", "warning", "note"
  std::string message;
  std::vector<std::string> included_from;  // "file:line", innermost first

  bool is_error() const { return severity == "error" || severity == "fatal error"; }
  // "file:line:col: severity: message" (parts that are unknown are left out).
  std::string text() const;
};

// Extracts diagnostics from compiler/linker output. Relative paths are taken
// relative to `base_dir` (ninja runs commands in the build dir), CMake's
// relative to `cmake_source_dir` (default: base_dir). The result
// keeps the compilers' order within each severity, with errors first, then
// warnings, then notes; exact duplicates (a header error seen from two
// translation units) are listed once.
std::vector<Diagnostic> parse_diagnostics(std::string_view output,
                                          const std::string& base_dir,
                                          const std::string& cmake_source_dir = "");

// Removes ANSI escape sequences (colour codes) from compiler output.
std::string strip_ansi(std::string_view text);

}  // namespace hotcog::ninja
