#include "minimized_sources.h"

#include "clang/Basic/CharInfo.h"
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
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace hotcog::scan {

namespace deps = clang::tooling::dependencies;

struct ThreadFs;

struct MinimizedSession::State {
  deps::DependencyScanningFilesystemSharedCache shared_cache;
  bool hash_contents = true;

  mutable std::mutex mutex;
  struct Original {
    std::shared_ptr<llvm::MemoryBuffer> content;
    std::string hash;
    // Computed on first use; the same for every TU of the session (the shared
    // cache minimizes each file once).
    std::shared_ptr<const IncludeLines> include_lines;
  };
  llvm::StringMap<Original> originals;  // by normalized path
  std::map<std::thread::id, std::unique_ptr<ThreadFs>> threads;
};

namespace {

// An #include-like directive: where its '#' is, its line, and what it names
// (the directive's keyword and its first operand token, e.g. "include <vector>").
struct Directive {
  unsigned offset;
  unsigned line;
  llvm::StringRef what;
};

bool is_include_keyword(llvm::StringRef name) {
  return name == "include" || name == "import" || name == "include_next" ||
         name == "__include_macros";
}

// Keyword and first operand of the directive whose keyword starts at `at`.
llvm::StringRef directive_text(llvm::StringRef text, size_t at) {
  size_t end = at;
  while (end < text.size() && clang::isAsciiIdentifierContinue(text[end])) ++end;
  while (end < text.size() && clang::isHorizontalWhitespace(text[end])) ++end;
  if (end < text.size()) {
    char open = text[end];
    char close = open == '<' ? '>' : open == '"' ? '"' : 0;
    size_t stop = close ? text.find(close, end + 1) : llvm::StringRef::npos;
    if (stop != llvm::StringRef::npos) {
      end = stop + 1;
    } else {
      while (end < text.size() && clang::isAsciiIdentifierContinue(text[end])) ++end;
    }
  }
  return text.slice(at, end);
}

// The exact list, by raw lexing: comments and string literals are never
// mistaken for directives.
std::vector<Directive> lexed_include_directives(llvm::StringRef text) {
  std::vector<Directive> result;
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
    if (!is_include_keyword(token.getRawIdentifier())) continue;
    const char* at = text.begin() + hash_offset;
    line += std::count(counted_to, at, '\n');
    counted_to = at;
    size_t keyword = token.getLocation().getRawEncoding();
    result.push_back({hash_offset, line, directive_text(text, keyword)});
  }
  return result;
}

// The same list by a scan for every '#' that only blanks precede on its line
// (memchr), lines counted in one pass: many times faster than the lexer.
// Exact for minimized buffers (no comments, one directive per line). In an
// original file it is fooled by a commented-out directive or a directive
// split by a backslash-newline, so its answer there is used only when it
// names the same directives as the minimized buffer (directives_match); the
// lexer decides the rest (a handful of headers in a googletest scan).
std::vector<Directive> line_start_directives(llvm::StringRef text) {
  std::vector<Directive> result;
  const char* const begin = text.begin();
  const char* const end = text.end();
  const char* counted_to = begin;
  unsigned line = 1;
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '#', end - p)));
       ++p) {
    const char* q = p;
    while (q > begin && clang::isHorizontalWhitespace(q[-1])) --q;
    if (q != begin && q[-1] != '\n') continue;
    const char* keyword = p + 1;
    while (keyword < end && clang::isHorizontalWhitespace(*keyword)) ++keyword;
    const char* word_end = keyword;
    while (word_end < end && clang::isAsciiIdentifierContinue(*word_end)) ++word_end;
    if (!is_include_keyword(llvm::StringRef(keyword, word_end - keyword))) continue;
    line += std::count(counted_to, p, '\n');
    counted_to = p;
    result.push_back(
        {static_cast<unsigned>(p - begin), line, directive_text(text, keyword - begin)});
  }
  return result;
}

bool directives_match(const std::vector<Directive>& a, const std::vector<Directive>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].what != b[i].what) return false;
  return true;
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
    std::string hash;  // outside the lock
    if (state_->hash_contents) hash = hash_hex(content->getBuffer());
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
  std::unique_ptr<PathNames> names;  // for `directory`, like `files`
};

MinimizedSession::MinimizedSession(bool hash_contents) : state_(std::make_unique<State>()) {
  state_->hash_contents = hash_contents;
}
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
    tfs->names = std::make_unique<PathNames>(directory);
  }
  return tfs->files.get();
}

PathNames* MinimizedSession::path_names() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->threads[std::this_thread::get_id()]->names.get();
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
  if (it == state_->originals.end() || !state_->hash_contents) return std::nullopt;
  return it->second.hash;
}

unsigned IncludeLines::line_at(unsigned offset) const {
  auto found = std::lower_bound(minimized_offsets.begin(), minimized_offsets.end(), offset);
  if (found == minimized_offsets.end() || *found != offset) return 0;
  if (original_lines.size() != minimized_offsets.size()) return 0;
  return original_lines[found - minimized_offsets.begin()];
}

std::shared_ptr<const IncludeLines> MinimizedSession::include_lines(const std::string& path,
                                                                    llvm::StringRef buffer) const {
  // Computed once per file; the scanning runs outside the lock (two threads
  // may both compute one, the first stored wins).
  std::shared_ptr<llvm::MemoryBuffer> content;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->originals.find(path);
    if (it == state_->originals.end()) return nullptr;
    if (it->second.include_lines) return it->second.include_lines;
    content = it->second.content;
  }
  std::vector<Directive> minimized = line_start_directives(buffer);
  std::vector<Directive> originals = line_start_directives(content->getBuffer());
  if (!directives_match(minimized, originals)) {
    minimized = lexed_include_directives(buffer);
    originals = lexed_include_directives(content->getBuffer());
  }
  auto lines = std::make_shared<IncludeLines>();
  for (const Directive& directive : minimized) lines->minimized_offsets.push_back(directive.offset);
  for (const Directive& directive : originals) lines->original_lines.push_back(directive.line);
  std::lock_guard<std::mutex> lock(state_->mutex);
  State::Original& original = state_->originals[path];
  if (!original.include_lines) original.include_lines = std::move(lines);
  return original.include_lines;
}

}  // namespace hotcog::scan
