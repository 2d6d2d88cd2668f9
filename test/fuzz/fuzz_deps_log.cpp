// libFuzzer target: the .ninja_deps reader (ninja-bridge, deps_log.h). It only
// takes a path, so each input is written to a scratch file first.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hotcog/ninja/deps_log.h"
#include "scratch_file.h"

using namespace hotcog::ninja;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const hotcog::fuzz::ScratchDir dir;
  std::string path = dir.write(".ninja_deps", data, size);
  DepsLog log;
  std::string err;
  LoadStatus status = load_deps_log(path, &log, &err);
  if (status != LoadStatus::Ok) {
    FUZZ_CHECK(status == LoadStatus::Error && !err.empty(), "a broken log is an Error saying why");
    return 0;
  }
  for (const DepsLog::Record& rec : log.records) {
    FUZZ_CHECK(rec.output >= 0 && static_cast<size_t>(rec.output) < log.paths.size(),
               "outputs are known paths");
    for (int in : rec.inputs)
      FUZZ_CHECK(in >= 0 && static_cast<size_t>(in) < log.paths.size(), "inputs are known paths");
  }
  return 0;
}
