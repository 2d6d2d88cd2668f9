// Which user headers of a TU were preprocessed independently of the TU
// around them ("context-free"): their token stream is the same in every TU
// with the same command shape, so a declaration-level decision may take what
// one includer's scan saw in them for all of them (tool/lib/semantic_deps.h).
//
// A header's stream can depend on its includer only through macros: a name
// in the header that is a macro in one includer and not in another, an
// #ifdef or #if that tests one, a macro the header expands that another file
// defined. So an entry of a user header is context-free when no identifier
// in its text (raw-lexed: directives, code, macro bodies) has a macro
// definition or #undef anywhere but in that entry itself or the built-in
// predefines at the moment the header ends (a -D or -U of the command line
// counts as outside: TUs of one shape may differ in those, scan_action.cpp's
// command_shape), and it names none of the builtins whose value depends on
// where or when it is expanded (__FILE__, __COUNTER__, __DATE__, ...). A file entered twice is judged per entry; the
// second one sees the first one's macros, so it is not context-free unless
// it uses none of them. A header is listed when every entry is context-free.
//
// Each listed header comes with a hash of its set of identifiers: two
// versions of a header with the same set and the same includer context stay
// context-free in every includer that found the first one context-free (no
// new name can meet a macro of the includer).
#pragma once

#include "llvm/ADT/StringMap.h"

#include <string>
#include <utility>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace hotcog::scan {

class ContextTracker {
 public:
  explicit ContextTracker(std::string directory) : directory_(std::move(directory)) {}

  void attach(clang::Preprocessor& pp);

  // (header, hash of its identifier set), sorted by header.
  std::vector<std::pair<std::string, std::string>> context_free() const;

  // Called by the callbacks in the .cpp when an entry of `path` ends.
  void entry_done(const std::string& path, bool free, const std::string& idents);
  const std::string& directory() const { return directory_; }

 private:
  struct Header {
    bool free = true;
    std::string idents;
  };
  std::string directory_;
  llvm::StringMap<Header> headers_;
};

}  // namespace hotcog::scan
