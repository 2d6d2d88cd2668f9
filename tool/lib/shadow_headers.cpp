#include "lib/shadow_headers.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>

#include <algorithm>
#include <set>

namespace hotcog::cli {

std::vector<std::string> owners_shadowed_by(
    const SemanticDeps& deps, const std::string& path,
    const std::map<std::string, std::vector<std::string>>& owner_tus) {
  std::vector<std::string> tus = deps.tus_shadowed_by(path);
  std::vector<std::string> owners;
  if (tus.empty()) return owners;
  for (const auto& [owner, its_tus] : owner_tus)
    for (const std::string& tu : its_tus)
      if (std::find(tus.begin(), tus.end(), tu) != tus.end()) {
        owners.push_back(owner);
        break;
      }
  return owners;
}

std::vector<std::string> invalidate_shadowed(const SemanticDeps& deps,
                                             const std::vector<std::string>& created,
                                             std::vector<std::string>* problems) {
  std::set<std::string> tus;
  for (const std::string& path : created)
    for (std::string& tu : deps.tus_shadowed_by(path)) tus.insert(std::move(tu));
  for (const std::string& tu : tus) {
    auto output = deps.db().outputs.find(tu);
    if (output == deps.db().outputs.end()) {
      problems->push_back(fmt::format(
          "a new header shadows one that {} includes, but its compile command names no "
          "object to rebuild: run a clean build of it",
          tu));
      continue;
    }
    std::error_code ec = llvm::sys::fs::remove(output->second);
    if (ec)
      problems->push_back(fmt::format("a new header shadows one that {} includes; cannot remove "
                                      "its object {} to have it rebuilt: {}",
                                      tu, output->second, ec.message()));
  }
  return {tus.begin(), tus.end()};
}

}  // namespace hotcog::cli
