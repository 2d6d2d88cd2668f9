#include "lib/manifest_refresh.h"

#include "lib/tool_error.h"

#include <algorithm>

namespace hotcog::cli {
namespace {

const HostEntry* find_host(const CogManifest& m, const std::string& target) {
  for (const HostEntry& h : m.hosts)
    if (h.target == target) return &h;
  return nullptr;
}

bool same_host(const HostEntry& a, const HostEntry& b) {
  std::vector<std::string> sa = a.sources, sb = b.sources;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  return a.output == b.output && sa == sb;
}

void sort_all(ManifestChange& c) {
  for (auto* list : {&c.added, &c.removed, &c.moved, &c.hosts}) std::sort(list->begin(), list->end());
}

}  // namespace

ManifestChange diff_manifests(const CogManifest& before, const CogManifest& after) {
  ManifestChange change;
  for (const CogEntry& cog : after.cogs) {
    const CogEntry* old = before.find(cog.name);
    if (!old)
      change.added.push_back(cog.name);
    else if (old->output != cog.output)
      change.moved.push_back(cog.name);
  }
  for (const CogEntry& cog : before.cogs)
    if (!after.find(cog.name)) change.removed.push_back(cog.name);
  for (const HostEntry& host : after.hosts) {
    const HostEntry* old = find_host(before, host.target);
    if (!old || !same_host(*old, host)) change.hosts.push_back(host.target);
  }
  for (const HostEntry& host : before.hosts)
    if (!find_host(after, host.target)) change.hosts.push_back(host.target);
  sort_all(change);
  return change;
}

std::vector<std::string> prepare_for_manifest(const ManifestChange& change, ImageStamps* images,
                                              std::set<std::string>* carried) {
  for (const std::string& cog : change.removed) {
    images->erase(cog);
    carried->erase(cog);
  }
  std::vector<std::string> build = change.added;
  build.insert(build.end(), change.moved.begin(), change.moved.end());
  std::sort(build.begin(), build.end());
  for (const std::string& cog : build) (*images)[cog] = ImageStamp{};
  return build;
}

std::string ManifestFollower::dir() const {
  return path_.substr(0, path_.rfind('/'));
}

ManifestFollower::ManifestFollower(std::string build_dir)
    : build_dir_(std::move(build_dir)), path_(cog_manifest_path(build_dir_)),
      stamp_(stamp_of(path_)) {}

llvm::Expected<std::optional<ManifestChange>> ManifestFollower::refresh(CogManifest* manifest) {
  ImageStamp now = stamp_of(path_);
  if (now == stamp_) return std::nullopt;
  stamp_ = now;
  CogManifest next;
  std::string err;
  switch (load_cog_manifest(build_dir_, &next, &err)) {
    case ManifestLoad::Ok:
      break;
    case ManifestLoad::NotFound:
      return tool_error(ErrorKind::Config,
                        "the cog manifest {} is gone (a CMake run in progress, or the build dir "
                        "was removed); keeping the cogs known so far",
                        path_);
    case ManifestLoad::Error:
      return tool_error(ErrorKind::Config,
                        "the cog manifest changed but cannot be read ({}); keeping the cogs "
                        "known so far",
                        err);
  }
  ManifestChange change = diff_manifests(*manifest, next);
  *manifest = std::move(next);
  return change;
}

}  // namespace hotcog::cli
