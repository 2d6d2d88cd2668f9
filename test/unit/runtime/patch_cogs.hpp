// The patch_v* test cogs loaded the way the runtime loads cog images: each
// test dlopens its own private copy, so the jumps one test writes never
// reach another test's images.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "patcher.h"
#include "test_cogs/patch_api.hpp"

namespace runtime_test {

class PatchCog {
 public:
  // Copies `image` to <dir>/<name>.so and dlopens it (RTLD_NOW | RTLD_LOCAL).
  PatchCog(const std::string& dir, const char* image, const std::string& name);
  ~PatchCog();  // dlclose
  PatchCog(const PatchCog&) = delete;
  PatchCog& operator=(const PatchCog&) = delete;

  hotcog::rt::PatchImage image() const { return {handle_, path_}; }
  const test_cogs::PatchApi& api() const { return *api_; }
  void* handle() const { return handle_; }
  const std::string& path() const { return path_; }
  // Run-time address of a (hidden) symbol; `file` picks one of several
  // local symbols with the same name. Fails the test if there is none.
  uintptr_t address_of(const std::string& name, const std::string& file = "") const;
  // The bytes of every function entry (up to its room) and of every
  // variable: changes if anything in the image was written.
  std::string snapshot() const;

 private:
  std::string path_;
  void* handle_ = nullptr;
  uintptr_t base_ = 0;
  const test_cogs::PatchApi* api_ = nullptr;
};

// What the layout manifest of patch_v<version> lists (`var` lines), by hand
// until the build writes manifests; ElfSymbols.TestCogVariableListMatchesTheImages
// checks every name and size against the built images.
std::vector<hotcog::rt::PatchVar> patch_cog_vars(int version);

}  // namespace runtime_test
