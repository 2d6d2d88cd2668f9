#include "lib/shadow_headers.h"

#include "hotcog/ninja/stale_outputs.h"

#include <fmt/format.h>

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
  std::vector<std::string> objects;
  for (const std::string& tu : tus) {
    auto output = deps.db().outputs.find(tu);
    if (output == deps.db().outputs.end()) {
      problems->push_back(fmt::format(
          "a new header shadows one that {} includes, but its compile command names no "
          "object to rebuild: run a clean build of it",
          tu));
      continue;
    }
    objects.push_back(output->second);
  }
  // The same mechanism as for a save that raced a compile: ninja sees the
  // objects as older than their inputs and recompiles them.
  std::string err;
  if (!ninja::mark_stale(deps.db().dir, objects, &err))
    problems->push_back("a new header shadows an included one; " + err);
  return {tus.begin(), tus.end()};
}

}  // namespace hotcog::cli
