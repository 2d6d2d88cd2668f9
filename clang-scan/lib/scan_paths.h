// Path spelling shared by every collector: absolute and normalized ("." and
// ".." removed lexically, symlinks kept) so the same file has one name in the
// include list, the edges, the records and the cache. When lexical removal of
// ".." crosses a symlink (e.g. "/../lib/gcc/.." with /lib -> usr/lib) and names
// a file that does not exist, the real path is used instead.
#pragma once

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <mutex>
#include <string>

namespace hotcog::scan {

inline std::string normalize_path(llvm::StringRef path, llvm::StringRef base_dir) {
  llvm::SmallString<256> result(path);
  if (!llvm::sys::path::is_absolute(result)) {
    llvm::SmallString<256> joined(base_dir);
    llvm::sys::path::append(joined, result);
    result = joined;
  }
  llvm::SmallString<256> lexical(result);
  llvm::sys::path::remove_dots(lexical, /*remove_dot_dot=*/true);
  if (lexical.size() != result.size() && llvm::StringRef(result).contains("..") &&
      !llvm::sys::fs::exists(lexical)) {
    llvm::SmallString<256> real;
    if (!llvm::sys::fs::real_path(result, real)) return std::string(real);
  }
  return std::string(lexical);
}

// normalize_path may stat (".." across symlinks), and libstdc++'s headers are
// all reached through ".."-paths: normalize each spelling once. One instance
// serves one thread and one working directory.
class PathNames {
 public:
  explicit PathNames(std::string directory) : directory_(std::move(directory)) {}
  const std::string& get(llvm::StringRef spelled) {
    auto [it, inserted] = names_.try_emplace(spelled);
    if (inserted) it->second = normalize_path(spelled, directory_);
    return it->second;
  }

 private:
  std::string directory_;
  llvm::StringMap<std::string> names_;
};

// Whether a path exists, asked once per scan: the TUs of a database share
// most of the paths header search tries in vain. Thread-safe.
class ExistenceMemo {
 public:
  bool exists(llvm::StringRef path) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = known_.find(path);
      if (it != known_.end()) return it->second;
    }
    bool found = llvm::sys::fs::exists(path);
    std::lock_guard<std::mutex> lock(mutex_);
    known_.try_emplace(path, found);
    return found;
  }

 private:
  std::mutex mutex_;
  llvm::StringMap<bool> known_;
};

inline std::string current_directory() {
  llvm::SmallString<256> cwd;
  if (llvm::sys::fs::current_path(cwd)) return "/";
  return std::string(cwd);
}

}  // namespace hotcog::scan
