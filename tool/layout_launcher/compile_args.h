// What hotcog-cc needs to know about a compile command: whether it compiles
// one source to one object (`-c ... -o <obj>`, as CMake's Ninja generator
// writes every compile rule), and which file is the source (for the message
// and the `incomplete` line when the scan itself fails; the scanner finds the
// source on its own with clang's driver).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hotcog::launcher {

struct CompileArgs {
  std::string object;  // the -o value
  std::string source;  // the -c value, or the last argument with a C/C++ source extension
};

// nullopt: not a compile to an object (no -c, or no -o): nothing to scan.
std::optional<CompileArgs> read_compile_args(const std::vector<std::string>& command);

}  // namespace hotcog::launcher
