// Declaration hashes and references of one TU: the data that lets hotcog
// rebuild only the cogs that use a declaration that changed.
//
// decls: one entry per USR for every function, record, variable (not local),
//   enum, typedef/alias, template and macro declared in a user (non-system)
//   file. The hash covers the tokens of every redeclaration in the TU (comments
//   and whitespace do not count), so a body change of an inline function
//   changes its hash, a reformat does not.
// refs: the USRs of user declarations the TU references anywhere (template
//   instantiations included, mapped back to their pattern), and of user macros
//   it expands or tests with #ifdef/defined().
// used: the part of refs the TU's code can reach, for hot reload's "which TUs
//   does this change touch". Roots are what the TU's main file references,
//   every macro use (expansions, #ifdef, defined()), header declarations that
//   emit code in every includer (non-inline function definitions, non-constexpr
//   variable definitions, explicit instantiation definitions, functions marked
//   used/constructor/destructor) and the scope directives below. From a root,
//   a declaration reaches what its own tokens reference (types, callees,
//   default arguments, template instantiations mapped to their pattern), a
//   record or enum reaches all its members and a member reaches its record.
//   A struct only another unused declaration names is in refs, not in used.
// scope decls: per user file, one "c:@scope@<path>" declaration hashing the
//   namespace-scope using-directives, using-declarations, namespace aliases
//   and #pragma lines, which change the meaning of the declarations after them
//   without changing their tokens; every TU that includes the file uses it.
// __LINE__: a declaration whose code expands __LINE__ (directly or through a
//   macro such as assert) compiles differently when a line is added above it,
//   though its tokens stay the same: the lines of those expansions are part
//   of its hash. __COUNTER__, __DATE__, __TIME__, __TIMESTAMP__: a value new
//   to each scan is, so such a declaration is "changed" whenever its TU is
//   rescanned (conservative: its value depends on more than its tokens).
// Macros get the stable id "c:@macro@NAME" instead of clang's macro USR, which
// embeds the file offset and would change whenever a line is added above.
#pragma once

#include "hotcog/scan/scanner.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Preprocessor;
}

namespace hotcog::scan {

class ReferenceCollector {
 public:
  explicit ReferenceCollector(std::string directory) : directory_(std::move(directory)) {}

  // Macro definitions and uses (before parsing starts).
  void attach(clang::Preprocessor& pp);
  // Declarations and references in the AST (after parsing).
  void collect(clang::ASTContext& context);

  std::vector<DeclHash> decls() const;
  std::vector<std::string> refs() const { return {refs_.begin(), refs_.end()}; }
  // The closure of the roots over the edges (sorted).
  std::vector<std::string> used() const;

  // Used by the callbacks and visitors in the .cpp.
  void add_decl(DeclHash decl);
  void add_ref(std::string usr) { refs_.insert(std::move(usr)); }
  // `from` references `to`; an empty `from` is a root reference.
  void add_edge(const std::string& from, const std::string& to);
  void add_root(const std::string& usr) { roots_.insert(usr); }
  // Scope-changing text (see above) of a user file, accumulated.
  void add_scope_text(const std::string& file, unsigned line, const std::string& text);
  const std::string& directory() const { return directory_; }
  // An expansion of __LINE__ at this place (expansion location: the user
  // code), and the ones inside [begin, end] of a file, as "L1,L2,".
  void add_line_use(unsigned file, unsigned offset, unsigned line) {
    line_uses_.push_back({file, offset, line});
  }
  std::string line_uses_in(unsigned file, unsigned begin, unsigned end) const;

 private:
  struct LineUse {
    unsigned file, offset, line;
  };
  std::vector<LineUse> line_uses_;
  void add_scope_decls();

  std::string directory_;
  std::map<std::string, DeclHash> decls_;
  std::set<std::string> refs_;
  std::map<std::string, std::set<std::string>> edges_;
  std::set<std::string> roots_;
  struct Scope {
    unsigned line = 0;
    std::string text;
  };
  std::map<std::string, Scope> scopes_;  // file -> its scope directives
};

}  // namespace hotcog::scan
