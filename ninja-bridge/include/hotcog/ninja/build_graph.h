// Native reader for the build graph in build.ninja: for every output, the
// edge that builds it (rule, explicit, implicit and order-only inputs), as
// `ninja -t query` would print it, without running ninja (which parses the
// whole manifest and both logs for every query).
//
// The reader understands what CMake's Ninja generator writes and a bit more:
// `build` statements with `$ `, `$:`, `$$` escapes and `$`-newline
// continuations, variables in paths (`${cmake_ninja_workdir}gen/x.h`),
// resolved like ninja does (the edge's own bindings, then the file scope;
// `subninja` opens a child scope, `include` does not), and it skips `rule`,
// `pool` and `default` blocks and comments. An edge with a `dyndep` binding
// (inputs discovered at build time) makes it answer Unsupported, and callers
// ask `ninja -t query` instead. Paths are canonicalized as ninja does ("./"
// and "x/.." removed).
#pragma once

#include <string>
#include <unordered_map>

#include "hotcog/ninja/ninja_tool.h"  // QueryNode

namespace hotcog::ninja {

enum class GraphLoad { Ok, Unsupported, Error };

struct BuildGraph {
  std::unordered_map<std::string, QueryNode> edges;  // output path → its edge
};

// Reads <build_dir>/build.ninja. On Unsupported or Error, *why says what.
GraphLoad read_build_graph(const std::string& build_dir, BuildGraph* graph, std::string* why);

// Ninja's path canonicalization, lexical: "a/./b" → "a/b", "a/x/../b" → "a/b";
// leading "../" of a relative path is kept.
std::string canonicalize_ninja_path(const std::string& path);

}  // namespace hotcog::ninja
