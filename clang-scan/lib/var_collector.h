// Variables with static storage duration that one TU defines, for the runtime
// to carry their values across a hot patch (matched by linker symbol and size).
//
// Listed: namespace-scope variables, static data members and function-local
// statics defined outside system headers that the compiler emits as writable
// data. Left out: thread_local variables (per thread, not one copy to carry),
// variables in read-only memory (constexpr, or const with a constant
// initializer, no mutable member and a trivial destructor: codegen's own rule
// for putting a global in .rodata), templates' uninstantiated patterns, and
// discardable definitions (inline variables, template instantiations, statics
// of inline functions) that nothing in the TU uses, since no object file
// would contain them.
//
// The symbol is the linker name of the variable as the TU's compiler emits it
// (var_symbols.h: clang's mangling, adjusted where GCC differs).
#pragma once

#include "hotcog/scan/scanner.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace hotcog::scan {

std::vector<VarLayout> collect_static_vars(clang::ASTContext& context,
                                           const std::string& directory, bool gcc_symbols);

}  // namespace hotcog::scan
