#include "commands/command.h"

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
    : dir("C", llvm::cl::desc("Build directory with the cog manifest (default: .)"),
          llvm::cl::value_desc("build-dir"), llvm::cl::init("."), llvm::cl::sub(sub),
          llvm::cl::cat(hotcog_category())) {}

}  // namespace hotcog::cli
