// What a debounced batch of file events means, once content hashes have said
// which files really changed: the cogs to rebuild, the host sources that need
// a restart, the files that were deleted. Pure: the lookups are passed in.
#pragma once

#include "lib/content_hash_store.h"

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hotcog::cli {

struct FileLookup {
  std::function<std::vector<std::string>(const std::string& path)> cogs_for_file;
  std::function<bool(const std::string& path)> is_host_file;
};

struct ChangePlan {
  std::vector<std::pair<std::string, ContentChange>> changed;  // modified or created
  std::vector<std::string> deleted;
  std::vector<std::string> host_files;  // changed files a host executable is built from
  std::vector<std::string> cogs;        // sorted union of the cogs to rebuild

  bool empty() const { return changed.empty() && deleted.empty(); }
};

// `files` pairs each path of the batch with its content change. `carried`
// are cogs whose last build failed: they go into the next build even if this
// batch does not touch them, since ninja may have stopped before building them.
ChangePlan plan_changes(const std::vector<std::pair<std::string, ContentChange>>& files,
                        const FileLookup& lookup, const std::set<std::string>& carried);

}  // namespace hotcog::cli
