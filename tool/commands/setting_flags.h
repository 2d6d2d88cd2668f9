// The settings' command-line flags, one per setting_specs() entry
// (--debounce-ms, --ignore, --hot-patching, ...), for the commands that read
// settings. Values are taken as text and checked like the environment's, so
// a bad flag gets the same message naming it, its setting and the range.
#pragma once

#include "lib/settings.h"

#include <llvm/Support/CommandLine.h>

#include <memory>
#include <vector>

namespace hotcog::cli {

class SettingFlags {
 public:
  explicit SettingFlags(llvm::cl::SubCommand& sub);
  // The flags given on this command line, origin "--<flag>".
  SettingLayer layer() const;

 private:
  // llvm::cl::opt can be neither copied nor moved.
  std::vector<std::unique_ptr<llvm::cl::opt<std::string>>> flags_;
};

}  // namespace hotcog::cli
