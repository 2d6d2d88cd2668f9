// Strings kept once, shared by every holder: the per-TU scan facts of
// `hotcog watch` (scan_facts.h) name the same few thousand paths in every TU
// (each of 500 TUs lists ~190 includes, ~430 include edges and ~740 "shadows"
// paths, nearly all of them also in the other TUs). Stored as std::strings
// they took ~90 MB at 500 TUs; as PooledStrings (one pointer each) a few MB.
//
// A pool only grows: it holds the distinct strings ever interned (paths of
// the project and the system headers), not one per scan. Interning is
// thread-safe (the background scan thread interns while the watch loop
// reads); reading a PooledString needs no lock: entries never move or die
// before the pool.
#pragma once

#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringRef.h>

#include <mutex>
#include <string>

namespace hotcog::cli {

// One pointer: compares and orders by its text, like the std::string it
// replaces, so decisions made on it are the same. Default: "".
class PooledString {
 public:
  PooledString() = default;
  llvm::StringRef str() const { return entry_ ? entry_->getKey() : llvm::StringRef(); }
  std::string string() const { return str().str(); }
  bool empty() const { return str().empty(); }

  friend bool operator==(PooledString a, PooledString b) {
    return a.entry_ == b.entry_ || a.str() == b.str();
  }
  friend bool operator!=(PooledString a, PooledString b) { return !(a == b); }
  friend bool operator<(PooledString a, PooledString b) { return a.str() < b.str(); }

 private:
  friend class StringPool;
  using Entry = llvm::StringMapEntry<llvm::NoneType>;
  explicit PooledString(const Entry* entry) : entry_(entry) {}
  const Entry* entry_ = nullptr;
};

class StringPool {
 public:
  StringPool() = default;
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;

  PooledString intern(llvm::StringRef text);
  size_t size() const;  // distinct strings held

 private:
  mutable std::mutex mutex_;
  llvm::StringMap<llvm::NoneType> strings_;
};

}  // namespace hotcog::cli
