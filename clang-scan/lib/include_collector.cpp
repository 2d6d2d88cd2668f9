#include "include_collector.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringSet.h"

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

class EdgeRecorder : public clang::PPCallbacks {
 public:
  EdgeRecorder(const clang::SourceManager& sm, const std::string& directory,
               std::vector<IncludeEdge>* edges, const IncludeCollector::LineMapper& line_mapper)
      : sm_(sm), names_(directory), edges_(edges), line_mapper_(line_mapper) {}

  void InclusionDirective(clang::SourceLocation hash_loc, const clang::Token&,
                          llvm::StringRef, bool, clang::CharSourceRange,
                          const clang::FileEntry* file, llvm::StringRef,
                          llvm::StringRef, const clang::Module*,
                          clang::SrcMgr::CharacteristicKind) override {
    if (!file) return;  // missing header: the compiler reports it
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
  const clang::SourceManager& sm_;
  PathNames names_;
  std::vector<IncludeEdge>* edges_;
  const IncludeCollector::LineMapper& line_mapper_;
};

}  // namespace

IncludeCollector::IncludeCollector(std::string directory)
    : directory_(std::move(directory)), file_set_(std::make_unique<FileSet>()) {}

IncludeCollector::~IncludeCollector() = default;

void IncludeCollector::attach(clang::Preprocessor& pp) {
  file_set_->attachToPreprocessor(pp);
  pp.addPPCallbacks(
      std::make_unique<EdgeRecorder>(pp.getSourceManager(), directory_, &edges_, line_mapper_));
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
