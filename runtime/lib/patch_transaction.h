// A hot patch of one cog as a transaction at the host's safe point: the
// running version keeps its context (everything it registered stays
// registered), its image stays mapped, and its functions jump into the new
// image (patcher.h). No save_state, no teardown, no setup.
#pragma once

#include <memory>
#include <string>

#include "patcher.h"
#include "reload_transaction.h"

namespace hotcog::rt {

// The images a patch of `running` redirects (earlier patches' images first,
// the running image last), in the form the patcher takes.
std::vector<PatchImage> patch_chain(const CogVersion& running);

// The `var` lines of a manifest, for the patcher.
std::vector<PatchVar> patch_vars(const LayoutManifest& layouts);

// Plans a patch of `slot`'s running version by `image`, whose layouts (the
// statics to keep) must be known (reads the images' symbol tables; touches
// no memory).
PatchPlan plan_slot_patch(const CogSlot& slot, const CogImage& image);

// Applies `plan` (made for the running chain of `slot`) and makes `image`
// the running image. On success *reason says what the patch could not keep
// ("" if nothing); on failure nothing changed, `image` is handed back in
// *image_back and the Status says why.
Status apply_patch_to_slot(CogSlot& slot, std::unique_ptr<CogImage> image, const PatchPlan& plan,
                           std::string* reason, std::unique_ptr<CogImage>* image_back);

// "1 variable not kept (not trivially copyable): 'names'; 2 functions too small
// to redirect: f, g" -- what a user should know after a patch; "" if nothing.
std::string describe_patch_limits(const PatchReport& report);

}  // namespace hotcog::rt
