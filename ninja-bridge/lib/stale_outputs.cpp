#include "hotcog/ninja/stale_outputs.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace hotcog::ninja {

std::vector<std::string> compiled_outputs(const std::vector<RanEdge>& ran) {
  std::vector<std::string> outputs;
  for (const RanEdge& edge : ran)
    if (edge.kind == EdgeKind::Compile)
      outputs.insert(outputs.end(), edge.outputs.begin(), edge.outputs.end());
  return outputs;
}

bool mark_stale(const std::string& build_dir, const std::vector<std::string>& outputs,
                std::string* err) {
  // 1 s after the epoch, not 0: ninja takes an mtime of 0 for "missing".
  const timespec times[2] = {{1, 0}, {1, 0}};
  for (const std::string& output : outputs) {
    std::string path = !output.empty() && output[0] == '/' ? output : build_dir + "/" + output;
    if (utimensat(AT_FDCWD, path.c_str(), times, 0) != 0 && errno != ENOENT) {
      *err = "cannot mark " + path + " for rebuilding: " + std::strerror(errno);
      return false;
    }
  }
  return true;
}

}  // namespace hotcog::ninja
