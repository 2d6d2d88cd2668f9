// libFuzzer target: the .ninja_log reader (ninja-bridge, ninja_log.h), whole
// files and the tail read after a build, plus the summary built from them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hotcog/ninja/ninja_log.h"

using namespace hotcog::ninja;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string err;
  NinjaLog log;
  if (parse_ninja_log(text, ".ninja_log", &log, &err)) {
    FUZZ_CHECK(log.version >= 5, "old formats are refused");
  } else {
    FUZZ_CHECK(!err.empty(), "a rejected log says why");
  }
  std::vector<NinjaLogEntry> tail;
  err.clear();
  if (!parse_ninja_log_lines(text, ".ninja_log", &tail, &err)) return 0;
  std::vector<RanEdge> edges;
  for (const NinjaLogEntry& e : tail) {
    RanEdge edge;
    edge.outputs = {e.output};
    edge.start_ms = e.start_ms;
    edge.end_ms = e.end_ms;
    edge.kind = classify_output(e.output);
    edges.push_back(edge);
  }
  (void)summarize(edges).text();
  return 0;
}
