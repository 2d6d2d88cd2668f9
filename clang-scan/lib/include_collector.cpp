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

// The paths header search tried before the one that answered an #include or
// __has_include: a file created at one of them later would change what the
// TU includes (shadowing), so the cache must know them. Computed from the
// search list as clang walks it (the includer's directory first for quoted
// names, then -iquote, -I, system dirs; angled names start at -I). Where the
// start is not known (#include_next) or the answering directory is not in the
// list, every directory counts: a superset costs a needless rescan at worst.
class ShadowCandidates {
 public:
  // The search list is copied: the preprocessor is gone when paths() runs.
  explicit ShadowCandidates(const clang::HeaderSearch& search) {
    angled_start_ = search.search_dir_size();
    for (auto dir = search.search_dir_begin(); dir != search.search_dir_end(); ++dir) {
      if (dir == search.angled_dir_begin()) angled_start_ = dirs_.size();
      // Header maps and frameworks are not on Linux: not searched here.
      if (dir->isNormalDir()) dirs_.push_back(dir->getName().str());
    }
    angled_start_ = std::min(angled_start_, dirs_.size());
  }

  // Recorded as the lookup (one hash per directive); expanded into paths once
  // per TU by paths().
  void add(llvm::StringRef spelled, bool angled, bool next, llvm::StringRef includer_dir,
           llvm::StringRef found_dir) {
    if (llvm::sys::path::is_absolute(spelled)) return;
    if (!angled && !next && includer_dir == found_dir) return;  // found first
    key_.clear();
    key_ += angled ? 'a' : 'q';
    key_ += next ? 'n' : '-';
    key_ += includer_dir;
    key_ += '\0';
    key_ += found_dir;
    key_ += '\0';
    key_ += spelled;
    lookups_.insert(key_);
  }

  // Every candidate path of the recorded lookups, absolute against `directory`.
  void paths(const std::string& directory, llvm::StringSet<>* out) const {
    for (const auto& lookup : lookups_) {
      llvm::StringRef key = lookup.getKey();
      bool angled = key[0] == 'a', next = key[1] == 'n';
      // Plain variables: structured bindings cannot be captured in C++17.
      std::pair<llvm::StringRef, llvm::StringRef> includer_rest = key.drop_front(2).split('\0');
      std::pair<llvm::StringRef, llvm::StringRef> found_spelled = includer_rest.second.split('\0');
      llvm::StringRef includer_dir = includer_rest.first;
      llvm::StringRef found_dir = found_spelled.first, spelled = found_spelled.second;
      auto add = [&](llvm::StringRef dir) {
        llvm::SmallString<256> path(dir);
        llvm::sys::path::append(path, spelled);
        // Kept as the OS resolves it (no lexical ".." removal across symlinks).
        if (!llvm::sys::path::is_absolute(path)) {
          llvm::SmallString<256> absolute(directory);
          llvm::sys::path::append(absolute, path);
          path = absolute;
        }
        out->insert(path);
      };
      if (!angled && !next) add(includer_dir);
      for (size_t i = angled && !next ? angled_start_ : 0; i < dirs_.size(); ++i) {
        if (!next && !found_dir.empty() && dirs_[i] == found_dir) break;
        add(dirs_[i]);
      }
    }
  }

 private:
  std::vector<std::string> dirs_;
  size_t angled_start_;
  llvm::StringSet<> lookups_;
  std::string key_;
};

namespace {

class EdgeRecorder : public clang::PPCallbacks {
 public:
  EdgeRecorder(const clang::Preprocessor& pp, PathNames* names, std::vector<IncludeEdge>* edges,
               ShadowCandidates* shadows, const IncludeCollector::LineMapper& line_mapper)
      : sm_(pp.getSourceManager()), names_(*names), edges_(edges), shadows_(shadows),
        line_mapper_(line_mapper) {}

  void HasInclude(clang::SourceLocation loc, llvm::StringRef spelled, bool angled,
                  llvm::Optional<clang::FileEntryRef> file,
                  clang::SrcMgr::CharacteristicKind) override {
    if (!shadows_) return;
    // __has_include_next is not told apart here: treated as a plain lookup
    // from the start, a superset.
    llvm::StringRef found_dir;
    if (file) {  // "<dir>/<spelled>": the directory that answered
      llvm::StringRef name = file->getName();
      if (name.size() > spelled.size() + 1 && name.endswith(spelled) &&
          name[name.size() - spelled.size() - 1] == '/')
        found_dir = name.drop_back(spelled.size() + 1);
    }
    shadows_->add(spelled, angled, /*next=*/false, includer_dir(loc), found_dir);
  }

  void InclusionDirective(clang::SourceLocation hash_loc, const clang::Token& include_token,
                          llvm::StringRef spelled, bool angled, clang::CharSourceRange,
                          const clang::FileEntry* file, llvm::StringRef search_path,
                          llvm::StringRef, const clang::Module*,
                          clang::SrcMgr::CharacteristicKind) override {
    if (!file) return;  // missing header: the compiler reports it (never cached)
    if (shadows_) {
      const clang::IdentifierInfo* kind = include_token.getIdentifierInfo();
      bool next = kind && kind->getName() == "include_next";
      shadows_->add(spelled, angled, next, includer_dir(hash_loc), search_path);
    }
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
  PathNames& names_;
  std::vector<IncludeEdge>* edges_;
  ShadowCandidates* shadows_;  // null: not asked for
  const IncludeCollector::LineMapper& line_mapper_;
};

}  // namespace

IncludeCollector::IncludeCollector(std::string directory, PathNames* names)
    : directory_(std::move(directory)), file_set_(std::make_unique<FileSet>()), names_(names) {
  if (!names_) {
    own_names_ = std::make_unique<PathNames>(directory_);
    names_ = own_names_.get();
  }
}

IncludeCollector::~IncludeCollector() = default;

void IncludeCollector::track_shadows() { track_shadows_ = true; }

void IncludeCollector::attach(clang::Preprocessor& pp) {
  file_set_->attachToPreprocessor(pp);
  if (track_shadows_) shadows_ = std::make_unique<ShadowCandidates>(pp.getHeaderSearchInfo());
  pp.addPPCallbacks(
      std::make_unique<EdgeRecorder>(pp, names_, &edges_, shadows_.get(), line_mapper_));
}

std::vector<std::string> IncludeCollector::absent_shadow_paths(ExistenceMemo& existence) const {
  std::vector<std::string> result;
  if (!shadows_) return result;
  llvm::StringSet<> candidates;
  shadows_->paths(directory_, &candidates);
  for (const auto& candidate : candidates)
    if (!existence.exists(candidate.getKey())) result.push_back(candidate.getKey().str());
  std::sort(result.begin(), result.end());
  return result;
}

std::vector<std::string> IncludeCollector::files(const std::string& main_file) {
  std::vector<std::string> result;
  llvm::StringSet<> seen;
  seen.insert(main_file);
  for (const std::string& dep : file_set_->getDependencies()) {
    const std::string& path = names_->get(dep);
    if (seen.insert(path).second) result.push_back(path);
  }
  return result;
}

}  // namespace hotcog::scan
