#include "patch_transaction.h"

#include "status_text.h"

namespace hotcog::rt {
namespace {

std::string join(const std::vector<std::string>& names, size_t limit = 5) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < limit; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > limit) out += ", ... (" + std::to_string(names.size() - limit) + " more)";
  return out;
}

}  // namespace

std::vector<PatchImage> patch_chain(const CogVersion& running) {
  std::vector<PatchImage> chain;
  for (const auto& image : running.patched_over) chain.push_back({image->handle, image->copy_path});
  chain.push_back({running.image->handle, running.image->copy_path});
  return chain;
}

std::vector<PatchVar> patch_vars(const LayoutManifest& layouts) {
  std::vector<PatchVar> vars;
  vars.reserve(layouts.vars.size());
  for (const LayoutVar& v : layouts.vars)
    vars.push_back({v.symbol, v.size, v.trivially_copyable, v.name});
  return vars;
}

PatchPlan plan_slot_patch(const CogSlot& slot, const CogImage& image) {
  return plan_patch(patch_chain(*slot.current), {image.handle, image.copy_path},
                    patch_vars(*image.layouts));
}

std::string describe_patch_limits(const PatchReport& report) {
  std::vector<std::string> parts;
  if (!report.vars_not_kept.empty()) {
    std::vector<std::string> names;
    for (const PatchReport::NotKept& v : report.vars_not_kept)
      names.push_back("'" + v.name + "' (" + v.reason + ")");
    parts.push_back(std::to_string(report.vars_not_kept.size()) +
                    (report.vars_not_kept.size() == 1 ? " variable" : " variables") +
                    " started from its initial value: " + join(names));
  }
  if (!report.too_small.empty())
    parts.push_back(std::to_string(report.too_small.size()) +
                    " old functions too small to redirect still run old code: " +
                    join(report.too_small));
  if (!report.ambiguous.empty())
    parts.push_back(std::to_string(report.ambiguous.size()) +
                    " functions defined twice under one name were not redirected: " +
                    join(report.ambiguous));
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

Status apply_patch_to_slot(CogSlot& slot, std::unique_ptr<CogImage> image, const PatchPlan& plan,
                           std::string* reason, std::unique_ptr<CogImage>* image_back) {
  const PatchReport report = apply_patch(plan);
  if (!report.ok()) {
    *image_back = std::move(image);
    return make_status(ErrorKind::Io, slot.name, "patch", report.error, image_back->get()->source);
  }
  CogVersion& running = *slot.current;
  // A patched-over image is never checked or planned against again (the
  // guard and the next plan read the running image's layouts), so its parsed
  // layout manifest goes now: kept, it cost ~130 KiB per image of a 200-record
  // cog, up to kMaxPatchChain of them (bench/runtime/README.md).
  running.image->layouts.reset();
  running.patched_over.push_back(std::move(running.image));
  running.image = std::move(image);
  slot.last_version += 1;
  running.context->set_version(slot.last_version);
  *reason = describe_patch_limits(report);
  return Status::success();
}

}  // namespace hotcog::rt
