#include "include_collector.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

#include "scan_paths.h"

namespace hotcog::scan {

// clang -MD's collector, asked for system headers too (what -MD does; -MMD
// would leave them out). Missing headers are not files the compiler opened;
// -MD leaves them out too (only -MG would list them).
class IncludeCollector::FileSet : public clang::DependencyCollector {
 public:
  bool needSystemDependencies() override { return true; }
  bool sawDependency(llvm::StringRef filename, bool from_module, bool is_system,
                     bool is_module_file, bool is_missing) override {
    if (is_missing) return false;
    return clang::DependencyCollector::sawDependency(filename, from_module, is_system,
                                                     is_module_file, is_missing);
  }
};

namespace {

// normalize_path may stat (".." across symlinks), and libstdc++'s headers are
// all reached through ".."-paths: normalize each spelling once per TU.
class PathNames {
 public:
  explicit PathNames(const std::string& directory) : directory_(directory) {}
  const std::string& get(llvm::StringRef spelled) {
    auto [it, inserted] = names_.try_emplace(spelled);
    if (inserted) it->second = normalize_path(spelled, directory_);
    return it->second;
  }

 private:
  const std::string& directory_;
  llvm::StringMap<std::string> names_;
};

// The paths header search tried before the one that answered an #include or
// __has_include: a file created at one of them later would change what the
// TU includes (shadowing), so the cache must know them. Computed from the
// search list as clang walks it (the includer's directory first for quoted
// names, then -iquote, -I, system dirs; angled names start at -I). Where the
// start is not known (#include_next) or the answering directory is not in the
// list, every directory counts: a superset costs a needless rescan at worst.
class ShadowCandidates {
 public:
  ShadowCandidates(const clang::HeaderSearch& search, const std::string& directory,
                   llvm::StringSet<>* out)
      : search_(search), directory_(directory), out_(out) {}

  void add(llvm::StringRef spelled, bool angled, bool next, llvm::StringRef includer_dir,
           llvm::StringRef found_dir) {
    if (llvm::sys::path::is_absolute(spelled)) return;
    if (!angled && !next) {
      if (includer_dir == found_dir) return;
      add_path(includer_dir, spelled);
    }
    auto dir = angled && !next ? search_.angled_dir_begin() : search_.search_dir_begin();
    for (; dir != search_.search_dir_end(); ++dir) {
      if (!dir->isNormalDir()) continue;  // header maps, frameworks: not on Linux
      if (!found_dir.empty() && dir->getName() == found_dir && !next) return;
      add_path(dir->getName(), spelled);
    }
  }

 private:
  void add_path(llvm::StringRef dir, llvm::StringRef spelled) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, spelled);
    // Kept as the OS resolves it (no lexical ".." removal across symlinks).
    if (!llvm::sys::path::is_absolute(path)) {
      llvm::SmallString<256> absolute(directory_);
      llvm::sys::path::append(absolute, path);
      path = absolute;
    }
    out_->insert(path);
  }

  const clang::HeaderSearch& search_;
  const std::string& directory_;
  llvm::StringSet<>* out_;
};

class EdgeRecorder : public clang::PPCallbacks {
 public:
  EdgeRecorder(const clang::Preprocessor& pp, const std::string& directory,
               std::vector<IncludeEdge>* edges, llvm::StringSet<>* shadow_candidates,
               const IncludeCollector::LineMapper& line_mapper)
      : sm_(pp.getSourceManager()), names_(directory), edges_(edges),
        shadows_(pp.getHeaderSearchInfo(), directory, shadow_candidates),
        line_mapper_(line_mapper) {}

  void HasInclude(clang::SourceLocation loc, llvm::StringRef spelled, bool angled,
                  llvm::Optional<clang::FileEntryRef> file,
                  clang::SrcMgr::CharacteristicKind) override {
    // __has_include_next is not told apart here: treated as a plain lookup
    // from the start, a superset.
    llvm::StringRef found_dir;
    if (file) {  // "<dir>/<spelled>": the directory that answered
      llvm::StringRef name = file->getName();
      if (name.size() > spelled.size() + 1 && name.endswith(spelled) &&
          name[name.size() - spelled.size() - 1] == '/')
        found_dir = name.drop_back(spelled.size() + 1);
    }
    shadows_.add(spelled, angled, /*next=*/false, includer_dir(loc), found_dir);
  }

  void InclusionDirective(clang::SourceLocation hash_loc, const clang::Token& include_token,
                          llvm::StringRef spelled, bool angled, clang::CharSourceRange,
                          const clang::FileEntry* file, llvm::StringRef search_path,
                          llvm::StringRef, const clang::Module*,
                          clang::SrcMgr::CharacteristicKind) override {
    if (!file) return;  // missing header: the compiler reports it (never cached)
    const clang::IdentifierInfo* kind = include_token.getIdentifierInfo();
    bool next = kind && kind->getName() == "include_next";
    shadows_.add(spelled, angled, next, includer_dir(hash_loc), search_path);
    clang::SourceLocation loc = sm_.getExpansionLoc(hash_loc);
    clang::FileID from_id = sm_.getFileID(loc);
    IncludeEdge edge;
    if (auto from = sm_.getFileEntryRefForID(from_id))
      edge.from = names_.get(from->getName());
    else
      edge.from = std::string(sm_.getBufferName(loc));  // e.g. -include from <built-in>
    edge.to = names_.get(file->getName());
    if (line_mapper_) {
      edge.line = line_mapper_(edge.from, sm_.getBufferData(from_id), sm_.getFileOffset(loc));
    } else {
      edge.line = sm_.getSpellingLineNumber(loc);
    }
    edges_->push_back(std::move(edge));
  }

 private:
  llvm::StringRef includer_dir(clang::SourceLocation loc) {
    clang::FileID id = sm_.getFileID(sm_.getExpansionLoc(loc));
    if (auto includer = sm_.getFileEntryRefForID(id))
      return llvm::sys::path::parent_path(includer->getName());
    return "";
  }

  const clang::SourceManager& sm_;
  PathNames names_;
  std::vector<IncludeEdge>* edges_;
  ShadowCandidates shadows_;
  const IncludeCollector::LineMapper& line_mapper_;
};

}  // namespace

IncludeCollector::IncludeCollector(std::string directory)
    : directory_(std::move(directory)), file_set_(std::make_unique<FileSet>()) {}

IncludeCollector::~IncludeCollector() = default;

void IncludeCollector::attach(clang::Preprocessor& pp) {
  file_set_->attachToPreprocessor(pp);
  pp.addPPCallbacks(std::make_unique<EdgeRecorder>(pp, directory_, &edges_, &shadow_candidates_,
                                                    line_mapper_));
}

std::vector<std::string> IncludeCollector::absent_shadow_paths() const {
  std::vector<std::string> result;
  for (const auto& candidate : shadow_candidates_)
    if (!llvm::sys::fs::exists(candidate.getKey())) result.push_back(candidate.getKey().str());
  std::sort(result.begin(), result.end());
  return result;
}

std::vector<std::string> IncludeCollector::files(const std::string& main_file) const {
  std::vector<std::string> result;
  llvm::StringSet<> seen;
  seen.insert(main_file);
  for (const std::string& dep : file_set_->getDependencies()) {
    std::string path = normalize_path(dep, directory_);
    if (seen.insert(path).second) result.push_back(std::move(path));
  }
  return result;
}

}  // namespace hotcog::scan
