// Cogs come and go while `hotcog watch` runs: a CMake re-run rewrites the cog
// manifest (<build>/hotcog/cogs.tsv), and watch follows it instead of asking
// for a restart. This file reads it again when it changed and says what
// changed; manifest_follow.h tells the host and the user.
#pragma once

#include "hotcog/base/cog_manifest.h"
#include "lib/manifest_change.h"
#include "lib/reload_set.h"

#include <llvm/Support/Error.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hotcog::cli {

// Pure: what turned `before` into `after`. A cog whose target or sources
// changed but not its output is not listed: ninja rebuilds it, and the usual
// reload follows when its image changed.
ManifestChange diff_manifests(const CogManifest& before, const CogManifest& after);

// Notices rewrites of the manifest by its mtime and size (CMake writes it
// only when its content changes).
class ManifestFollower {
 public:
  explicit ManifestFollower(std::string build_dir);

  const std::string& path() const { return path_; }
  // The directory the manifest is in (<build>/hotcog): watched for its
  // rewrites; the runtime and watch write other files there.
  std::string dir() const;
  // If the file changed since the last call (or construction): reads it,
  // replaces *manifest, and returns what changed (possibly nothing, e.g. a
  // reordering). nullopt: the file did not change. An unreadable manifest is
  // a Config error; *manifest is kept, and the same file is not reported
  // again until it changes once more.
  llvm::Expected<std::optional<ManifestChange>> refresh(CogManifest* manifest);

 private:
  std::string build_dir_;
  std::string path_;
  ImageStamp stamp_;
};

// Watch's bookkeeping for a change: removed cogs leave `images` and
// `carried`; new and moved ones get an "absent" stamp, so that their image,
// once built (or if a `ninja` run already built it), counts as changed and is
// loaded. Returns the cogs to build now: the new and the moved ones (sorted).
std::vector<std::string> prepare_for_manifest(const ManifestChange& change, ImageStamps* images,
                                              std::set<std::string>* carried);

}  // namespace hotcog::cli
