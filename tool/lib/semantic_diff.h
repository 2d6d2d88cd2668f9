// Declaration-level decision for one translation unit: given what the scanner
// saw in it before a header edit and after it, does its object code possibly
// change? Pure (no I/O), so every rule below has a unit test.
//
// A TU counts as affected when (first match gives the reason):
//   - there is no earlier scan of it, or either scan failed (undecidable);
//   - its #include list or the order of its #include directives changed (a
//     new header may bring anything; a header included earlier than before
//     puts its declarations before others);
//   - it uses a declaration that changed or was removed (USR in its refs
//     before or after the edit), or one that was added (in its refs after:
//     name lookup or overload resolution chose the new one, a new macro
//     expands, an #ifdef now sees a macro);
//   - it uses a member of such a declaration (refs name fields, enumerators
//     and methods: "c:@S@Outer@FI@in" uses "c:@S@Outer"), or it uses the
//     record a changed member belongs to (an inline virtual function's body
//     lands in the vtable of every TU that constructs the class);
//   - a declaration was added or removed whose qualified name it uses through
//     another declaration (a new overload, specialization or deduction guide
//     that overload resolution did not pick here may still matter:
//     conservative);
//   - the set of declarations it uses differs (lookup now finds another one).
// refs are what the TU's code reaches (the scanner's "used": from the main
// file and the header code every includer emits, through inline functions,
// templates, default arguments, typedefs and members; every macro use), so a
// TU that uses `Outer` also uses the `Inner` its field names. What it does
// not reach (a struct nobody names, an inline function nobody calls) changes
// nothing in its object code.
#pragma once

#include "lib/scan_facts.h"

#include <string>
#include <vector>

namespace hotcog::cli {

enum class DeclChangeKind { Changed, Added, Removed };

struct DeclChange {
  std::string usr;
  DeclChangeKind kind = DeclChangeKind::Changed;
  DeclFact decl;  // after the edit, or before it for a removed one
};

// Declarations whose hash differs, that appeared, or that disappeared.
std::vector<DeclChange> diff_decls(const TuFacts& before, const TuFacts& after);

struct TuVerdict {
  bool affected = false;
  std::string decl;    // the qualified name of the declaration that decided, if any
  std::string reason;  // one line for people: "uses `Outer` (changed at style.h:4)"
};

// `before` is null when the TU was never scanned.
TuVerdict judge_tu(const TuFacts* before, const TuFacts& after);

// "changed", "added", "removed".
const char* change_name(DeclChangeKind kind);

}  // namespace hotcog::cli
