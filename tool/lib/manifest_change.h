// What a rewrite of the cog manifest changed, as `hotcog watch` reports it
// (manifest_refresh.h computes it). Plain data: included by C++17 files too.
#pragma once

#include <string>
#include <vector>

namespace hotcog::cli {

struct ManifestChange {
  std::vector<std::string> added;    // cogs new in the manifest (sorted)
  std::vector<std::string> removed;  // cogs no longer in it (sorted)
  std::vector<std::string> moved;    // cogs whose output path changed (sorted)
  // Hosts (targets) added, removed, or built from other sources or into
  // another file: a reload cannot apply that, a restart can.
  std::vector<std::string> hosts;
  bool empty() const { return added.empty() && removed.empty() && moved.empty() && hosts.empty(); }
};

}  // namespace hotcog::cli
