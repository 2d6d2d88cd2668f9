#include "var_symbols.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/GlobalDecl.h"
#include "clang/AST/Mangle.h"
#include "clang/Basic/LangOptions.h"
#include "llvm/Support/Path.h"

namespace hotcog::scan {
namespace {

std::string mangle(clang::MangleContext& mangler, clang::GlobalDecl decl) {
  std::string name;
  llvm::raw_string_ostream os(name);
  mangler.mangleName(decl, os);
  return os.str();
}

// Drops the ABI tags (B<length><tag>...) that follow the variable's own
// <length><name> in `symbol`: its last occurrence, since the variable's name
// is the innermost component (only a discriminator "_N" may follow).
std::string drop_own_abi_tags(std::string symbol, llvm::StringRef name) {
  std::string source_name = std::to_string(name.size()) + name.str();
  size_t at = symbol.rfind(source_name + "B");
  if (at == std::string::npos) return symbol;
  size_t tags = at + source_name.size(), end = tags;
  while (end < symbol.size() && symbol[end] == 'B') {
    size_t digits = end + 1, length = 0;
    while (digits < symbol.size() && std::isdigit(static_cast<unsigned char>(symbol[digits])))
      length = length * 10 + (symbol[digits++] - '0');
    if (digits == end + 1 || digits + length > symbol.size()) return symbol;  // not a tag
    end = digits + length;
  }
  return symbol.erase(tags, end - tags);
}

}  // namespace

VarSymbols::VarSymbols(clang::ASTContext& context, bool gcc)
    : context_(context),
      mangler_(clang::ItaniumMangleContext::create(context, context.getDiagnostics())),
      gcc_(gcc) {}

VarSymbols::~VarSymbols() = default;

std::optional<std::string> VarSymbols::symbol(const clang::VarDecl* var) {
  // C: a function-local static gets a compiler-made local name (GCC
  // `calls.0`, clang `tick.calls`), not derived here.
  if (!context_.getLangOpts().CPlusPlus && var->isStaticLocal()) return std::nullopt;
  // A global in the global namespace, or extern "C": the plain identifier.
  if (!mangler_->shouldMangleDeclName(var)) return var->getName().str();
  std::string symbol = mangle(*mangler_, clang::GlobalDecl(var));
  if (!gcc_) return symbol;
  if (symbol.find('$') != std::string::npos) return std::nullopt;  // clang's own numbering
  // Internal to the object file: a static, a member of an anonymous
  // namespace, a static local of a non-inline function (one of an inline
  // function or a template is shared across TUs and keeps its tags).
  if (context_.GetGVALinkageForVariable(var) == clang::GVA_Internal)
    symbol = drop_own_abi_tags(std::move(symbol), var->getName());
  if (var->isStaticLocal()) symbol = mangle_ctor_or_dtor_local(var, std::move(symbol));
  return symbol;
}

// clang: "_ZZ" + the C1/D1 encoding of the enclosing function + "E..."; GCC
// the same with C4/D4. The position of that digit is where the complete and
// base object manglings differ.
std::string VarSymbols::mangle_ctor_or_dtor_local(const clang::VarDecl* var, std::string symbol) {
  const clang::DeclContext* parent = var->getParentFunctionOrMethod();
  std::string complete, base;
  if (const auto* ctor = llvm::dyn_cast_or_null<clang::CXXConstructorDecl>(parent)) {
    complete = mangle(*mangler_, clang::GlobalDecl(ctor, clang::Ctor_Complete));
    base = mangle(*mangler_, clang::GlobalDecl(ctor, clang::Ctor_Base));
  } else if (const auto* dtor = llvm::dyn_cast_or_null<clang::CXXDestructorDecl>(parent)) {
    complete = mangle(*mangler_, clang::GlobalDecl(dtor, clang::Dtor_Complete));
    base = mangle(*mangler_, clang::GlobalDecl(dtor, clang::Dtor_Base));
  } else {
    return symbol;
  }
  if (complete.size() != base.size() || complete.size() < 3) return symbol;
  size_t digit = 0;
  while (digit < complete.size() && complete[digit] == base[digit]) ++digit;
  std::string prefix = "_ZZ" + complete.substr(2);  // "_Z<encoding>" -> "_ZZ<encoding>"
  if (digit == complete.size() || symbol.compare(0, prefix.size(), prefix) != 0) return symbol;
  symbol[digit + 1] = '4';
  return symbol;
}

bool compiler_is_gcc(llvm::StringRef argv0) {
  llvm::StringRef name = llvm::sys::path::filename(argv0);
  if (name.contains("clang")) return false;
  return name.contains("g++") || name.contains("gcc") || name.contains("c++") ||
         name == "cc";
}

}  // namespace hotcog::scan
