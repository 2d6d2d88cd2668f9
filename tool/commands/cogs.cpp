// hotcog cogs: the cogs of a build dir, from its cog manifest.
#include "commands/command.h"
#include "lib/project.h"

#include <fmt/format.h>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand cogs_cmd("cogs", "List the cogs of a build dir (from its cog manifest)");
BuildDirOption build_dir(cogs_cmd);
cl::opt<bool> show_sources("sources", cl::desc("Also list each cog's sources"),
                           cl::sub(cogs_cmd), cl::cat(hotcog_category()));

llvm::Error run() {
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  size_t width = 0;
  for (const CogEntry& cog : project->manifest.cogs) width = std::max(width, cog.name.size());
  for (const CogEntry& cog : project->manifest.cogs) {
    fmt::print("{:<{}}  {}\n", cog.name, width, cog.output);
    if (show_sources)
      for (const std::string& src : cog.sources) fmt::print("  {}\n", src);
  }
  if (project->manifest.cogs.empty())
    fmt::print("no cogs in {} (hotcog_add_cog() was not called)\n", project->build_dir);
  return llvm::Error::success();
}

RegisterCommand registration(cogs_cmd, run);

}  // namespace
}  // namespace hotcog::cli
