// Content hashes decide what changed, not timestamps or inotify events: an
// editor that rewrites a file with the same bytes, a `touch`, or a
// temp-file-and-rename save with identical content must rebuild nothing.
//
// The store is prepopulated with every watched file at start, so the first
// event for a known file compares against what was built. A file first seen
// after start (created, or absent at start) counts as a change at its first
// sighting, which the seed's tracker got wrong.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace hotcog::cli {

enum class ContentChange {
  Unchanged,  // same bytes as last time, or still absent
  Modified,   // known file, different bytes
  Created,    // first sighting (not known at start, or reappeared)
  Deleted,    // known file is gone
};

const char* to_string(ContentChange change);

class ContentHashStore {
 public:
  // Records the current state of `path` without reporting a change.
  void prime(const std::string& path);

  // Compares `path`'s current content with the stored hash and stores the new one.
  ContentChange update(const std::string& path);

  // Pure core of update(), with the content (or nullopt for "absent") given.
  ContentChange update_with(const std::string& path, std::optional<std::string_view> content);
  void prime_with(const std::string& path, std::optional<std::string_view> content);

  // The next update of `path` reports Modified even with the same bytes: a
  // build may have read other bytes than the ones hashed (the file changed
  // while it ran), so "same as last time" proves nothing about what runs.
  void distrust(const std::string& path);

  bool knows(const std::string& path) const { return entries_.count(path) != 0; }
  size_t size() const { return entries_.size(); }

  static uint64_t hash(std::string_view content);

 private:
  // nullopt: the file was looked at and did not exist.
  std::map<std::string, std::optional<uint64_t>> entries_;
  std::set<std::string> distrusted_;
};

// The whole content of `path`, or nullopt if it cannot be read (absent).
std::optional<std::string> read_file_content(const std::string& path);

}  // namespace hotcog::cli
