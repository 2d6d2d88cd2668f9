#include "minimized_sources.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/DependencyScanning/DependencyScanningFilesystem.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

#include "content_hash.h"
#include "scan_paths.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace hotcog::scan {

namespace deps = clang::tooling::dependencies;

struct ThreadFs;

struct MinimizedSession::State {
  deps::DependencyScanningFilesystemSharedCache shared_cache;

  mutable std::mutex mutex;
  struct Original {
    std::shared_ptr<llvm::MemoryBuffer> content;
    std::string hash;
    std::optional<std::vector<unsigned>> include_lines;  // computed on first use
    // Offsets of the include directives in the minimized buffer (the same for
    // every TU of the session: the shared cache minimizes each file once).
    std::optional<std::vector<unsigned>> minimized_offsets;
  };
  llvm::StringMap<Original> originals;  // by normalized path
  std::map<std::thread::id, std::unique_ptr<ThreadFs>> threads;
};

namespace {

// Offsets and lines of the #include/#import/#include_next/#__include_macros
// directives of a buffer, in order, found by raw lexing (comments and string
// literals are never mistaken for directives).
std::vector<std::pair<unsigned, unsigned>> include_directives(llvm::StringRef text) {
  std::vector<std::pair<unsigned, unsigned>> result;
  clang::LangOptions lang;
  lang.CPlusPlus = true;
  lang.CPlusPlus17 = true;
  clang::Lexer lexer(clang::SourceLocation(), lang, text.begin(), text.begin(), text.end());
  clang::Token token;
  unsigned line = 1;
  const char* counted_to = text.begin();
  while (!lexer.LexFromRawLexer(token)) {
    if (!token.is(clang::tok::hash) || !token.isAtStartOfLine()) continue;
    unsigned hash_offset = token.getLocation().getRawEncoding();
    if (lexer.LexFromRawLexer(token)) break;
    if (!token.is(clang::tok::raw_identifier)) continue;
    llvm::StringRef name = token.getRawIdentifier();
    if (name != "include" && name != "import" && name != "include_next" &&
        name != "__include_macros")
      continue;
    const char* at = text.begin() + hash_offset;
    line += std::count(counted_to, at, '\n');
    counted_to = at;
    result.emplace_back(hash_offset, line);
  }
  return result;
}

// The original line of the include directive at `offset` of the minimized
// buffer: the k-th directive there is the k-th one of the original.
unsigned line_at(const std::vector<unsigned>& minimized_offsets,
                 const std::vector<unsigned>& original_lines, unsigned offset) {
  auto found = std::lower_bound(minimized_offsets.begin(), minimized_offsets.end(), offset);
  if (found == minimized_offsets.end() || *found != offset) return 0;
  if (original_lines.size() != minimized_offsets.size()) return 0;
  return original_lines[found - minimized_offsets.begin()];
}

// A read-only file served from a buffer the session keeps.
class BufferFile : public llvm::vfs::File {
 public:
  BufferFile(llvm::vfs::Status status, std::shared_ptr<llvm::MemoryBuffer> buffer)
      : status_(std::move(status)), buffer_(std::move(buffer)) {}
  llvm::ErrorOr<llvm::vfs::Status> status() override { return status_; }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> getBuffer(const llvm::Twine& name, int64_t,
                                                               bool, bool) override {
    return llvm::MemoryBuffer::getMemBuffer(buffer_->getBuffer(), name.str(),
                                            /*RequiresNullTerminator=*/false);
  }
  std::error_code close() override { return {}; }

 private:
  llvm::vfs::Status status_;
  std::shared_ptr<llvm::MemoryBuffer> buffer_;
};

// Records the original bytes of every file opened, once per session.
class RecordingFs : public llvm::vfs::ProxyFileSystem {
 public:
  RecordingFs(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs, MinimizedSession::State* state)
      : ProxyFileSystem(std::move(fs)), state_(state) {}

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(
      const llvm::Twine& path) override {
    auto file = ProxyFileSystem::openFileForRead(path);
    if (!file) return file;
    auto status = (*file)->status();
    if (!status) return status.getError();
    auto buffer = (*file)->getBuffer(path);
    if (!buffer) return buffer.getError();
    std::shared_ptr<llvm::MemoryBuffer> content(std::move(*buffer));
    std::string hash = hash_hex(content->getBuffer());  // outside the lock
    {
      // Two threads may read the same file at once: both serve the buffer
      // stored first, which the session keeps alive (the shared cache holds
      // non-owning references to it).
      std::lock_guard<std::mutex> lock(state_->mutex);
      auto& original = state_->originals[normalize_path(path.str(), "/")];
      if (!original.content) {
        original.content = content;
        original.hash = std::move(hash);
      }
      content = original.content;
    }
    return std::make_unique<BufferFile>(*status, content);
  }

