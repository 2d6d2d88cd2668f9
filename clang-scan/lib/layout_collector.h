// Record layouts of the user types of one TU, read from clang's
// ASTContext::getASTRecordLayout — the same numbers -fdump-record-layouts
// prints and codegen uses.
//
// Covered: every complete, non-dependent class/struct/union with a name (or a
// typedef name) whose definition is outside system headers, class template
// specializations instantiated in the TU included. Anonymous structs/unions are
// not records of their own: they appear as a member of the enclosing record,
// followed by their members (marked indirect) at offsets from that record.
#pragma once

#include "hotcog/scan/scanner.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace hotcog::scan {

std::vector<RecordLayout> collect_record_layouts(clang::ASTContext& context,
                                                 const std::string& directory);

}  // namespace hotcog::scan
