// hotcog stats: counts and latency percentiles of this build dir's batches,
// per phase and per cog, from the history `hotcog watch` keeps
// (batch_history.h), like `ccache -s`.
#include "commands/command.h"
#include "lib/batch_history.h"
#include "lib/batch_stats.h"
#include "lib/project.h"
#include "lib/stats_report.h"

#include <fmt/format.h>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand stats_cmd("stats",
                         "Show counts and latency percentiles of the batches hotcog watch ran "
                         "in this build dir, per phase and per cog");
BuildDirOption build_dir(stats_cmd);
cl::opt<bool> json("json", cl::desc("Print one JSON object (schema in tool/lib/stats_report.h)"),
                   cl::sub(stats_cmd), cl::cat(hotcog_category()));

llvm::Error run() {
  llvm::Expected<Project> project = load_project(build_dir.value());
  if (!project) return project.takeError();
  llvm::Expected<History> history = BatchHistory::read(project->build_dir);
  if (!history) return history.takeError();
  BatchStats stats = compute_stats(*history);
  std::string path = BatchHistory::path_for(project->build_dir);
  fmt::print("{}", json ? stats_json(stats, path) : stats_text(stats, path));
  return llvm::Error::success();
}

RegisterCommand registration(stats_cmd, run);

}  // namespace
}  // namespace hotcog::cli
