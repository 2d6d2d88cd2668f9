// One compile command given on hotcog-scan's own command line (the
// --tu-manifest mode, run by the hotcog-cc launcher beside the real compile),
// read the way clang's driver reads it: the source is its one input argument.
// Options the driver does not know (GCC-only ones) are not inputs, and values
// of known options (-o <obj>, -MF <dep>, -include <h>) are never taken for one.
#include "hotcog/scan/scanner.h"

#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/StringSaver.h"

#include "scan_paths.h"

namespace hotcog::scan {

bool compile_command_from_argv(const std::vector<std::string>& argv,
                               const std::string& directory, CompileCommand* out,
                               std::string* err) {
  if (argv.empty()) {
    *err = "no compile command";
    return false;
  }
  // @file arguments, as the compiler would expand them (relative to the
  // command's directory).
  llvm::BumpPtrAllocator allocator;
  llvm::StringSaver saver(allocator);
  llvm::SmallVector<const char*, 64> args;
  for (const std::string& arg : argv) args.push_back(arg.c_str());
  if (!llvm::cl::ExpandResponseFiles(saver, llvm::cl::TokenizeGNUCommandLine, args,
                                     /*MarkEOLs=*/false, /*RelativeNames=*/true,
                                     /*ExpandBasePath=*/false, llvm::StringRef(directory))) {
    *err = "cannot read a response file (@file) of the compile command";
    return false;
  }

  llvm::ArrayRef<const char*> arguments = llvm::makeArrayRef(args).drop_front();
  unsigned missing_index = 0, missing_count = 0;
  namespace options = clang::driver::options;
  llvm::opt::InputArgList parsed = clang::driver::getDriverOptTable().ParseArgs(
      arguments, missing_index, missing_count, /*FlagsToInclude=*/0,
      /*FlagsToExclude=*/options::NoDriverOption | options::CLOption);
  std::vector<std::string> inputs;
  for (const llvm::opt::Arg* arg : parsed.filtered(options::OPT_INPUT))
    inputs.push_back(arg->getValue());
  if (inputs.size() != 1) {
    *err = inputs.empty() ? "the compile command names no source file"
                          : "the compile command names " + std::to_string(inputs.size()) +
                                " inputs (" + inputs[0] + ", " + inputs[1] +
                                ", ...), expected one source file";
    return false;
  }
  out->directory = directory;
  out->file = normalize_path(inputs.front(), directory);
  out->arguments.assign(args.begin(), args.end());
  return true;
}

}  // namespace hotcog::scan
