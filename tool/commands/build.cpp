// hotcog build [COG...]: builds cogs with ninja and prints the first error.
#include "commands/command.h"
#include "lib/build_summary.h"
#include "lib/project.h"
#include "lib/tool_error.h"
#include "lib/watch_reporter.h"

#include "hotcog/ninja/build_runner.h"

#include <fmt/format.h>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand build_cmd("build", "Build cogs with ninja (all cogs if none is named)");
BuildDirOption build_dir(build_cmd);
cl::list<std::string> cog_names(cl::Positional, cl::ZeroOrMore, cl::desc("<cog>..."),
                                cl::sub(build_cmd), cl::cat(hotcog_category()));

llvm::Error run() {
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  std::vector<std::string> cogs(cog_names.begin(), cog_names.end());
  if (cogs.empty()) cogs = project->all_cog_names();
  for (const std::string& cog : cogs)
    if (!project->manifest.find(cog))
      return tool_error(ErrorKind::Usage, "unknown cog '{}' (hotcog cogs -C {} lists them)", cog,
                        project->build_dir);
  if (cogs.empty()) {
    fmt::print("no cogs to build in {}\n", project->build_dir);
    return llvm::Error::success();
  }
  ninja::BuildRequest request;
  request.build_dir = project->build_dir;
  request.targets = project->targets_of(cogs);
  BuildSummary summary = summarize_build(ninja::run_build(request));
  if (!summary.ok) {
    fmt::print("{}\n", summary.first_error);
    return tool_error(ErrorKind::Build, "build failed for {} in {:.2f}s ({})", join_names(cogs),
                      summary.seconds,
                      count_noun(static_cast<size_t>(summary.error_count), "error", "errors"));
  }
  fmt::print("{} {} in {:.2f}s\n", summary.up_to_date ? "Up to date:" : "Built", join_names(cogs),
             summary.seconds);
  return llvm::Error::success();
}

RegisterCommand registration(build_cmd, run);

}  // namespace
}  // namespace hotcog::cli
