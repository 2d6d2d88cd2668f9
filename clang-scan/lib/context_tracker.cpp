#include "context_tracker.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringSet.h"

#include "content_hash.h"
#include "scan_paths.h"

#include <algorithm>

namespace hotcog::scan {
namespace {

// Builtins whose expansion depends on the includer, the position in the TU
// or the clock, not on the header's text.
bool context_builtin(llvm::StringRef name) {
  return name == "__FILE__" || name == "__BASE_FILE__" || name == "__FILE_NAME__" ||
         name == "__COUNTER__" || name == "__INCLUDE_LEVEL__" || name == "__DATE__" ||
         name == "__TIME__" || name == "__TIMESTAMP__";
}

class EntryJudge : public clang::PPCallbacks {
 public:
  EntryJudge(clang::Preprocessor& pp, ContextTracker* out) : pp_(pp), out_(out) {}

  void FileChanged(clang::SourceLocation, FileChangeReason reason,
                   clang::SrcMgr::CharacteristicKind kind, clang::FileID previous) override {
    if (reason != ExitFile || kind != clang::SrcMgr::C_User || previous.isInvalid()) return;
    const clang::SourceManager& sm = pp_.getSourceManager();
    if (previous == sm.getMainFileID()) return;
    const clang::FileEntry* file = sm.getFileEntryForID(previous);
    if (!file) return;  // the predefines
    if (sm.isInSystemHeader(sm.getLocForStartOfFile(previous))) return;
    judge(previous, normalize_path(file->getName(), out_->directory()));
  }

 private:
  // True when a macro directive of `name` comes from somewhere but this entry
  // or the built-in predefines. The command line's -D and -U count as
  // outside: they are not part of the TU's shape (scan_action.cpp), so two
  // TUs of one shape may define different macros there.
  bool outside_macro(llvm::StringRef name, clang::FileID entry) {
    clang::IdentifierInfo* ident = pp_.getIdentifierInfo(name);
    if (!ident->hadMacroDefinition()) return false;
    const clang::SourceManager& sm = pp_.getSourceManager();
    for (const clang::MacroDirective* d = pp_.getLocalMacroDirectiveHistory(ident); d;
         d = d->getPrevious()) {
      clang::SourceLocation loc = d->getLocation();
      if (loc.isInvalid()) continue;  // a builtin: judged by name
      if (sm.getFileID(sm.getExpansionLoc(loc)) == entry) continue;
      if (sm.isWrittenInBuiltinFile(loc)) continue;
      return true;
    }
    return false;
  }

  void judge(clang::FileID entry, const std::string& path) {
    const clang::SourceManager& sm = pp_.getSourceManager();
    bool invalid = false;
    llvm::StringRef buffer = sm.getBufferData(entry, &invalid);
    if (invalid) return out_->entry_done(path, false, "");
    llvm::StringSet<> names;
    clang::Lexer lexer(sm.getLocForStartOfFile(entry), pp_.getLangOpts(), buffer.begin(),
                       buffer.begin(), buffer.end());
    clang::Token token;
    while (!lexer.LexFromRawLexer(token))
      if (token.is(clang::tok::raw_identifier)) names.insert(token.getRawIdentifier());
    if (token.is(clang::tok::raw_identifier)) names.insert(token.getRawIdentifier());
    bool free = true;
    std::vector<llvm::StringRef> sorted;
    for (const auto& entry_name : names) {
      llvm::StringRef name = entry_name.getKey();
      sorted.push_back(name);
      if (free && (context_builtin(name) || outside_macro(name, entry))) free = false;
    }
    std::sort(sorted.begin(), sorted.end());
    std::string text;
    for (llvm::StringRef name : sorted) (text += name) += '\n';
    out_->entry_done(path, free, hash_hex(text));
  }

  clang::Preprocessor& pp_;
  ContextTracker* out_;
};

}  // namespace

void ContextTracker::attach(clang::Preprocessor& pp) {
  pp.addPPCallbacks(std::make_unique<EntryJudge>(pp, this));
}

void ContextTracker::entry_done(const std::string& path, bool free, const std::string& idents) {
  auto [it, inserted] = headers_.try_emplace(path);
  Header& header = it->second;
  if (inserted) header.idents = idents;
  header.free = header.free && free && header.idents == idents;
}

std::vector<std::pair<std::string, std::string>> ContextTracker::context_free() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : headers_)
    if (entry.second.free) out.emplace_back(entry.getKey().str(), entry.second.idents);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hotcog::scan
