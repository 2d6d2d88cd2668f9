#include "lib/change_plan.h"

namespace hotcog::cli {

ChangePlan plan_changes(const std::vector<std::pair<std::string, ContentChange>>& files,
                        const FileLookup& lookup, const std::set<std::string>& carried) {
  ChangePlan plan;
  std::set<std::string> cogs;
  for (const auto& [path, change] : files) {
    switch (change) {
      case ContentChange::Unchanged:
        continue;
      case ContentChange::Deleted:
        // Not "changed content": the cog keeps its last build until its target
        // leaves the build graph (DESIGN.md), so nothing is rebuilt for it.
        plan.deleted.push_back(path);
        continue;
      case ContentChange::Modified:
      case ContentChange::Created:
        break;
    }
    plan.changed.emplace_back(path, change);
    if (lookup.is_host_file && lookup.is_host_file(path)) plan.host_files.push_back(path);
    for (std::string& cog : lookup.cogs_for_file(path)) cogs.insert(std::move(cog));
  }
  if (!plan.changed.empty()) cogs.insert(carried.begin(), carried.end());
  plan.cogs.assign(cogs.begin(), cogs.end());
  return plan;
}

}  // namespace hotcog::cli
