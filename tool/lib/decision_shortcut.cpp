#include "lib/decision_shortcut.h"

#include <fmt/format.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace hotcog::cli {

std::optional<std::string> build_without_deciding(const std::vector<Owner>& candidates,
                                                  const std::set<std::string>& includers) {
  if (includers.size() != 1) return std::nullopt;
  const std::string& tu = *includers.begin();
  const Owner* owner = nullptr;
  for (const Owner& candidate : candidates) {
    if (candidate.host) return std::nullopt;
    if (std::find(candidate.tus.begin(), candidate.tus.end(), tu) == candidate.tus.end()) continue;
    if (owner) return std::nullopt;  // one parse could save two compiles
    owner = &candidate;
  }
  if (!owner) return std::nullopt;
  return fmt::format("one includer TU ({} of {}), whose parse would cost about its compile",
                     llvm::sys::path::filename(tu).str(), owner->name);
}

}  // namespace hotcog::cli
