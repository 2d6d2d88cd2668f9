#include "lib/ignore_rules.h"

#include "lib/editor_files.h"
#include "lib/settings.h"
#include "lib/tool_error.h"

namespace hotcog::cli {

IgnoreRules::IgnoreRules() {
  for (const std::string& pattern : Settings{}.ignore.value)
    globs_.push_back(llvm::cantFail(llvm::GlobPattern::create(pattern)));
}

llvm::Expected<IgnoreRules> IgnoreRules::create(const std::vector<std::string>& patterns) {
  IgnoreRules rules;
  rules.globs_.clear();
  for (const std::string& pattern : patterns) {
    llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(pattern);
    if (!glob)
      return tool_error(ErrorKind::Config, "invalid ignore pattern '{}': {}", pattern,
                        llvm::toString(glob.takeError()));
    rules.globs_.push_back(std::move(*glob));
  }
  return rules;
}

bool IgnoreRules::ignores(llvm::StringRef name) const {
  if (is_editor_temp_file(std::string_view(name.data(), name.size()))) return true;
  for (const llvm::GlobPattern& glob : globs_)
    if (glob.match(name)) return true;
  return false;
}

}  // namespace hotcog::cli
