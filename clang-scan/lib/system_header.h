// Whether a declaration comes from a system header (where it was expanded, for
// macros). The collectors never report those, and skip their subtrees: most
// of a TU's AST is the standard library.
#pragma once

#include "clang/AST/DeclBase.h"
#include "clang/Basic/SourceManager.h"

namespace hotcog::scan {

inline bool in_system_header(const clang::Decl* decl, const clang::SourceManager& sm) {
  clang::SourceLocation loc = sm.getExpansionLoc(decl->getLocation());
  return loc.isValid() && sm.isInSystemHeader(loc);
}

}  // namespace hotcog::scan
