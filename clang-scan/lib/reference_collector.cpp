#include "reference_collector.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

#include "content_hash.h"
#include "scan_paths.h"

namespace hotcog::scan {
namespace {

bool in_user_file(clang::SourceLocation loc, const clang::SourceManager& sm) {
  loc = sm.getExpansionLoc(loc);
  return loc.isValid() && !sm.isInSystemHeader(loc) && sm.getFileEntryForID(sm.getFileID(loc));
}

std::string file_of(clang::SourceLocation loc, const clang::SourceManager& sm,
                    const std::string& directory, unsigned* line) {
  loc = sm.getExpansionLoc(loc);
  *line = sm.getSpellingLineNumber(loc);
  if (auto file = sm.getFileEntryRefForID(sm.getFileID(loc)))
    return normalize_path(file->getName(), directory);
  return {};
}

std::string macro_usr(llvm::StringRef name) { return "c:@macro@" + name.str(); }

// Hash of the token spellings in [begin, end] of one file, raw-lexed so
// comments and whitespace do not count.
std::string token_hash(clang::SourceRange range, const clang::SourceManager& sm,
                       const clang::LangOptions& lang) {
  clang::SourceLocation begin = sm.getExpansionLoc(range.getBegin());
  clang::SourceLocation end = sm.getExpansionRange(range.getEnd()).getEnd();
  clang::FileID file = sm.getFileID(begin);
  bool invalid = false;
  llvm::StringRef buffer = sm.getBufferData(file, &invalid);
  if (invalid || sm.getFileID(end) != file) return hash_hex("");
  unsigned end_offset = sm.getFileOffset(end);
  clang::Lexer lexer(sm.getLocForStartOfFile(file), lang, buffer.begin(),
                     buffer.begin() + sm.getFileOffset(begin), buffer.end());
  std::string tokens;
  clang::Token token;
  while (!lexer.LexFromRawLexer(token)) {
    unsigned offset = sm.getFileOffset(token.getLocation());
    if (offset > end_offset) break;
    tokens.append(buffer.data() + offset, token.getLength());
    tokens += ' ';
  }
  return hash_hex(tokens);
}

class MacroRecorder : public clang::PPCallbacks {
 public:
  MacroRecorder(clang::Preprocessor& pp, ReferenceCollector* out) : pp_(pp), out_(out) {}

  void MacroDefined(const clang::Token& name, const clang::MacroDirective* md) override {
    const clang::SourceManager& sm = pp_.getSourceManager();
    if (!in_user_file(name.getLocation(), sm)) return;
    const clang::MacroInfo* info = md->getMacroInfo();
    std::string text = pp_.getSpelling(name);
    if (info->isFunctionLike()) {
      text += '(';
      for (const clang::IdentifierInfo* param : info->params()) text += param->getName().str() + ',';
      if (info->isVariadic()) text += "...";
      text += ')';
    }
    for (const clang::Token& token : info->tokens()) text += ' ' + pp_.getSpelling(token);
    DeclHash decl;
    decl.usr = macro_usr(name.getIdentifierInfo()->getName());
    decl.kind = "macro";
    decl.name = name.getIdentifierInfo()->getName().str();
    decl.file = file_of(name.getLocation(), sm, out_->directory(), &decl.line);
    decl.hash = hash_hex(text);
    out_->add_decl(std::move(decl));
  }

  void MacroExpands(const clang::Token& name, const clang::MacroDefinition& md,
                    clang::SourceRange, const clang::MacroArgs*) override {
    used(name, md);
  }
  void Defined(const clang::Token& name, const clang::MacroDefinition& md,
               clang::SourceRange) override {
    used(name, md);
  }
  void Ifdef(clang::SourceLocation, const clang::Token& name,
             const clang::MacroDefinition& md) override {
    used(name, md);
  }
  void Ifndef(clang::SourceLocation, const clang::Token& name,
              const clang::MacroDefinition& md) override {
    used(name, md);
  }

 private:
  void used(const clang::Token& name, const clang::MacroDefinition& md) {
    const clang::MacroInfo* info = md.getMacroInfo();
    if (!info || !in_user_file(info->getDefinitionLoc(), pp_.getSourceManager())) return;
    out_->add_ref(macro_usr(name.getIdentifierInfo()->getName()));
  }

