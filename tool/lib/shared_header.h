// One includer's scan of an edited header standing in for the others', so a
// decision parses one TU instead of every includer (semantic_deps.h). Pure.
//
// The scanner marks a header context-free in a TU when no name in it is a
// macro from outside the header (clang-scan/lib/context_tracker.h; a -D of
// the command line is outside): then its tokens, and so its declarations and
// their hashes, are the same in every TU with the same command shape (the
// command without its source and its -D/-U: CMake gives every target its
// own macros, and those must not keep two cogs from sharing a shape). The
// representative's scans before and after the edit give the edit; another
// includer T takes it (its state after the edit is its state before with
// the header's declarations replaced) only when all of these hold, else T is
// parsed as before:
//   - the representative's scans: no error, same shape, the header
//     context-free in both with the same identifier set (a new name could be
//     a macro in some includer), the same #include lists, the same used
//     declarations (a declaration that became one every includer emits, e.g.
//     an inline function made non-inline, shows there), and every change a
//     changed (not added or removed: lookup and overload resolution may then
//     choose differently in each TU) function, record, variable, enum,
//     typedef or template of that header (not a macro: it reaches into the
//     files after the header, which differ per TU; not a scope directive);
//   - T: no error, the same shape, the header context-free with the same
//     identifier set, and exactly the representative's declarations of the
//     header with the same hashes before the edit (it saw the same tokens).
// T's own code and every other file it includes are unchanged, no
// declaration was added or removed, so what T's code refers to stays the
// same unless it reaches a changed declaration (which makes it affected) or
// overload resolution picks a changed function it did not use before (a new
// default argument makes it viable): T is parsed when it uses any function
// or template named like a changed one (unqualified: ADL and using-
// directives reach across namespaces). The caller keeps T's projected state
// only when T is unaffected; an affected T is parsed for its new state.
#pragma once

#include "lib/scan_facts.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotcog::cli {

struct SharedEdit {
  std::string header;
  std::string shape;
  std::string idents;                           // hash of the header's identifier set
  std::map<std::string, DeclFact> before;       // the header's declarations, by USR
  std::map<std::string, DeclFact> after;
};

// The includer to parse first: one with a usable earlier scan in which the
// header is context-free, the one with the fewest includes (the cheapest).
// `usable(tu)` says whether an earlier scan exists and may be compared with.
std::optional<std::string> pick_representative(
    const std::string& header, const std::vector<std::string>& tus,
    const std::map<std::string, TuFacts>& before,
    const std::function<bool(const std::string&)>& usable);

// The edit as the representative saw it, or nullopt with *why (one line).
std::optional<SharedEdit> shared_edit(const std::string& header, const TuFacts& before,
                                      const TuFacts& after, std::string* why);

// T's state after the edit, when T may take the shared edit (see above).
std::optional<TuFacts> project_edit(const TuFacts& tu, const SharedEdit& edit);

// True when `tu` uses a function or template with the unqualified name of one
// the edit changed.
bool may_resolve_differently(const TuFacts& tu, const SharedEdit& edit);

}  // namespace hotcog::cli
