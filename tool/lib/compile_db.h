// The compile commands the scanner reads. A CMake project that exports them
// (hotcog_add_cog() turns CMAKE_EXPORT_COMPILE_COMMANDS on) has
// <build>/compile_commands.json; for any other ninja project they are asked
// from ninja (`ninja -t compdb`), filtered to compiles of C/C++ sources (the
// link and phony edges ninja also lists have no source), and written to
// <build>/hotcog/compdb/compile_commands.json.
#pragma once

#include <llvm/Support/Error.h>

#include <map>
#include <string>
#include <vector>

namespace hotcog::cli {

struct CompileDb {
  std::string dir;                 // pass as `hotcog-scan -p`
  std::vector<std::string> files;  // every TU, absolute and normalized
  std::map<std::string, std::string> outputs;  // TU -> its object, where the entry names it
  bool from_ninja = false;         // made with `ninja -t compdb`
};

llvm::Expected<CompileDb> load_compile_db(const std::string& build_dir);

// A C/C++/Objective-C source by its extension (.c .cc .cpp .cxx .c++ .C .m .mm).
bool is_source_file(llvm::StringRef file);

// Pure part, for tests: the compile entries of `ninja -t compdb` output as a
// compile_commands.json text, and the files of a database text.
llvm::Expected<std::string> filter_ninja_compdb(llvm::StringRef text);
llvm::Expected<std::vector<std::string>> compile_db_files(llvm::StringRef text,
                                                          const std::string& origin);
// TU -> object ("output", absolute against "directory"); entries without one
// are left out.
std::map<std::string, std::string> compile_db_outputs(llvm::StringRef text);

// One entry with its argument list ("arguments", or "command" split the way
// a shell would); for `hotcog doctor`'s flag checks.
struct CompileCommand {
  std::string file;  // absolute, normalized
  std::vector<std::string> args;  // args[0] is the compiler
};
llvm::Expected<std::vector<CompileCommand>> compile_db_commands(llvm::StringRef text,
                                                                const std::string& origin);

}  // namespace hotcog::cli
