// Which cogs to reload after a successful build: the ones whose image really
// changed, not every cog the batch planned to build. A CMake re-run (an edit
// of CMakeLists.txt plans every cog) that relinks nothing reloads nothing, and
// a cog ninja found up to date keeps its state.
//
// "Changed" comes from two observations, either one suffices:
//   - ninja's log of the edges that ran (TargetMap::cogs_relinked);
//   - the image's mtime/size differs from the one seen after the previous
//     build (so an image relinked by a `ninja` the user ran by hand between
//     two saves is still reloaded).
// When neither is known (no build graph, unreadable .ninja_log), the planned
// set is reloaded, as before.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotcog::cli {

struct ImageStamp {
  long long mtime_ns = -1;
  long long size = -1;  // -1: no such file
  bool operator==(const ImageStamp&) const = default;
};

ImageStamp stamp_of(const std::string& path);

// cog -> stamp of its image, as last seen.
using ImageStamps = std::map<std::string, ImageStamp>;

struct ReloadInputs {
  std::vector<std::string> planned;                  // cogs the build was asked for
  std::optional<std::vector<std::string>> relinked;  // from ninja's log; nullopt: unknown
  ImageStamps before;                                // stamps before the build
  ImageStamps after;                                 // stamps after the build
};

// Sorted subset of `planned` to reload (see above).
std::vector<std::string> cogs_to_reload(const ReloadInputs& in);

}  // namespace hotcog::cli
