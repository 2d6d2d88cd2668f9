#include "lib/header_plan.h"

namespace hotcog::cli {
namespace {

std::vector<std::string> tus_of(const std::map<std::string, std::vector<std::string>>* tus,
                                const std::string& owner) {
  if (!tus) return {};
  auto it = tus->find(owner);
  return it == tus->end() ? std::vector<std::string>{} : it->second;
}

}  // namespace

HeaderSplit split_headers(const ChangePlan& plan, const HeaderLookup& lookup,
                          const std::set<std::string>& carried) {
  HeaderSplit split;
  split.cogs.insert(carried.begin(), carried.end());
  for (const auto& [path, change] : plan.changed) {
    if (lookup.is_decidable_header(path, change)) {
      split.headers.push_back(path);
      continue;
    }
    for (std::string& cog : lookup.files.cogs_for_file(path)) split.cogs.insert(std::move(cog));
    if (lookup.files.is_host_file(path)) split.host_files.insert(path);
  }
  std::set<std::string> cogs, hosts;
  for (const std::string& header : split.headers) {
    for (const std::string& cog : lookup.files.cogs_for_file(header))
      if (!split.cogs.count(cog)) cogs.insert(cog);
    if (lookup.files.is_host_file(header))
      for (const std::string& host : lookup.hosts_for_file(header)) hosts.insert(host);
  }
  for (const std::string& cog : cogs) split.candidates.push_back({cog, false, tus_of(lookup.cog_tus, cog)});
  for (const std::string& host : hosts)
    split.candidates.push_back({host, true, tus_of(lookup.host_tus, host)});
  return split;
}

void apply_decision(const HeaderSplit& split, const HeaderDecision& decision, ChangePlan* plan) {
  std::set<std::string> cogs = split.cogs;
  std::set<std::string> host_files = split.host_files;
  for (const OwnerVerdict& owner : decision.owners) {
    if (!owner.verdict.affected) continue;
    if (owner.host)
      host_files.insert(split.headers.begin(), split.headers.end());
    else
      cogs.insert(owner.name);
  }
  plan->cogs.assign(cogs.begin(), cogs.end());
  plan->host_files.assign(host_files.begin(), host_files.end());
}

}  // namespace hotcog::cli
