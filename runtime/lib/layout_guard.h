// The layout guard: decides, before any code of the new images runs, whether
// each cog of a reload batch may be hot-patched, must be fully reloaded, or
// must be refused because new code would meet live objects of another layout.
// A pure, deterministic function of the manifests (layout_manifest.h).
//
// The host's manifest is the reference for the types the host shares: the
// host was compiled with that layout and owns objects of it. Rules, per cog
// of the batch, over the records of its NEW image (records the new image does
// not have are irrelevant; records of anonymous namespaces are never shared):
//   Refuse  a record also in the host differs from the host's layout
//           ("...; running version kept - restart the host to apply");
//   Refuse  a record also in a running cog outside the batch differs from that
//           cog's running layout ("also used by running cog 'x'");
//   Refuse  a record shared with another cog of the batch differs between the
//           two new images (both refused);
//   Refuse  a record with two layouts inside the new image (ODR violation), or
//           a shared record with two layouts in the host (cannot be checked);
//   Refuse  a batch peer is refused and shares a record that changed with this
//           cog ("refused together with 'y'"): cogs linked by a changed shared
//           type are applied as one or refused as one;
//   Reload  first load; no usable manifest for the new image (its refusal
//           checks still ran when it is merely incomplete); running version's
//           layouts unknown; a record changed that is private to the cog (or to
//           cogs of this batch that change it the same way); a static variable
//           changed size (its value cannot be kept across a patch);
//   Reload  hot patching disabled, where it would otherwise patch;
//   Patch   every record identical to the running version's.
// Cost: O(r log n) per cog for r records against manifests of n records, plus
// the pairs of the batch.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "layout_manifest.h"

namespace hotcog::rt {

struct GuardCog {
  GuardCog() = default;
  // A constructor rather than aggregate init: {cog, running, next} must not
  // trip -Wmissing-field-initializers for the optional members.
  GuardCog(std::string cog_name, const LayoutManifest* running_layouts,
           const LayoutManifest* next_layouts, bool is_first_load = false,
           std::string why_next_missing = {})
      : cog(std::move(cog_name)), running(running_layouts), next(next_layouts),
        first_load(is_first_load), next_missing(std::move(why_next_missing)) {}

  std::string cog;
  // Manifest of the version running now; nullptr: not loaded or unknown.
  const LayoutManifest* running = nullptr;
  // Manifest of the new image; nullptr: none or stale.
  const LayoutManifest* next = nullptr;
  // The cog is not loaded yet: nothing to patch (running is ignored).
  bool first_load = false;
  // Why next is nullptr, for the message, e.g. "/b/libx.so.layouts not found".
  std::string next_missing;
};

struct GuardVerdict {
  std::string cog;
  enum Action { Patch, Reload, Refuse } action = Reload;
  std::string reason;
};

// The reason of a full reload only because patching is switched off (the
// host adds which switch).
inline constexpr const char* kPatchingDisabled = "hot patching disabled";

// "patch", "reload", "refuse"
const char* action_name(GuardVerdict::Action action);

// One verdict per batch entry, in batch order. `host`: the host's manifest,
// nullptr when it has none (then nothing can be checked against the host and
// the reasons say so). `other_loaded`: cogs running and NOT in the batch, with
// the manifest of their running version (nullptr entries are skipped).
std::vector<GuardVerdict> check_batch(
    const LayoutManifest* host, const std::vector<GuardCog>& batch,
    const std::vector<std::pair<std::string, const LayoutManifest*>>& other_loaded,
    bool hot_patching_enabled);

}  // namespace hotcog::rt
