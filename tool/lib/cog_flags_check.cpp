#include "lib/cog_flags_check.h"

#include "lib/compile_db.h"

#include <fmt/format.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <map>

namespace hotcog::cli {
namespace {

// GCC (g++, gcc, c++ on Debian, x86_64-linux-gnu-g++-12, ...), not clang.
bool is_gcc(llvm::StringRef compiler) {
  llvm::StringRef name = llvm::sys::path::filename(compiler);
  if (name.contains("clang")) return false;
  return name.contains("g++") || name.contains("gcc") || name == "c++" || name == "cc";
}

// The value of the last `-fvisibility=`, "" if none.
std::string last_visibility(const std::vector<std::string>& args) {
  std::string value;
  for (llvm::StringRef arg : args)
    if (arg.consume_front("-fvisibility=")) value = arg.str();
  return value;
}

bool gnu_unique_off(const std::vector<std::string>& args) {
  bool off = false;
  for (const std::string& arg : args) {
    if (arg == "-fno-gnu-unique") off = true;
    if (arg == "-fgnu-unique") off = false;
  }
  return off;
}

}  // namespace

std::vector<std::string> missing_cog_flags(const std::vector<std::string>& args) {
  std::vector<std::string> missing;
  if (args.empty()) return missing;
  if (last_visibility(args) != "hidden") missing.push_back("-fvisibility=hidden");
  if (is_gcc(args.front()) && !gnu_unique_off(args)) missing.push_back("-fno-gnu-unique");
  return missing;
}

CheckResult check_cog_flags(const Project& project) {
  const char* name = "cog flags";
  const std::string path = project.build_dir + "/compile_commands.json";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFile(path);
  if (!text) return check_skipped(name, "needs compile_commands.json");
  llvm::Expected<std::vector<CompileCommand>> commands =
      compile_db_commands((*text)->getBuffer(), path);
  if (!commands) return check_skipped(name, llvm::toString(commands.takeError()));
  std::map<std::string, std::string> cog_of;  // normalized source -> cog
  for (const CogEntry& cog : project.manifest.cogs)
    for (const std::string& src : cog.sources) cog_of[normalize_path(src)] = cog.name;
  size_t checked = 0;
  for (const CompileCommand& command : *commands) {
    auto it = cog_of.find(command.file);
    if (it == cog_of.end()) continue;
    ++checked;
    std::vector<std::string> missing = missing_cog_flags(command.args);
    if (!missing.empty())
      return check_fail(name,
                        fmt::format("{} (cog {}) is compiled without {}", command.file,
                                    it->second, fmt::join(missing, " ")),
                        "build cogs with hotcog_add_cog(), which sets CXX_VISIBILITY_PRESET "
                        "hidden and -fno-gnu-unique; a target made by hand needs both");
  }
  if (checked == 0) return check_skipped(name, "compile_commands.json lists no cog source");
  return check_ok(name, fmt::format("{} cog TU(s) compiled with -fvisibility=hidden "
                                    "(and -fno-gnu-unique with GCC)",
                                    checked));
}

}  // namespace hotcog::cli
