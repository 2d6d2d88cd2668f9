// How a batch's plan changes when its header edits are decided per
// declaration (semantic_deps.h). Pure: the lookups are passed in.
//
//   split:  the batch's files that are decidable headers, the cogs the other
//           files (and the carried cogs) need anyway, and the candidates for
//           the decision: every cog (and host) ninja ties to a header, minus
//           the cogs built anyway, with the TUs each is built from;
//   apply:  the plan's cogs become those plus the affected candidates; a
//           header is a host file only if a host TU uses a changed declaration.
#pragma once

#include "lib/change_plan.h"
#include "lib/semantic_deps.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hotcog::cli {

struct HeaderLookup {
  FileLookup files;  // cogs_for_file, is_host_file (ninja's view)
  std::function<std::vector<std::string>(const std::string& path)> hosts_for_file;
  std::function<bool(const std::string& path, ContentChange change)> is_decidable_header;
  const std::map<std::string, std::vector<std::string>>* cog_tus = nullptr;   // cog -> TUs
  const std::map<std::string, std::vector<std::string>>* host_tus = nullptr;  // host -> TUs
};

struct HeaderSplit {
  std::vector<std::string> headers;     // empty: nothing to decide, keep the plan
  std::set<std::string> cogs;           // built anyway (other files, carried)
  std::set<std::string> host_files;     // other files a host is built from
  std::vector<Owner> candidates;        // cogs, then hosts
};

HeaderSplit split_headers(const ChangePlan& plan, const HeaderLookup& lookup,
                          const std::set<std::string>& carried);

// Rewrites plan.cogs and plan.host_files from the split and the decision.
void apply_decision(const HeaderSplit& split, const HeaderDecision& decision, ChangePlan* plan);

}  // namespace hotcog::cli
