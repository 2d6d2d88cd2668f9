// hotcog why COG: the files a cog is built from (what makes it rebuild), and
// the declaration that made `hotcog watch` rebuild it after the last header
// edit it judged (or why it skipped it).
#include "commands/command.h"
#include "lib/decision_log.h"
#include "lib/project.h"
#include "lib/tool_error.h"

#include "hotcog/ninja/target_map.h"

#include <fmt/format.h>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand why_cmd("why", "List the files a cog is built from (sources and headers)");
BuildDirOption build_dir(why_cmd);
cl::opt<std::string> cog_name(cl::Positional, cl::Required, cl::desc("<cog>"), cl::sub(why_cmd),
                              cl::cat(hotcog_category()));

llvm::Error run() {
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  if (!project->manifest.find(cog_name))
    return tool_error(ErrorKind::Usage, "unknown cog '{}' (hotcog cogs -C {} lists them)",
                      static_cast<std::string>(cog_name), project->build_dir);
  std::string err;
  auto graph = ninja::TargetMap::load(project->build_dir, project->manifest, &err);
  if (!graph)
    return tool_error(ErrorKind::Config, "cannot read the build graph of {}: {}",
                      project->build_dir, err);
  // Outputs inside the build dir (objects, the library) are steps, not causes.
  const std::string build_prefix = project->build_dir + "/";
  for (const std::string& file : graph->files_of_cog(cog_name))
    if (file.compare(0, build_prefix.size(), build_prefix) != 0) fmt::print("{}\n", file);
  if (!graph->deps_complete())
    fmt::print("note: some cogs or hosts were never built; their headers are not known yet\n");
  if (std::optional<LoggedDecision> last = last_decision(project->build_dir, cog_name)) {
    std::string headers = fmt::format("{}", fmt::join(last->headers, ", "));
    if (last->rebuilt)
      fmt::print("last header edit ({}): rebuilt: {}\n", headers, last->reason);
    else
      fmt::print("last header edit ({}): skipped: {}\n", headers, last->reason);
  }
  return llvm::Error::success();
}

RegisterCommand registration(why_cmd, run);

}  // namespace
}  // namespace hotcog::cli
