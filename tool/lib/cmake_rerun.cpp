#include "lib/cmake_rerun.h"

#include "hotcog/ninja/build_runner.h"

namespace hotcog::cli {

bool edits_cmake_input(const std::vector<std::pair<std::string, ContentChange>>& files,
                       const ninja::TargetMap& graph) {
  for (const auto& [path, change] : files)
    if (change != ContentChange::Unchanged && graph.is_build_file(path)) return true;
  return false;
}

bool regenerate_build(const std::string& build_dir, const ninja::CancelToken* cancel) {
  ninja::BuildRequest request;
  request.build_dir = build_dir;
  request.targets = {"build.ninja"};  // CMake's Ninja generator names its regeneration edge so
  request.cancel = cancel;
  return ninja::run_build(request).cancelled;
}

}  // namespace hotcog::cli
