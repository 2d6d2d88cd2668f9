// The cog manifest: which cogs a build dir has, where their images are and
// which sources they are made of. hotcog_add_cog() writes it at configure time.
//
// <build>/hotcog/cogs.json is for people and tools; <build>/hotcog/cogs.tsv
// carries the same data in a line format that the runtime reads without a JSON
// parser. Lines are tab-separated (paths may contain spaces, never tabs):
//
//   hotcog-cogs  1                       format name and version, first line
//   cog      <name> <target> <output>    one per cog; output is an absolute path
//   src      <name> <source>             one per source of a cog, absolute
//   host     <target> <output>           one per hotcog_add_host() executable
//   hostsrc  <target> <source>           one per source of a host
//
// Unknown record kinds are skipped (newer writers may add records); a wrong
// version or a malformed known record is an error.
#pragma once

#include <string>
#include <vector>

namespace hotcog {

struct CogEntry {
  std::string name;
  std::string target;
  std::string output;
  std::vector<std::string> sources;
};

struct HostEntry {
  std::string target;
  std::string output;
  std::vector<std::string> sources;
};

struct CogManifest {
  std::vector<CogEntry> cogs;
  std::vector<HostEntry> hosts;

  const CogEntry* find(const std::string& name) const;
};

enum class ManifestLoad { Ok, NotFound, Error };

// Path of the line-format manifest inside a build dir.
std::string cog_manifest_path(const std::string& build_dir);

// Reads <build>/hotcog/cogs.tsv. On Error, *err says which line and why.
ManifestLoad load_cog_manifest(const std::string& build_dir, CogManifest* out,
                               std::string* err);

// Parses manifest text; `origin` names the source in error messages.
bool parse_cog_manifest(const std::string& text, const std::string& origin,
                        CogManifest* out, std::string* err);

}  // namespace hotcog
