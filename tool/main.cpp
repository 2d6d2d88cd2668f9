// hotcog: hot reload for C++ cogs in CMake + Ninja projects.
//
// The only place that maps errors to exit codes: 0 ok, 1 failure, 2 usage or
// configuration error, 3 the build dir is busy (another `hotcog watch`).
#include "commands/command.h"
#include "lib/tool_error.h"

#include <fmt/format.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdio>
#include <cstring>

namespace {

using hotcog::cli::Command;
using hotcog::cli::ErrorKind;
using hotcog::cli::ToolError;

constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitBusy = 3;

std::string command_names() {
  std::vector<std::string> names;
  for (const Command& c : hotcog::cli::command_registry()) names.push_back(c.sub->getName().str());
  std::sort(names.begin(), names.end());
  return fmt::format("{}", fmt::join(names, ", "));
}

bool is_command(const char* arg) {
  for (const Command& c : hotcog::cli::command_registry())
    if (c.sub->getName() == arg) return true;
  return false;
}

int usage_error(const std::string& message) {
  fmt::print(stderr, "hotcog: {}\nRun 'hotcog --help' for the commands.\n", message);
  return kExitUsage;
}

int report(llvm::Error err) {
  std::fflush(stdout);  // what the command printed comes before its error
  int code = kExitOk;
  llvm::handleAllErrors(
      std::move(err),
      [&](const ToolError& e) {
        fmt::print(stderr, "hotcog: error: {}\n", e.message());
        if (e.kind() == ErrorKind::Usage || e.kind() == ErrorKind::Config)
          code = kExitUsage;
        else
          code = e.kind() == ErrorKind::Busy ? kExitBusy : kExitFailure;
      },
      [&](const llvm::ErrorInfoBase& e) {
        fmt::print(stderr, "hotcog: error: {}\n", e.message());
        code = kExitFailure;
      });
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream& os) { os << "hotcog " HOTCOG_VERSION "\n"; });
  llvm::cl::HideUnrelatedOptions(hotcog::cli::hotcog_category());

  // A small dispatcher in front of llvm::cl: it would call an unknown command
  // a "positional argument", which helps nobody.
  if (argc < 2)
    return usage_error(fmt::format("missing command (one of: {})", command_names()));
  if (argv[1][0] != '-' && !is_command(argv[1]))
    return usage_error(
        fmt::format("unknown command '{}' (one of: {})", argv[1], command_names()));

  std::string parse_errors;
  llvm::raw_string_ostream errs(parse_errors);
  bool parsed = llvm::cl::ParseCommandLineOptions(
      argc, argv, "hot reload for C++ cogs in CMake + Ninja projects\n", &errs);
  errs.flush();
  if (!parsed) {
    fmt::print(stderr, "{}", parse_errors);
    if (is_command(argv[1]))
      fmt::print(stderr, "Run 'hotcog {} --help' for its options.\n", argv[1]);
    else
      fmt::print(stderr, "Run 'hotcog --help' for the commands.\n");
    return kExitUsage;
  }
  for (const Command& command : hotcog::cli::command_registry())
    if (*command.sub) return report(command.run());
  return usage_error(fmt::format("missing command (one of: {})", command_names()));
}
