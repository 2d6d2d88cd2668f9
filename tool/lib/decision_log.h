// The last declaration-level verdict per cog and host, kept by `hotcog watch`
// in <build>/hotcog/semantic/decisions.json so that `hotcog why COG` (another
// process) can name the declaration that caused the last rebuild, or say
// that the last header edit was skipped for it.
#pragma once

#include "lib/semantic_deps.h"

#include <optional>
#include <string>
#include <vector>

namespace hotcog::cli {

struct LoggedDecision {
  bool rebuilt = false;
  std::string decl;
  std::string reason;
  std::vector<std::string> headers;
};

// Merges the verdicts of `decision` into the log; errors are returned for a
// warning (the watch loop goes on).
llvm::Error log_decision(const std::string& build_dir, const HeaderDecision& decision,
                         const std::vector<std::string>& headers);

// The last verdict logged for `owner` (a cog name, or "host:<target>").
std::optional<LoggedDecision> last_decision(const std::string& build_dir, const std::string& owner);

}  // namespace hotcog::cli
