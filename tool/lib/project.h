// The build dir a command works on (-C DIR) and the cog manifest in it.
#pragma once

#include "hotcog/base/cog_manifest.h"

#include <llvm/Support/Error.h>

#include <set>
#include <string>
#include <vector>

namespace hotcog::cli {

struct Project {
  std::string build_dir;  // absolute, normalized
  CogManifest manifest;

  std::string control_socket_path() const;
  // Ninja target names of the given cogs (unknown names are skipped).
  std::vector<std::string> targets_of(const std::vector<std::string>& cogs) const;
  std::vector<std::string> all_cog_names() const;
  // Every source of every hotcog_add_host() executable (normalized).
  std::set<std::string> host_sources() const;
};

// Reads <build_dir>/hotcog/cogs.tsv. A missing manifest is a Config error that
// says how to get one; a malformed one is a Config error quoting the line.
llvm::Expected<Project> load_project(const std::string& build_dir);

// Absolute (against the current directory) and lexically normal, by the one
// normaliser every part uses (hotcog/base/paths.h), so paths from the
// manifest, from ninja and from inotify compare as strings.
std::string normalize_path(const std::string& path);

}  // namespace hotcog::cli
