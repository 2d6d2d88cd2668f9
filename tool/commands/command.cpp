#include "commands/command.h"

#include "lib/env_config.h"

namespace hotcog::cli {

std::vector<Command>& command_registry() {
  static std::vector<Command> commands;  // function-local: safe during static init
  return commands;
}

llvm::cl::OptionCategory& hotcog_category() {
  static llvm::cl::OptionCategory category("hotcog options");
  return category;
}

BuildDirOption::BuildDirOption(llvm::cl::SubCommand& sub)
    : dir("C",
          llvm::cl::desc("Build directory with the cog manifest "
                         "(default: $HOTCOG_BUILD_DIR, else .)"),
          llvm::cl::value_desc("build-dir"), llvm::cl::sub(sub),
          llvm::cl::cat(hotcog_category())) {}

std::string BuildDirOption::value() const {
  if (dir.getNumOccurrences() > 0) return dir;
  return env_string("HOTCOG_BUILD_DIR").value_or(".");
}

}  // namespace hotcog::cli
