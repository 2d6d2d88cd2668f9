#include "reference_collector.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

#include "content_hash.h"
#include "scan_paths.h"

#include <atomic>
#include <chrono>
#include <random>

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

// Differs between scans (processes), and between two parses of one process.
unsigned scan_nonce() {
  static std::atomic<unsigned> counter{static_cast<unsigned>(
      std::chrono::steady_clock::now().time_since_epoch().count() ^ std::random_device{}())};
  return counter.fetch_add(1);
}

// The token spellings in [begin, end] of one file, raw-lexed so comments and
// whitespace do not count.
std::string token_text(clang::SourceRange range, const clang::SourceManager& sm,
                       const clang::LangOptions& lang) {
  clang::SourceLocation begin = sm.getExpansionLoc(range.getBegin());
  clang::SourceLocation end = sm.getExpansionRange(range.getEnd()).getEnd();
  clang::FileID file = sm.getFileID(begin);
  bool invalid = false;
  llvm::StringRef buffer = sm.getBufferData(file, &invalid);
  if (invalid || sm.getFileID(end) != file) return "";
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
  return tokens;
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
    llvm::StringRef builtin = name.getIdentifierInfo()->getName();
    if (builtin == "__LINE__") return line_used(name.getLocation());
    if (builtin == "__COUNTER__" || builtin == "__DATE__" || builtin == "__TIME__" ||
        builtin == "__TIMESTAMP__")
      return volatile_used(name.getLocation());
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

  // "#pragma pack(1)" and the like change the declarations after them.
  void PragmaDirective(clang::SourceLocation loc, clang::PragmaIntroducerKind) override {
    const clang::SourceManager& sm = pp_.getSourceManager();
    if (!in_user_file(loc, sm)) return;
    clang::SourceLocation spelling = sm.getExpansionLoc(loc);
    bool invalid = false;
    llvm::StringRef buffer = sm.getBufferData(sm.getFileID(spelling), &invalid);
    if (invalid) return;
    llvm::StringRef rest = buffer.substr(sm.getFileOffset(spelling));
    llvm::StringRef text = rest.substr(0, rest.find('\n')).rtrim();
    if (text.endswith(" once")) return;  // include guards change no meaning
    unsigned line = 0;
    std::string file = file_of(loc, sm, out_->directory(), &line);
    out_->add_scope_text(file, line, text.str());
  }

 private:
  void line_used(clang::SourceLocation loc) {
    const clang::SourceManager& sm = pp_.getSourceManager();
    clang::SourceLocation at = sm.getExpansionLoc(loc);
    out_->add_line_use(sm.getFileID(at).getHashValue(), sm.getFileOffset(at),
                       sm.getSpellingLineNumber(at));
  }

  // __COUNTER__ counts every expansion before it in the TU, __DATE__ and
  // __TIME__ change with every compile: a declaration expanding one is never
  // the same twice. A value new to each scan goes into its hash, so every
  // rescan reports it changed and a TU that uses it is rebuilt (ninja would
  // recompile it too, with a new value).
  void volatile_used(clang::SourceLocation loc) {
    const clang::SourceManager& sm = pp_.getSourceManager();
    clang::SourceLocation at = sm.getExpansionLoc(loc);
    out_->add_line_use(sm.getFileID(at).getHashValue(), sm.getFileOffset(at), scan_nonce());
  }

  // A macro use may change any code near it: a root (see the header).
  void used(const clang::Token& name, const clang::MacroDefinition& md) {
    const clang::MacroInfo* info = md.getMacroInfo();
    if (!info || !in_user_file(info->getDefinitionLoc(), pp_.getSourceManager())) return;
    std::string usr = macro_usr(name.getIdentifierInfo()->getName());
    out_->add_edge("", usr);
    out_->add_ref(std::move(usr));
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

  bool VisitUsingDirectiveDecl(clang::UsingDirectiveDecl* d) { return scope(d); }
  bool VisitUsingDecl(clang::UsingDecl* d) { return scope(d); }
  bool VisitNamespaceAliasDecl(clang::NamespaceAliasDecl* d) { return scope(d); }

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
    decl.hash = hash_hex(token_text(d->getSourceRange(), sm_, context_.getLangOpts()) +
                         line_uses(d->getSourceRange()));
    out_->add_decl(std::move(decl));
    return true;
  }

 private:
  // "@lines:12,40," when the range expands __LINE__ (see the header).
  std::string line_uses(clang::SourceRange range) const {
    clang::SourceLocation begin = sm_.getExpansionLoc(range.getBegin());
    clang::SourceLocation end = sm_.getExpansionRange(range.getEnd()).getEnd();
    if (sm_.getFileID(begin) != sm_.getFileID(end)) return "";
    std::string lines = out_->line_uses_in(sm_.getFileID(begin).getHashValue(),
                                           sm_.getFileOffset(begin), sm_.getFileOffset(end));
    return lines.empty() ? lines : "@lines:" + lines;
  }

  // A namespace-scope directive changes lookup for every declaration after it.
  bool scope(clang::Decl* d) {
    if (!d->getDeclContext()->isFileContext() || !in_user_file(d->getLocation(), sm_)) return true;
    unsigned line = 0;
    std::string file = file_of(d->getLocation(), sm_, out_->directory(), &line);
    out_->add_scope_text(file, line, token_text(d->getSourceRange(), sm_, context_.getLangOpts()));
    return true;
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sm_;
  ReferenceCollector* out_;
};

// Header declarations whose code every includer emits, used or not.
bool emitted_by_every_includer(const clang::Decl* d) {
  if (d->hasAttr<clang::UsedAttr>() || d->hasAttr<clang::ConstructorAttr>() ||
      d->hasAttr<clang::DestructorAttr>())
    return true;
  if (auto* fd = llvm::dyn_cast<clang::FunctionDecl>(d))
    return (fd->doesThisDeclarationHaveABody() && !fd->isInlined() && !fd->isTemplated() &&
            fd->getTemplateSpecializationKind() != clang::TSK_ImplicitInstantiation) ||
           fd->getTemplateSpecializationKind() == clang::TSK_ExplicitInstantiationDefinition;
  if (auto* vd = llvm::dyn_cast<clang::VarDecl>(d))
    return vd->isThisDeclarationADefinition() == clang::VarDecl::Definition &&
           !vd->isConstexpr() && !vd->isTemplated();
  if (auto* rd = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(d))
    return rd->getSpecializationKind() == clang::TSK_ExplicitInstantiationDefinition;
  return false;
}

// Walks the whole TU (template instantiations included) and records each use
// twice: in refs, and as an edge from the innermost declaration it appears in
// (its "owner"; none in the main file: a root). used() follows the edges.
class RefVisitor : public clang::RecursiveASTVisitor<RefVisitor> {
  using Base = clang::RecursiveASTVisitor<RefVisitor>;

 public:
  RefVisitor(const clang::SourceManager& sm, ReferenceCollector* out) : sm_(sm), out_(out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(clang::Decl* d) {
    if (!d) return true;
    std::string usr = owner_usr(d);
    if (usr.empty()) return Base::TraverseDecl(d);
    // Inside the main file everything is a root; elsewhere a declaration is
    // reached from its enclosing one (a record reaches its members).
    bool main_file = sm_.isInMainFile(sm_.getExpansionLoc(d->getLocation()));
    std::string owner = main_file ? std::string() : usr;
    if (main_file || emitted_by_every_includer(d))
      out_->add_root(usr);
    else if (!owners_.empty() && !owners_.back().empty())
      out_->add_edge(owners_.back(), usr);
    owners_.push_back(owner);
    bool result = Base::TraverseDecl(d);
    owners_.pop_back();
    return result;
  }

  bool VisitDeclRefExpr(clang::DeclRefExpr* e) { return use(e->getDecl()); }
  bool VisitMemberExpr(clang::MemberExpr* e) { return use(e->getMemberDecl()); }
  bool VisitCXXConstructExpr(clang::CXXConstructExpr* e) { return use(e->getConstructor()); }
  bool VisitTagTypeLoc(clang::TagTypeLoc t) { return use(t.getDecl()); }
  bool VisitTypedefTypeLoc(clang::TypedefTypeLoc t) { return use(t.getTypedefNameDecl()); }
  bool VisitTemplateSpecializationTypeLoc(clang::TemplateSpecializationTypeLoc t) {
    return use(t.getTypePtr()->getTemplateName().getAsTemplateDecl());
  }
  // C++20: `requires C<T>` and `template <C T>` (a changed concept changes
  // which overload is picked).
  bool VisitConceptSpecializationExpr(clang::ConceptSpecializationExpr* e) {
    return use(e->getNamedConcept());
  }

 private:
  // The USR a declaration's uses are attributed to, or empty for
  // declarations that are not listed in decls (namespaces, locals...).
  std::string owner_usr(const clang::Decl* d) const {
    if (!decl_kind(d) || d->isImplicit() || d->getParentFunctionOrMethod()) return {};
    if (auto* fd = llvm::dyn_cast<clang::FunctionDecl>(d))
      if (auto* templ = fd->getDescribedFunctionTemplate()) d = templ;
    if (auto* rd = llvm::dyn_cast<clang::CXXRecordDecl>(d))
      if (auto* templ = rd->getDescribedClassTemplate()) d = templ;
    return usr_of(canonical_target(d));
  }

  bool use(const clang::Decl* d) {
    for (; d; d = llvm::dyn_cast<clang::TagDecl>(d->getDeclContext())) {
      d = canonical_target(d);
      bool referable = decl_kind(d) || llvm::isa<clang::EnumConstantDecl>(d) ||
                       llvm::isa<clang::FieldDecl>(d);
      if (!referable || d->isImplicit()) return true;
      if (d->getParentFunctionOrMethod()) return true;
      if (!in_user_file(d->getLocation(), sm_)) return true;
      std::string usr = usr_of(d);
      if (usr.empty()) return true;
      out_->add_edge(owners_.empty() ? std::string() : owners_.back(), usr);
      out_->add_ref(std::move(usr));
      // A member's use is a use of its record or enum (its layout, its vtable).
      if (!llvm::isa<clang::TagDecl>(d->getDeclContext())) return true;
    }
    return true;
  }

  const clang::SourceManager& sm_;
  ReferenceCollector* out_;
  std::vector<std::string> owners_;  // "" for the main file
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
  add_scope_decls();
}

std::string ReferenceCollector::line_uses_in(unsigned file, unsigned begin, unsigned end) const {
  std::string lines;
  for (const LineUse& use : line_uses_)
    if (use.file == file && use.offset >= begin && use.offset <= end)
      lines += std::to_string(use.line) + ",";
  return lines;
}

void ReferenceCollector::add_edge(const std::string& from, const std::string& to) {
  if (from.empty())
    roots_.insert(to);
  else
    edges_[from].insert(to);
}

void ReferenceCollector::add_scope_text(const std::string& file, unsigned line,
                                        const std::string& text) {
  Scope& scope = scopes_[file];
  if (scope.text.empty()) scope.line = line;
  scope.text += text;
  scope.text += '\n';
}

// One declaration per file with scope directives; every TU including the
// file uses it (a root), since the directives reach all code after them.
void ReferenceCollector::add_scope_decls() {
  for (const auto& [file, scope] : scopes_) {
    DeclHash decl;
    decl.usr = "c:@scope@" + file;
    decl.kind = "scope";
    decl.name = "<using-directives and pragmas of " + file + ">";
    decl.file = file;
    decl.line = scope.line;
    decl.hash = hash_hex(scope.text);
    roots_.insert(decl.usr);
    refs_.insert(decl.usr);
    add_decl(std::move(decl));
  }
}

std::vector<std::string> ReferenceCollector::used() const {
  std::set<std::string> reached;
  std::vector<std::string> todo(roots_.begin(), roots_.end());
  while (!todo.empty()) {
    std::string usr = std::move(todo.back());
    todo.pop_back();
    if (!reached.insert(usr).second) continue;
    if (auto it = edges_.find(usr); it != edges_.end())
      for (const std::string& next : it->second)
        if (!reached.count(next)) todo.push_back(next);
  }
  std::vector<std::string> result;
  for (const std::string& usr : reached)
    if (refs_.count(usr) || decls_.count(usr)) result.push_back(usr);
  return result;
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
