// The subcommands of `hotcog`. Each commands/<name>.cpp defines its own
// llvm::cl::SubCommand and options (global objects, so they are registered
// before main runs) and registers a runner here; main() picks the runner of
// the subcommand llvm::cl selected.
#pragma once

#include <llvm/Support/CommandLine.h>
#include <llvm/Support/Error.h>

#include <string>
#include <vector>

namespace hotcog::cli {

struct Command {
  llvm::cl::SubCommand* sub;
  llvm::Error (*run)();
};

std::vector<Command>& command_registry();

struct RegisterCommand {
  RegisterCommand(llvm::cl::SubCommand& sub, llvm::Error (*run)()) {
    command_registry().push_back({&sub, run});
  }
};

// The category of every hotcog option, so --help hides LLVM's own options.
llvm::cl::OptionCategory& hotcog_category();

// Options every command that works on a build dir has.
struct BuildDirOption {
  explicit BuildDirOption(llvm::cl::SubCommand& sub);
  // -C if given, else $HOTCOG_BUILD_DIR, else the current directory.
  std::string value() const;
  llvm::cl::opt<std::string> dir;
};

}  // namespace hotcog::cli
