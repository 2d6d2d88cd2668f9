// libFuzzer target: the build.ninja reader (ninja-bridge, build_graph.h). The
// reader takes a build dir, so each input is written as <scratch>/build.ninja
// (an `include build.ninja` in it includes itself: the depth limit must hold).
// Ninja's path canonicalization is fuzzed on the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hotcog/ninja/build_graph.h"
#include "scratch_file.h"

using namespace hotcog::ninja;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const hotcog::fuzz::ScratchDir dir;
  dir.write("build.ninja", data, size);
  BuildGraph graph;
  std::string why;
  GraphLoad status = read_build_graph(dir.path(), &graph, &why);
  if (status != GraphLoad::Ok) FUZZ_CHECK(!why.empty(), "a graph that cannot be read says why");
  for (const auto& [output, edge] : graph.edges)
    FUZZ_CHECK(!output.empty() && !edge.rule.empty(), "every edge has an output and a rule");

  std::string path(reinterpret_cast<const char*>(data), size);
  std::string once = canonicalize_ninja_path(path);
  FUZZ_CHECK(canonicalize_ninja_path(once) == once, "canonicalization is idempotent");
  return 0;
}
