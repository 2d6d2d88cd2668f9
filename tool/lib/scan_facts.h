// What `hotcog-scan --includes --refs` says about each translation unit, as
// the tool needs it for declaration-level decisions (semantic_diff.h). The
// scanner runs as a subprocess (the tool never links clang); this parses its
// output in --format=json-lines (clang-scan/README.md, "Output"): one TU
// object per line, parsed one at a time.
#pragma once

#include "lib/string_pool.h"

#include <llvm/Support/Error.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace hotcog::cli {

struct DeclFact {
  std::string kind;  // function, record, variable, enum, typedef, template, macro
  std::string name;  // qualified
  std::string file;
  unsigned line = 0;
  std::string hash;  // over the tokens of every redeclaration in the TU
};

// One #include that resolved: the including file and the file it opened.
struct IncludeEdge {
  PooledString from, to;
  friend bool operator==(const IncludeEdge& a, const IncludeEdge& b) {
    return a.from == b.from && a.to == b.to;
  }
  friend bool operator!=(const IncludeEdge& a, const IncludeEdge& b) { return !(a == b); }
};

// The paths (includes, edges, shadows: most of a TU's facts, and the same in
// most TUs) are interned in the StringPool the facts were parsed with, which
// must outlive them.
struct TuFacts {
  std::string file;                      // the TU's source, absolute
  std::vector<PooledString> includes;    // every file the compiler opened, in order
  // Every #include that resolved, in directive order (lines left out: a line
  // added above an #include moves it, changing nothing). Order matters: a
  // header now included earlier puts its declarations before others.
  std::vector<IncludeEdge> include_edges;
  std::map<std::string, DeclFact> decls; // USR -> declaration
  std::set<std::string> refs;            // USRs of the user declarations its code reaches
                                         // (the scanner's "used"; "refs" from older scanners)
  std::string error;                     // non-empty: the TU did not parse
  // The user headers the scanner found context-free in this TU, with the
  // hash of each one's identifier set, and the hash of its command line
  // without the source (clang-scan/lib/context_tracker.h; empty from older
  // scanners: then no header counts as context-free).
  std::map<std::string, std::string> context_free;
  std::string shape;
  // Absent paths where a new header would be found before one this TU
  // includes now (the scanner's "shadows"), normalized and sorted by text.
  std::vector<PooledString> shadows;
};

// Parses the scanner's JSON lines, interning their paths in `pool`. A line
// that is not a TU object (bad JSON, not an object, no "file") is a Scan error
// naming `origin` and the line.
llvm::Expected<std::vector<TuFacts>> parse_scan_lines(llvm::StringRef text,
                                                      const std::string& origin,
                                                      StringPool& pool);

}  // namespace hotcog::cli
