#include "lib/stale_outputs.h"

#include "lib/reload_set.h"
#include "lib/tool_error.h"

#include <fmt/format.h>

#include <cerrno>
#include <unistd.h>

namespace hotcog::cli {

std::vector<std::string> remove_stale_outputs(
    const std::vector<std::pair<std::string, ContentChange>>& changed,
    const ninja::TargetMap& graph, std::vector<std::string>* failed) {
  std::vector<std::string> removed;
  for (const auto& [path, change] : changed) {
    if (change != ContentChange::Modified && change != ContentChange::Created) continue;
    // CMake's inputs: their only output is build.ninja, which the CMake run
    // before the build (cmake_rerun.h) has just rewritten, newer than them.
    if (graph.is_build_file(path)) continue;
    const ImageStamp saved = stamp_of(path);
    if (saved.size < 0) continue;  // gone again meanwhile
    for (const std::string& output : graph.outputs_reading(path)) {
      const ImageStamp built = stamp_of(output);
      if (built.size < 0 || built.mtime_ns < saved.mtime_ns) continue;  // absent, or older: ninja rebuilds it
      if (::unlink(output.c_str()) == 0 || errno == ENOENT)
        removed.push_back(output);
      else
        failed->push_back(fmt::format("cannot remove {} (built before the save of {}): {}", output,
                                      path, errno_text(errno)));
    }
  }
  return removed;
}

}  // namespace hotcog::cli
