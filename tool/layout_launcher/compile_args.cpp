#include "compile_args.h"

namespace hotcog::launcher {
namespace {

bool has_source_extension(const std::string& arg) {
  static const char* const extensions[] = {".cpp", ".cc", ".cxx", ".c++", ".C", ".c", ".cp"};
  for (const char* ext : extensions) {
    std::string e(ext);
    if (arg.size() > e.size() && arg.compare(arg.size() - e.size(), e.size(), e) == 0)
      return true;
  }
  return false;
}

}  // namespace

std::optional<CompileArgs> read_compile_args(const std::vector<std::string>& command) {
  CompileArgs out;
  bool compile_only = false;
  for (size_t i = 1; i < command.size(); ++i) {
    const std::string& arg = command[i];
    if (arg.empty()) continue;
    if (arg == "-o" && i + 1 < command.size()) {
      out.object = command[++i];
    } else if (arg.size() > 2 && arg.compare(0, 2, "-o") == 0) {
      out.object = arg.substr(2);
    } else if (arg == "-c") {
      compile_only = true;
      if (i + 1 < command.size() && !command[i + 1].empty() && command[i + 1][0] != '-')
        out.source = command[i + 1];
    } else if (out.source.empty() && arg[0] != '-' && has_source_extension(arg)) {
      out.source = arg;
    }
  }
  if (!compile_only || out.object.empty()) return std::nullopt;
  if (out.source.empty()) out.source = out.object;
  return out;
}

}  // namespace hotcog::launcher
