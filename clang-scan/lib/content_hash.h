// Content hashes used by the cache and by the layout/declaration hashes:
// xxHash64 from LLVM Support, printed as 16 lowercase hex digits.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace hotcog::scan {

std::string hash_hex(llvm::StringRef data);

// Hash of a file's current content on disk; nullopt when it cannot be read.
std::optional<std::string> hash_file(const std::string& path);

}  // namespace hotcog::scan