  clang::Preprocessor& pp_;
  ReferenceCollector* out_;
};

const char* decl_kind(const clang::Decl* d) {
  if (llvm::isa<clang::TemplateDecl>(d)) return "template";
  if (llvm::isa<clang::FunctionDecl>(d)) return "function";
  if (llvm::isa<clang::EnumDecl>(d)) return "enum";
  if (llvm::isa<clang::RecordDecl>(d)) return "record";
  if (llvm::isa<clang::VarDecl>(d)) return "variable";
  if (llvm::isa<clang::TypedefNameDecl>(d)) return "typedef";
  return nullptr;
}

// The declaration a use should be attributed to: the template pattern for
// anything instantiated, so refs and decls share USRs.
const clang::Decl* canonical_target(const clang::Decl* d) {
  if (auto* fd = llvm::dyn_cast<clang::FunctionDecl>(d)) {
    if (auto* pattern = fd->getTemplateInstantiationPattern()) return pattern;
  } else if (auto* rd = llvm::dyn_cast<clang::CXXRecordDecl>(d)) {
    if (auto* pattern = rd->getTemplateInstantiationPattern()) return pattern;
  } else if (auto* vd = llvm::dyn_cast<clang::VarDecl>(d)) {
    if (auto* pattern = vd->getTemplateInstantiationPattern()) return pattern;
  }
  return d;
}

std::string usr_of(const clang::Decl* d) {
  llvm::SmallString<128> usr;
  if (clang::index::generateUSRForDecl(d, usr)) return {};
  return std::string(usr);
}

class DeclVisitor : public clang::RecursiveASTVisitor<DeclVisitor> {
 public:
  DeclVisitor(clang::ASTContext& context, ReferenceCollector* out)
      : context_(context), sm_(context.getSourceManager()), out_(out) {}

  bool VisitNamedDecl(clang::NamedDecl* d) {
    const char* kind = decl_kind(d);
    if (!kind || d->isImplicit() || !in_user_file(d->getLocation(), sm_)) return true;
    if (d->getParentFunctionOrMethod()) return true;  // locals and parameters
    if (auto* fd = llvm::dyn_cast<clang::FunctionDecl>(d); fd && fd->getDescribedFunctionTemplate())
      return true;  // listed as its template
    if (auto* rd = llvm::dyn_cast<clang::CXXRecordDecl>(d); rd && rd->getDescribedClassTemplate())
      return true;
    if (auto* vd = llvm::dyn_cast<clang::VarDecl>(d); vd && vd->getDescribedVarTemplate())
      return true;
    if (auto* td = llvm::dyn_cast<clang::TypedefNameDecl>(d); td && td->getDescribedTemplate())
      return true;
    DeclHash decl;
    decl.usr = usr_of(d);
    if (decl.usr.empty()) return true;
    decl.kind = kind;
    decl.name = d->getQualifiedNameAsString();
    decl.file = file_of(d->getLocation(), sm_, out_->directory(), &decl.line);
    decl.hash = token_hash(d->getSourceRange(), sm_, context_.getLangOpts());
    out_->add_decl(std::move(decl));
    return true;
  }

 private:
  clang::ASTContext& context_;
  const clang::SourceManager& sm_;
  ReferenceCollector* out_;
};

class RefVisitor : public clang::RecursiveASTVisitor<RefVisitor> {
 public:
  RefVisitor(const clang::SourceManager& sm, ReferenceCollector* out) : sm_(sm), out_(out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitDeclRefExpr(clang::DeclRefExpr* e) { return use(e->getDecl()); }
  bool VisitMemberExpr(clang::MemberExpr* e) { return use(e->getMemberDecl()); }
  bool VisitCXXConstructExpr(clang::CXXConstructExpr* e) { return use(e->getConstructor()); }
  bool VisitTagTypeLoc(clang::TagTypeLoc t) { return use(t.getDecl()); }
  bool VisitTypedefTypeLoc(clang::TypedefTypeLoc t) { return use(t.getTypedefNameDecl()); }
  bool VisitTemplateSpecializationTypeLoc(clang::TemplateSpecializationTypeLoc t) {
    return use(t.getTypePtr()->getTemplateName().getAsTemplateDecl());
  }

 private:
  bool use(const clang::Decl* d) {
    if (!d) return true;
    d = canonical_target(d);
    bool referable = decl_kind(d) || llvm::isa<clang::EnumConstantDecl>(d) ||
                     llvm::isa<clang::FieldDecl>(d);
    if (!referable || d->isImplicit()) return true;
    if (d->getParentFunctionOrMethod()) return true;
    if (!in_user_file(d->getLocation(), sm_)) return true;
    std::string usr = usr_of(d);
    if (!usr.empty()) out_->add_ref(std::move(usr));
    return true;
  }

  const clang::SourceManager& sm_;
  ReferenceCollector* out_;
};

}  // namespace

void ReferenceCollector::attach(clang::Preprocessor& pp) {
  pp.addPPCallbacks(std::make_unique<MacroRecorder>(pp, this));
}

void ReferenceCollector::collect(clang::ASTContext& context) {
  DeclVisitor decls(context, this);
  decls.TraverseDecl(context.getTranslationUnitDecl());
  RefVisitor refs(context.getSourceManager(), this);
  refs.TraverseDecl(context.getTranslationUnitDecl());
}

void ReferenceCollector::add_decl(DeclHash decl) {
  auto [it, inserted] = decls_.try_emplace(decl.usr, decl);
  if (inserted) return;
  // A redeclaration: the hash covers all of them; the definition names the place.
  it->second.hash = hash_hex(it->second.hash + decl.hash);
}

std::vector<DeclHash> ReferenceCollector::decls() const {
  std::vector<DeclHash> result;
  result.reserve(decls_.size());
  for (const auto& entry : decls_) result.push_back(entry.second);
  return result;
}

}  // namespace hotcog::scan
