// libFuzzer target: the runtime's layout manifest reader
// (runtime/lib/layout_manifest.h). The host reads <image>.layouts files from
// the build dir before any code of a new image runs; a file cut short or
// garbage must be an error naming the line, never a crash of the host.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "layout_manifest.h"

using namespace hotcog::rt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  LayoutManifest manifest;
  std::string err;
  if (!parse_layout_manifest(text, &manifest, &err)) {
    FUZZ_CHECK(err.rfind("line ", 0) == 0, "an error names its line");
    return 0;
  }
  FUZZ_CHECK(manifest.version == 1 || manifest.version == 2, "only known versions are read");
  // The lookups the layout guard makes, on every parsed name.
  for (const LayoutRecord& record : manifest.records) {
    const LayoutRecord* found = manifest.find(record.name);
    FUZZ_CHECK(found && found->name == record.name, "find() finds every parsed record");
    if (const LayoutRecord* other = manifest.conflicting(record.name))
      FUZZ_CHECK(other->name == record.name && other->hash != found->hash,
                 "a conflict has the same name and another hash");
    (void)is_tu_local_record(record.name);
  }
  for (const LayoutVar& var : manifest.vars) {
    const LayoutVar* found = manifest.find_var(var.symbol);
    FUZZ_CHECK(found && found->symbol == var.symbol, "find_var() finds every parsed var");
  }
  return 0;
}
