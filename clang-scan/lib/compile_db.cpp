// Loading compile_commands.json through clang's own JSON reader, so the
// "command" vs "arguments" forms and shell quoting are handled exactly as
// every other clang tool does.
#include "hotcog/scan/scanner.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include "scan_paths.h"

#include <set>

namespace hotcog::scan {

bool load_compile_commands(const std::string& build_dir,
                           const std::vector<std::string>& files,
                           std::vector<CompileCommand>* out, std::string* err) {
  llvm::SmallString<256> db_path(build_dir);
  llvm::sys::path::append(db_path, "compile_commands.json");
  if (!llvm::sys::fs::exists(db_path)) {
    *err = "no compile_commands.json in '" + build_dir +
           "' (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)";
    return false;
  }
  std::string message;
  auto db = clang::tooling::JSONCompilationDatabase::loadFromFile(
      db_path, message, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!db) {
    *err = "malformed compilation database '" + std::string(db_path) + "': " + message;
    return false;
  }

  std::set<std::string> wanted;
  for (const std::string& f : files) wanted.insert(normalize_path(f, current_directory()));
  std::set<std::string> found;

  // "@file" arguments (response files, as Meson, Bazel or a long CMake
  // command line write them) are expanded as the compiler would.
  std::unique_ptr<clang::tooling::CompilationDatabase> expanded =
      clang::tooling::expandResponseFiles(std::move(db), llvm::vfs::getRealFileSystem());

  for (const clang::tooling::CompileCommand& cc : expanded->getAllCompileCommands()) {
    CompileCommand command;
    command.directory = normalize_path(cc.Directory, current_directory());
    command.file = normalize_path(cc.Filename, command.directory);
    command.arguments = cc.CommandLine;
    if (command.arguments.empty()) {
      *err = "malformed compilation database '" + std::string(db_path) +
             "': empty command for '" + command.file + "'";
      return false;
    }
    if (!wanted.empty()) {
      if (!wanted.count(command.file)) continue;
      found.insert(command.file);
    }
    out->push_back(std::move(command));
  }
  for (const std::string& f : wanted) {
    if (!found.count(f)) {
      *err = "no compile command for '" + f + "' in '" + std::string(db_path) + "'";
      return false;
    }
  }
  return true;
}

}  // namespace hotcog::scan
