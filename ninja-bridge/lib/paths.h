// Path helpers shared by the ninja-bridge sources (internal header).
#pragma once

#include <string>

namespace hotcog::ninja {

// `path` made absolute against `base` (if relative) and lexically normalized:
// "a/./b/../c" → "a/c", no trailing slash. No file system access: ninja's
// paths are lexical too, and a deleted file must still map.
std::string absolute_path(const std::string& path, const std::string& base);

// True if `path` is `dir` or inside it (both absolute and normalized).
bool path_is_under(const std::string& path, const std::string& dir);

}  // namespace hotcog::ninja
