// Runs ninja's own tools (`ninja -C <dir> -t <tool> ...`) and parses what they
// print. These are the fallback and the cross-check for the native readers:
// ninja is always right about its own files.
//
//   ninja -t query T...  for each target, the edge that builds it:
//       libcog_a.so:
//         input: CXX_SHARED_LIBRARY_LINKER__cog_a_
//           CMakeFiles/cog_a.dir/a.cpp.o
//           | implicit-input
//           || order-only-input
//         outputs:
//           all
//   ninja -t deps        every record of the deps log:
//       CMakeFiles/cog_a.dir/a.cpp.o: #deps 3, deps mtime 1795636292288850694 (VALID)
//           /tmp/p/a.cpp
//           /tmp/p/inc/shared.h
//       <blank line>
#pragma once

#include <map>
#include <string>
#include <vector>

namespace hotcog::ninja {

// The edge that builds one node, as `-t query` shows it. A source file has
// no edge (has_edge == false).
struct QueryNode {
  bool has_edge = false;
  std::string rule;
  std::vector<std::string> explicit_inputs;
  std::vector<std::string> implicit_inputs;
  std::vector<std::string> order_only_inputs;
};

// Output of `ninja -t tool args...` in build_dir; false (with *err) when ninja
// could not run or exited non-zero.
bool run_ninja_tool(const std::string& build_dir, const std::vector<std::string>& args,
                    std::string* out, std::string* err);

// Parses `ninja -t query` output into path → node.
std::map<std::string, QueryNode> parse_query_output(const std::string& text);

// Queries many targets with as few ninja runs as possible. Targets ninja does
// not know are skipped and listed in *unknown (ninja stops at the first
// unknown target, so the query is retried without it).
bool query_targets(const std::string& build_dir, const std::vector<std::string>& targets,
                   std::map<std::string, QueryNode>* nodes,
                   std::vector<std::string>* unknown, std::string* err);

// Parses `ninja -t deps` output into output path → dependency paths (paths as
// ninja stores them: relative to the build dir or absolute). Records ninja
// marks STALE are kept: the stale file is still what the object was built from.
std::map<std::string, std::vector<std::string>> parse_deps_tool_output(const std::string& text);

}  // namespace hotcog::ninja
