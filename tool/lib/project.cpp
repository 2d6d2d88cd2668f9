#include "lib/project.h"

#include "lib/tool_error.h"

#include "hotcog/base/control_protocol.h"
#include "hotcog/base/paths.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>

namespace hotcog::cli {

std::string normalize_path(const std::string& path) {
  if (!path.empty() && path[0] == '/') return lexically_normal_path(path);
  llvm::SmallString<256> cwd;
  if (llvm::sys::fs::current_path(cwd)) cwd = "/";  // a deleted cwd: nothing better to join
  return absolute_path(path, std::string(cwd.str()));
}

std::string Project::control_socket_path() const {
  return build_dir + "/" + control::kSocketDir + "/" + control::kSocketName;
}

std::vector<std::string> Project::targets_of(const std::vector<std::string>& cogs) const {
  std::vector<std::string> targets;
  for (const std::string& name : cogs)
    if (const CogEntry* cog = manifest.find(name)) targets.push_back(cog->target);
  return targets;
}

std::vector<std::string> Project::all_cog_names() const {
  std::vector<std::string> names;
  for (const CogEntry& cog : manifest.cogs) names.push_back(cog.name);
  return names;
}

std::set<std::string> Project::host_sources() const {
  std::set<std::string> sources;
  for (const HostEntry& host : manifest.hosts)
    for (const std::string& src : host.sources) sources.insert(normalize_path(src));
  return sources;
}

llvm::Expected<Project> load_project(const std::string& build_dir) {
  Project project;
  project.build_dir = normalize_path(build_dir.empty() ? "." : build_dir);
  std::string err;
  switch (load_cog_manifest(project.build_dir, &project.manifest, &err)) {
    case ManifestLoad::Ok:
      return project;
    case ManifestLoad::NotFound:
      return tool_error(ErrorKind::Config,
                        "no hotcog cog manifest in {}: configure a project that uses "
                        "hotcog_add_cog()",
                        project.build_dir);
    case ManifestLoad::Error:
      break;
  }
  return tool_error(ErrorKind::Config, "invalid cog manifest: {}", err);
}

}  // namespace hotcog::cli