 private:
  MinimizedSession::State* state_;
};

// Makes every path absolute against the TU's directory before it reaches the
// shared cache (whose keys are file names).
class AbsolutePathFs : public llvm::vfs::ProxyFileSystem {
 public:
  AbsolutePathFs(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs, std::string directory)
      : ProxyFileSystem(std::move(fs)), directory_(std::move(directory)) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine& path) override {
    return ProxyFileSystem::status(absolute(path));
  }
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(
      const llvm::Twine& path) override {
    return ProxyFileSystem::openFileForRead(absolute(path));
  }
  llvm::vfs::directory_iterator dir_begin(const llvm::Twine& dir, std::error_code& ec) override {
    return ProxyFileSystem::dir_begin(absolute(dir), ec);
  }
  std::error_code getRealPath(const llvm::Twine& path,
                              llvm::SmallVectorImpl<char>& output) const override {
    return ProxyFileSystem::getRealPath(absolute(path), output);
  }
  std::error_code isLocal(const llvm::Twine& path, bool& result) override {
    return ProxyFileSystem::isLocal(absolute(path), result);
  }
  llvm::ErrorOr<std::string> getCurrentWorkingDirectory() const override { return directory_; }
  std::error_code setCurrentWorkingDirectory(const llvm::Twine& path) override {
    directory_ = absolute(path);
    return {};
  }

 private:
  std::string absolute(const llvm::Twine& path) const {
    llvm::SmallString<256> p;
    path.toVector(p);
    if (llvm::sys::path::is_absolute(p)) return std::string(p);
    llvm::SmallString<256> joined(directory_);
    llvm::sys::path::append(joined, p);
    return std::string(joined);
  }

  std::string directory_;
};

}  // namespace

// One per thread of the session: its file system stack, the skip mappings of
// the minimized buffers its preprocessors use, and a FileManager reused by
// consecutive TUs with the same directory (as clang-scan-deps does), so their
// stats and lookups are made once. A TU with another directory gets a new
// FileManager: relative names are cached as spelled.
struct ThreadFs {
  clang::ExcludedPreprocessorDirectiveSkipMapping skip_mappings;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs;
  llvm::IntrusiveRefCntPtr<clang::FileManager> files;
  std::string directory;
};

MinimizedSession::MinimizedSession() : state_(std::make_unique<State>()) {}
MinimizedSession::~MinimizedSession() = default;

clang::FileManager* MinimizedSession::file_manager_for(const std::string& directory) {
  ThreadFs* tfs;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::unique_ptr<ThreadFs>& slot = state_->threads[std::this_thread::get_id()];
    if (!slot) slot = std::make_unique<ThreadFs>();
    tfs = slot.get();
  }
  if (!tfs->files || tfs->directory != directory) {
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> physical = llvm::vfs::createPhysicalFileSystem();
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> recording(new RecordingFs(physical, state_.get()));
    llvm::IntrusiveRefCntPtr<deps::DependencyScanningWorkerFilesystem> minimizing(
        new deps::DependencyScanningWorkerFilesystem(state_->shared_cache, recording,
                                                     &tfs->skip_mappings));
    minimizing->enableMinimizationOfAllFiles();
    tfs->fs = new AbsolutePathFs(minimizing, directory);
    tfs->files = new clang::FileManager(clang::FileSystemOptions(), tfs->fs);
    tfs->directory = directory;
  }
  return tfs->files.get();
}

void MinimizedSession::configure(clang::CompilerInstance& ci) {
  ThreadFs* tfs;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    tfs = state_->threads[std::this_thread::get_id()].get();
  }
  ci.getPreprocessorOpts().ExcludedConditionalDirectiveSkipMappings = &tfs->skip_mappings;
}

std::optional<std::string> MinimizedSession::original_hash(const std::string& path) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto it = state_->originals.find(path);
  if (it == state_->originals.end()) return std::nullopt;
  return it->second.hash;
}

unsigned MinimizedSession::original_line(const std::string& path, llvm::StringRef buffer,
                                         unsigned offset) const {
  // The directive lists are computed once per file; the lexing runs outside
  // the lock (two threads may both compute one, the first stored wins).
  std::shared_ptr<llvm::MemoryBuffer> content;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->originals.find(path);
    if (it == state_->originals.end()) return 0;
    State::Original& original = it->second;
    if (original.minimized_offsets && original.include_lines)
      return line_at(*original.minimized_offsets, *original.include_lines, offset);
    content = original.content;
  }
  std::vector<unsigned> offsets, lines;
  for (const auto& directive : include_directives(buffer)) offsets.push_back(directive.first);
  for (const auto& directive : include_directives(content->getBuffer()))
    lines.push_back(directive.second);
  std::lock_guard<std::mutex> lock(state_->mutex);
  State::Original& original = state_->originals[path];
  if (!original.minimized_offsets) original.minimized_offsets = std::move(offsets);
  if (!original.include_lines) original.include_lines = std::move(lines);
  return line_at(*original.minimized_offsets, *original.include_lines, offset);
}

}  // namespace hotcog::scan
