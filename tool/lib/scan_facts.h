// What `hotcog-scan --includes --refs` says about each translation unit, as
// the tool needs it for declaration-level decisions (semantic_diff.h). The
// scanner runs as a subprocess (the tool never links clang); this parses its
// JSON document (clang-scan/README.md, "Output").
#pragma once

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

struct TuFacts {
  std::string file;                      // the TU's source, absolute
  std::vector<std::string> includes;     // every file the compiler opened, in order
  // Every #include that resolved, "from -> to" in directive order (lines left
  // out: a line added above an #include moves it, changing nothing). Order
  // matters: a header now included earlier puts its declarations before others.
  std::vector<std::string> include_edges;
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
  // includes now (the scanner's "shadows").
  std::vector<std::string> shadows;
};

// Parses a scan document. A document that is not one (bad JSON, a missing
// "tus" array, a TU without "file") is a Scan error naming `origin`.
llvm::Expected<std::vector<TuFacts>> parse_scan_facts(llvm::StringRef text,
                                                      const std::string& origin);

}  // namespace hotcog::cli
