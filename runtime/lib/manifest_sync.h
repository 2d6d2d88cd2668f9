// The host follows its cog manifest while it runs (the `manifest` request of
// the control protocol, docs/control-protocol.md): after CMake re-ran, the
// cogs that appeared get slots (the next reload naming them loads them), a cog
// whose output path changed reads its next image from the new path, and the
// cogs that left the manifest are unloaded at the next Host::poll().
//
// Only cogs that came from the manifest are followed: a cog registered with
// Host::add_cog() is never removed or moved by a manifest change.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "control_protocol.h"
#include "hotcog/base/cog_manifest.h"
#include "hotcog/host.hpp"

namespace hotcog::rt {

// A registered cog as the diff sees it.
struct SlotView {
  std::string name;
  std::string output;
  bool from_manifest = false;  // false: Host::add_cog()
  bool removed = false;        // left the manifest earlier
};

struct ManifestSync {
  std::vector<std::pair<std::string, std::string>> added;  // name, output (new, or back again)
  std::vector<std::pair<std::string, std::string>> moved;  // name, its new output
  std::vector<std::string> removed;                        // left the manifest now
  bool empty() const { return added.empty() && moved.empty() && removed.empty(); }
};

// What `manifest` changes for `slots` (pure; names in manifest order, then
// slot order).
ManifestSync diff_manifest(const std::vector<SlotView>& slots, const CogManifest& manifest);

// The reply to `manifest`: {"ok":true,"added":[..],"moved":[..],"removed":[..],
// "results":[..]} where results are the unloads poll() applied.
std::string reply_manifest(const ManifestSync& sync, const std::vector<ReloadResult>& unloaded);

}  // namespace hotcog::rt
