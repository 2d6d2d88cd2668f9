// One running version of a cog: its image plus the CogContext its setup got.
// The context owns the undo list (CogContext::on_unload): everything the cog
// registered with host services is removed by running that list, so no host
// structure keeps a pointer into an image after it is closed.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cog_image.h"
#include "hotcog/cog.hpp"

namespace hotcog::rt {

using ServiceTable = std::map<std::string, void*, std::less<>>;

class CogVersionContext final : public CogContext {
 public:
  CogVersionContext(std::string name, unsigned version, const ServiceTable* services,
                    std::string restored_state)
      : name_(std::move(name)),
        version_(version),
        services_(services),
        restored_(std::move(restored_state)) {}

  const char* cog_name() const override { return name_.c_str(); }
  unsigned version() const override { return version_; }
  void* raw_service(const char* name) override;
  void on_unload(std::function<void()> undo) override;
  std::string_view restored_state() const override { return restored_; }
  // A hot patch keeps the context (and everything registered through it)
  // but counts as a new version.
  void set_version(unsigned version) { version_ = version; }

  // Runs the undo callbacks in reverse registration order, each under the
  // crash guard; returns one description per callback that failed.
  std::vector<std::string> run_undo(unsigned timeout_ms = 0);

 private:
  std::string name_;
  unsigned version_;
  const ServiceTable* services_;
  std::string restored_;
  std::vector<std::function<void()>> undo_;
};

struct CogVersion {
  std::unique_ptr<CogImage> image;
  std::unique_ptr<CogVersionContext> context;
  // Images that hot patches replaced, oldest first: their functions jump
  // into `image`, and live objects may still use their vtables, so they stay
  // mapped as long as this version runs (patcher.h).
  std::vector<std::unique_ptr<CogImage>> patched_over;
};

}  // namespace hotcog::rt
