// The clang driver turns a compile command into the cc1 command line the
// frontend runs: it finds the target's toolchain, GCC installation, include
// directories... (about a millisecond per TU, more than a minimized include
// scan of a small TU). Compile databases repeat the same flags for most TUs,
// so the driver runs once per command "shape" (the directory and the command
// line with the source file left out) and the other TUs of that shape get its
// cc1 line with their own file put in.
//
// Only two cc1 arguments depend on the source file in a -fsyntax-only command
// without -o: the input itself and the -main-file-name value. A shape is
// reused only if the driver's output names the source nowhere else (e.g. a
// coverage or split-DWARF file derived from its name); otherwise, and when the
// source is not found exactly once in the command, the driver runs per TU.
#pragma once

#include "llvm/ADT/IntrusiveRefCntPtr.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace llvm::vfs {
class FileSystem;
}
namespace clang {
class DiagnosticsEngine;
}

namespace hotcog::scan {

class Cc1Commands {
 public:
  // The cc1 arguments ("-cc1" first, as the driver's job lists them) for the
  // driver command line `args` whose source is `file`, run in `directory`
  // over `fs`. nullopt when the driver fails (its errors went to `diags`).
  std::optional<std::vector<std::string>> get(const std::vector<std::string>& args,
                                              const std::string& directory,
                                              const std::string& file,
                                              clang::DiagnosticsEngine& diags,
                                              llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs);

  unsigned driver_runs() const { return driver_runs_; }

 private:
  struct Shape {
    bool reusable = false;
    std::vector<std::string> cc1;
    size_t input_at = 0;
    std::optional<size_t> main_file_name_at;
  };

  std::mutex mutex_;
  std::map<std::string, Shape> shapes_;
  unsigned driver_runs_ = 0;
};

}  // namespace hotcog::scan
