// The linker symbol of a variable with static storage duration, as the
// compiler that builds the TU names it.
//
// clang's Itanium mangler gives clang's names. GCC 12 names some kinds
// differently (compared with nm in test/lit/clang-scan/vars-symbols.test):
//   - implicit ABI tags (B5cxx11, from a std::string type) are not put on a
//     variable internal to the object file (static, anonymous namespace,
//     static local of a non-inline function): GCC `_ZL1s`, clang
//     `_ZL1sB5cxx11` for `static std::string s;`;
//   - a static local of a constructor or destructor is named after GCC's
//     unified C4/D4 symbol, clang uses the complete-object C1/D1 one:
//     GCC `_ZZN1CC4EvE1n`, clang `_ZZN1CC1EvE1n`;
//   - C has no mangling: a function-local static gets a local name of the
//     compiler's making (GCC `calls.0`, clang `tick.calls`) and is not listed;
//   - closures that need no ABI-stable name (a lambda in a non-inline
//     function or in a namespace-scope variable's initializer) are named
//     `$_0`... by clang, `UlvE_`... by GCC: a static local of such a lambda
//     is not listed for GCC (its name is not derived here).
#pragma once

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class MangleContext;
class VarDecl;
}  // namespace clang

namespace hotcog::scan {

class VarSymbols {
 public:
  VarSymbols(clang::ASTContext& context, bool gcc);
  ~VarSymbols();

  // nullopt: GCC's name for it is unknown.
  std::optional<std::string> symbol(const clang::VarDecl* var);

 private:
  std::string mangle_ctor_or_dtor_local(const clang::VarDecl* var, std::string symbol);

  clang::ASTContext& context_;
  std::unique_ptr<clang::MangleContext> mangler_;
  bool gcc_;
};

// GCC's naming applies when the compile command's compiler is GCC: argv[0]
// names gcc/g++/c++ (any version suffix or target prefix), not clang.
bool compiler_is_gcc(llvm::StringRef argv0);

}  // namespace hotcog::scan
