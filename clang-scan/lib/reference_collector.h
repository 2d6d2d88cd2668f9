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

  // Used by the callbacks and visitors in the .cpp.
  void add_decl(DeclHash decl);
  void add_ref(std::string usr) { refs_.insert(std::move(usr)); }
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  std::map<std::string, DeclHash> decls_;
  std::set<std::string> refs_;
};

}  // namespace hotcog::scan
