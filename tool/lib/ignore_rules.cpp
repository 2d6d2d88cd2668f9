#include "lib/ignore_rules.h"

#include "lib/editor_files.h"
#include "lib/settings.h"
#include "lib/tool_error.h"

namespace hotcog::cli {

IgnoreRules::IgnoreRules() { llvm::cantFail(compile(Settings{}.ignore.value)); }

llvm::Expected<IgnoreRules> IgnoreRules::create(const std::vector<std::string>& patterns) {
  IgnoreRules rules;
  if (llvm::Error err = rules.compile(patterns)) return err;
  return rules;
}

llvm::Error IgnoreRules::compile(std::vector<std::string> patterns) {
  patterns_ = std::make_shared<const std::vector<std::string>>(std::move(patterns));
  globs_.clear();
  for (const std::string& pattern : *patterns_) {
    llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(pattern);
    if (!glob)
      return tool_error(ErrorKind::Config, "invalid ignore pattern '{}': {}", pattern,
                        llvm::toString(glob.takeError()));
    globs_.push_back(std::move(*glob));
  }
  return llvm::Error::success();
}

bool IgnoreRules::ignores(llvm::StringRef name) const {
  if (is_editor_temp_file(std::string_view(name.data(), name.size()))) return true;
  for (const llvm::GlobPattern& glob : globs_)
    if (glob.match(name)) return true;
  return false;
}

}  // namespace hotcog::cli
