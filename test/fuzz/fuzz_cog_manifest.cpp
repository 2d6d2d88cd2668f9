// libFuzzer target: the cog manifest line format, <build>/hotcog/cogs.tsv
// (utils/include/hotcog/base/cog_manifest.h), read by the runtime inside the
// user's program and by the tool.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hotcog/base/cog_manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  hotcog::CogManifest manifest;
  std::string err;
  if (!hotcog::parse_cog_manifest(text, "cogs.tsv", &manifest, &err)) {
    FUZZ_CHECK(!err.empty(), "a rejected manifest says why");
    return 0;
  }
  for (const hotcog::CogEntry& cog : manifest.cogs) {
    const hotcog::CogEntry* found = manifest.find(cog.name);
    FUZZ_CHECK(found && found->name == cog.name, "find() finds every parsed cog");
  }
  return 0;
}
