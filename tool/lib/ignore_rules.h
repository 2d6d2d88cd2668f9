// Which file events are never changes: the `ignore` setting's glob patterns
// (defaults *.tmp, *.bak, *.swp, *~ and vim's 4913 probe; settings.h), plus
// the editor files that are never sources whatever the setting says
// (editor_files.h). Matched against a file's name, not its path.
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/GlobPattern.h>

#include <memory>
#include <string>
#include <vector>

namespace hotcog::cli {

class IgnoreRules {
 public:
  IgnoreRules();  // the setting's defaults
  // A Config error names a pattern llvm::GlobPattern rejects.
  static llvm::Expected<IgnoreRules> create(const std::vector<std::string>& patterns);

  bool ignores(llvm::StringRef file_name) const;

 private:
  llvm::Error compile(std::vector<std::string> patterns);
  // llvm::GlobPattern keeps StringRefs into the pattern it was made from, so
  // the patterns live here, in storage that copies and moves of the rules
  // share and never reallocate.
  std::shared_ptr<const std::vector<std::string>> patterns_;
  std::vector<llvm::GlobPattern> globs_;
};

}  // namespace hotcog::cli
