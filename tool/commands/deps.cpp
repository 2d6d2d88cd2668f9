// hotcog deps FILE: which cogs (and hosts) a change of FILE rebuilds.
#include "commands/command.h"
#include "lib/project.h"
#include "lib/tool_error.h"

#include "hotcog/ninja/target_map.h"

#include <fmt/format.h>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand deps_cmd("deps", "List the cogs (and hosts) that a change of FILE rebuilds");
BuildDirOption build_dir(deps_cmd);
cl::opt<std::string> file(cl::Positional, cl::Required, cl::desc("<file>"), cl::sub(deps_cmd),
                          cl::cat(hotcog_category()));

llvm::Error run() {
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  std::string err;
  auto graph = ninja::TargetMap::load(project->build_dir, project->manifest, &err);
  if (!graph)
    return tool_error(ErrorKind::Config, "cannot read the build graph of {}: {}",
                      project->build_dir, err);
  std::string path = normalize_path(file);
  std::vector<std::string> cogs = graph->cogs_for_file(path);
  std::vector<std::string> hosts = graph->hosts_for_file(path);
  for (const std::string& cog : cogs) fmt::print("cog {}\n", cog);
  for (const std::string& host : hosts) fmt::print("host {} (restart needed)\n", host);
  if (cogs.empty() && hosts.empty()) fmt::print("no cog or host is built from {}\n", path);
  if (!graph->deps_complete())
    fmt::print("note: some cogs or hosts were never built; their headers are not known yet\n");
  return llvm::Error::success();
}

RegisterCommand registration(deps_cmd, run);

}  // namespace
}  // namespace hotcog::cli
