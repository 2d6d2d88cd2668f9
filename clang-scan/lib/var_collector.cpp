#include "var_collector.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

#include "scan_paths.h"
#include "system_header.h"
#include "var_symbols.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

namespace hotcog::scan {
namespace {

// CodeGenModule::isTypeConstant plus the constant initializer it requires
// before it marks a global constant: such a variable lives in .rodata, its
// value can never differ between two images built from the same source.
bool is_read_only(const clang::VarDecl* var, clang::ASTContext& context) {
  clang::QualType type = var->getType();
  if (!type.isConstant(context) && !type->isReferenceType()) return false;
  if (!var->hasInit() || !var->hasConstantInitialization()) return false;
  if (const auto* record = context.getBaseElementType(type)->getAsCXXRecordDecl())
    return !record->hasMutableFields() && record->hasTrivialDestructor();
  return true;
}

// Whether some object file of this TU will hold the variable: a definition
// the TU must emit, or a discardable one (inline, template instantiation,
// internal linkage, a static of an inline function) that the TU uses.
bool is_emitted(const clang::VarDecl* var, clang::ASTContext& context) {
  if (var->isStaticLocal()) {
    const auto* function = llvm::dyn_cast<clang::FunctionDecl>(
        var->getParentFunctionOrMethod());
    if (!function) return false;  // a block or captured statement: not ours
    clang::GVALinkage linkage = context.GetGVALinkageForFunction(function);
    return !clang::isDiscardableGVALinkage(linkage) || function->isUsed();
  }
  return context.DeclMustBeEmitted(var) || var->isUsed();
}

bool is_wanted(const clang::VarDecl* var, clang::ASTContext& context) {
  if (!var->hasGlobalStorage() || var->getTLSKind() != clang::VarDecl::TLS_None) return false;
  if (var->isInvalidDecl() || var->isTemplated() || var->getType()->isDependentType() ||
      var->getType()->isIncompleteType())
    return false;
  switch (var->isThisDeclarationADefinition()) {
    case clang::VarDecl::Definition: break;
    // C: `int n;` at file scope is a tentative definition; the last one
    // becomes the definition when the TU has no other.
    case clang::VarDecl::TentativeDefinition:
      if (var->getActingDefinition() != var) return false;
      break;
    case clang::VarDecl::DeclarationOnly: return false;
  }
  if (llvm::isa<clang::VarTemplatePartialSpecializationDecl>(var)) return false;
  const clang::SourceManager& sm = context.getSourceManager();
  clang::SourceLocation loc = sm.getExpansionLoc(var->getLocation());
  if (loc.isInvalid() || sm.isInSystemHeader(loc)) return false;
  return !is_read_only(var, context) && is_emitted(var, context);
}

class VarFinder : public clang::RecursiveASTVisitor<VarFinder> {
 public:
  VarFinder(clang::ASTContext& context, const std::string& directory, bool gcc_symbols)
      : context_(context), sm_(context.getSourceManager()), directory_(directory),
        symbols_(context, gcc_symbols) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(clang::Decl* decl) {
    if (decl && !llvm::isa<clang::TranslationUnitDecl>(decl) && in_system_header(decl, sm_))
      return true;  // nothing in there is collected
    return RecursiveASTVisitor::TraverseDecl(decl);
  }

  bool VisitVarDecl(clang::VarDecl* var) {
    if (llvm::isa<clang::ParmVarDecl>(var) || !is_wanted(var, context_)) return true;
    std::optional<std::string> symbol = symbols_.symbol(var);
    if (!symbol || !seen_.insert(*symbol).second) return true;
    VarLayout out;
    out.symbol = std::move(*symbol);
    out.size = static_cast<uint64_t>(context_.getTypeSizeInChars(var->getType()).getQuantity());
    out.trivial =
        !var->getType()->isReferenceType() && var->getType().isTriviallyCopyableType(context_);
    out.name = qualified_name(var);
    clang::SourceLocation loc = sm_.getExpansionLoc(var->getLocation());
    if (auto file = sm_.getFileEntryRefForID(sm_.getFileID(loc)))
      out.file = normalize_path(file->getName(), directory_);
    out.line = sm_.getSpellingLineNumber(loc);
    found.push_back(std::move(out));
    return true;
  }

  std::vector<VarLayout> found;

 private:
  // Function-local statics as "ns::f()::name", which getQualifiedNameAsString
  // would print as just "name".
  static std::string qualified_name(const clang::VarDecl* var) {
    if (const auto* function =
            llvm::dyn_cast_or_null<clang::FunctionDecl>(var->getParentFunctionOrMethod()))
      return function->getQualifiedNameAsString() + "()::" + var->getNameAsString();
    return var->getQualifiedNameAsString();
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sm_;
  const std::string& directory_;
  VarSymbols symbols_;
  std::set<std::string> seen_;
};

}  // namespace

std::vector<VarLayout> collect_static_vars(clang::ASTContext& context,
                                           const std::string& directory, bool gcc_symbols) {
  VarFinder finder(context, directory, gcc_symbols);
  finder.TraverseDecl(context.getTranslationUnitDecl());
  std::sort(finder.found.begin(), finder.found.end(),
            [](const VarLayout& a, const VarLayout& b) { return a.symbol < b.symbol; });
  return std::move(finder.found);
}

}  // namespace hotcog::scan
