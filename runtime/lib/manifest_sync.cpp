#include "manifest_sync.h"

namespace hotcog::rt {
namespace {

std::string names_array(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + json_string(names[i]);
  return out + "]";
}

std::vector<std::string> first_of(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<std::string> out;
  for (const auto& p : pairs) out.push_back(p.first);
  return out;
}

}  // namespace

ManifestSync diff_manifest(const std::vector<SlotView>& slots, const CogManifest& manifest) {
  ManifestSync sync;
  for (const CogEntry& cog : manifest.cogs) {
    const SlotView* slot = nullptr;
    for (const SlotView& s : slots)
      if (s.name == cog.name) slot = &s;
    if (!slot || slot->removed)
      sync.added.emplace_back(cog.name, cog.output);
    if (slot && slot->output != cog.output) sync.moved.emplace_back(cog.name, cog.output);
  }
  for (const SlotView& s : slots)
    if (s.from_manifest && !s.removed && !manifest.find(s.name)) sync.removed.push_back(s.name);
  return sync;
}

std::string reply_manifest(const ManifestSync& sync, const std::vector<ReloadResult>& unloaded) {
  // The unloads are rendered like a reload's results; the lists go in front.
  std::string reply = reply_results(unloaded);
  const std::string head = "{\"ok\":true,";
  reply.insert(head.size(), "\"added\":" + names_array(first_of(sync.added)) +
                                ",\"moved\":" + names_array(first_of(sync.moved)) +
                                ",\"removed\":" + names_array(sync.removed) + ",");
  return reply;
}

}  // namespace hotcog::rt
