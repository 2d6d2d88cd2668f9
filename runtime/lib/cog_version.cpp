#include "cog_version.h"

#include "crash_guard.h"

namespace hotcog::rt {

void* CogVersionContext::raw_service(const char* name) {
  if (!name || !services_) return nullptr;
  auto it = services_->find(std::string_view(name));
  return it == services_->end() ? nullptr : it->second;
}

void CogVersionContext::on_unload(std::function<void()> undo) {
  if (undo) undo_.push_back(std::move(undo));
}

std::vector<std::string> CogVersionContext::run_undo(unsigned timeout_ms) {
  std::vector<std::string> failures;
  // Pop as we go: an undo callback may itself register or unregister.
  while (!undo_.empty()) {
    std::function<void()> undo = std::move(undo_.back());
    undo_.pop_back();
    const GuardOutcome out = guarded([&] { undo(); }, timeout_ms);
    if (!out.ok()) failures.push_back(out.what);
  }
  return failures;
}

}  // namespace hotcog::rt
