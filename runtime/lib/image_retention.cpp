#include "image_retention.h"

#include <set>

namespace hotcog::rt {
namespace {

// Depth-first over the bases the image describes; `seen` stops cycles (an
// ill-formed manifest) and repeated diamonds.
bool reaches_host_type(const LayoutManifest& image, const LayoutManifest& host,
                       const std::string& name, std::set<std::string>* seen) {
  if (!seen->insert(name).second) return false;
  if (!is_tu_local_record(name) && host.find(name)) return true;
  const LayoutRecord* record = image.find(name);
  if (!record) return false;
  for (const LayoutBase& base : record->bases)
    if (reaches_host_type(image, host, base.name, seen)) return true;
  return false;
}

}  // namespace

std::string host_reachable_class(const LayoutManifest& image, const LayoutManifest& host) {
  for (const LayoutRecord& record : image.records) {
    // hotcog's own interfaces (CogContext) are implemented by the runtime:
    // a cog never makes such objects, though every cog's manifest lists them.
    if (!record.vptr || record.name.rfind("hotcog::", 0) == 0) continue;
    std::set<std::string> seen;
    if (reaches_host_type(image, host, record.name, &seen)) return record.name;
  }
  return "";
}

}  // namespace hotcog::rt
