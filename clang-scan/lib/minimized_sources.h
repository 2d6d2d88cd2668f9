// Include-only scans on minimized sources, the technique of clang-scan-deps:
// every header is reduced once per scan session to its preprocessor directives
// (shared by all TUs and threads), so preprocessing a TU lexes a fraction of
// the text. The file set is the same as with full sources; what changes is
// the text clang sees, so two things are recovered from the original files:
//
//  - the content hash of each input (for the cache) is taken from the bytes
//    read from disk, once per session, before minimization;
//  - the line of an #include directive: the minimizer keeps every include
//    directive in order, so the k-th include directive of the minimized buffer
//    is the k-th one of the original file (found by raw-lexing it).
//
// Layers of one TU's file system, top to bottom:
//   AbsolutePathFs (per TU: relative paths against the TU's directory, so the
//                   shared cache below never mixes up two TUs' "include/x.h")
//   DependencyScanningWorkerFilesystem (per TU, over the session's shared cache)
//   RecordingFs    (per TU, records original bytes into the session)
//   physical file system
#pragma once

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm::vfs {
class FileSystem;
}
namespace clang {
class CompilerInstance;
class FileManager;
}

namespace hotcog::scan {

class PathNames;

// The k-th include directive of a minimized buffer is the k-th of the
// original file.
struct IncludeLines {
  std::vector<unsigned> minimized_offsets;  // of each directive's '#', ascending
  std::vector<unsigned> original_lines;
  // Line in the original file of the directive at `offset` of the minimized
  // buffer; 0 if it cannot be told.
  unsigned line_at(unsigned offset) const;
};

// Lives for one scan_all(): files are read and minimized once per session,
// so a session must not outlive the files' content (a new scan, a new session).
class MinimizedSession {
 public:
  // `hash_contents`: keep the content hash of every original (for the cache).
  explicit MinimizedSession(bool hash_contents = true);
  ~MinimizedSession();

  // The FileManager for the next TU of the calling thread, whose working
  // directory is `directory` (valid until the thread's next call).
  clang::FileManager* file_manager_for(const std::string& directory);

  // Normalized path names for the calling thread's current directory (the
  // one of its last file_manager_for), shared by its TUs like the FileManager.
  PathNames* path_names();

  // Points the TU's preprocessor at the skip mappings of the minimized buffers.
  void configure(clang::CompilerInstance& ci);

  // Hash of the original bytes of a file read in this session (normalized
  // path); nullopt for files not read, or all files without hash_contents.
  std::optional<std::string> original_hash(const std::string& path) const;

  // Where the include directives of the minimized `buffer` of `path` are in
  // the original file; null for a file not read in this session.
  std::shared_ptr<const IncludeLines> include_lines(const std::string& path,
                                                    llvm::StringRef buffer) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace hotcog::scan
