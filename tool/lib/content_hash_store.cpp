#include "lib/content_hash_store.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/xxhash.h>

namespace hotcog::cli {

const char* to_string(ContentChange change) {
  switch (change) {
    case ContentChange::Unchanged: return "unchanged";
    case ContentChange::Modified: return "modified";
    case ContentChange::Created: return "created";
    case ContentChange::Deleted: return "deleted";
  }
  return "?";
}

uint64_t ContentHashStore::hash(std::string_view content) {
  return llvm::xxHash64(llvm::StringRef(content.data(), content.size()));
}

void ContentHashStore::prime_with(const std::string& path,
                                  std::optional<std::string_view> content) {
  entries_[path] = content ? std::optional<uint64_t>(hash(*content)) : std::nullopt;
}

ContentChange ContentHashStore::update_with(const std::string& path,
                                            std::optional<std::string_view> content) {
  std::optional<uint64_t> now = content ? std::optional<uint64_t>(hash(*content)) : std::nullopt;
  auto it = entries_.find(path);
  if (it == entries_.end()) {
    entries_.emplace(path, now);
    return now ? ContentChange::Created : ContentChange::Unchanged;
  }
  std::optional<uint64_t> before = it->second;
  it->second = now;
  if (before == now && now && distrusted_.erase(path)) return ContentChange::Modified;
  distrusted_.erase(path);
  if (before == now) return ContentChange::Unchanged;
  if (!now) return ContentChange::Deleted;
  return before ? ContentChange::Modified : ContentChange::Created;
}

void ContentHashStore::distrust(const std::string& path) {
  if (knows(path)) distrusted_.insert(path);
}

void ContentHashStore::prime(const std::string& path) {
  std::optional<std::string> content = read_file_content(path);
  prime_with(path, content ? std::optional<std::string_view>(*content) : std::nullopt);
}

ContentChange ContentHashStore::update(const std::string& path) {
  std::optional<std::string> content = read_file_content(path);
  return update_with(path, content ? std::optional<std::string_view>(*content) : std::nullopt);
}

std::optional<std::string> read_file_content(const std::string& path) {
  // Not memory-mapped: an editor may truncate the file while we read it.
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false,
                                            /*IsVolatile=*/true);
  if (!buffer) return std::nullopt;
  return std::string((*buffer)->getBuffer());
}

}  // namespace hotcog::cli
