// The include graph of one TU.
//
// The file set comes from clang's own DependencyCollector — the code behind
// `clang -MD` — with system headers included, so the list equals clang's depfile
// by construction (files probed by __has_include count too, as in the depfile).
// The edges come from InclusionDirective callbacks: one per #include/#import
// that resolved to a file, with the line of the directive, including those
// skipped by #pragma once or an include guard. The absent shadow paths are
// what the cache needs to notice a new header that would be found first.
#pragma once

#include "hotcog/scan/scanner.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace hotcog::scan {

class ExistenceMemo;
class PathNames;
class ShadowCandidates;

class IncludeCollector {
 public:
  // Maps (file, buffer clang sees, offset of a directive's '#') to the line in
  // the original file; set when clang sees minimized sources.
  using LineMapper = std::function<unsigned(const std::string&, llvm::StringRef, unsigned)>;

  // `names`: a memo of normalized paths for `directory` to share with other
  // TUs of the same thread; null for one of its own.
  explicit IncludeCollector(std::string directory, PathNames* names = nullptr);
  void set_line_mapper(LineMapper mapper) { line_mapper_ = std::move(mapper); }
  ~IncludeCollector();

  // Before attach(): also record what absent_shadow_paths() needs (the cache
  // does; a scan without one need not pay for it).
  void track_shadows();
  void attach(clang::Preprocessor& pp);

  // Normalized file set in opening order, the TU's own file excluded.
  std::vector<std::string> files(const std::string& main_file);
  const std::vector<IncludeEdge>& edges() const { return edges_; }
  // Paths header search tried before the file it found (or for a
  // __has_include that found nothing) and that do not exist now: creating one
  // would change the TU's includes. Sorted.
  std::vector<std::string> absent_shadow_paths(ExistenceMemo& existence) const;

 private:
  class FileSet;
  std::string directory_;
  std::unique_ptr<FileSet> file_set_;
  PathNames* names_;
  std::unique_ptr<PathNames> own_names_;
  std::vector<IncludeEdge> edges_;
  bool track_shadows_ = false;
  std::unique_ptr<ShadowCandidates> shadows_;
  LineMapper line_mapper_;
};

}  // namespace hotcog::scan
