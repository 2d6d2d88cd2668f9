// The one path normaliser of hotcog's std-only layers (ninja-bridge, the
// tool; the scanner adds a symlink fallback on top of the same rules): paths
// from the cog manifest, from ninja, from compilers and from inotify are
// compared as strings, so they must all be spelled one way.
//
// Lexical only, no file system access: ninja's paths are lexical too, and a
// deleted file must still map to its cog.
#pragma once

#include <string>

namespace hotcog {

// Ninja's canonical spelling: "a/./b" -> "a/b", "a/x/../b" -> "a/b",
// "//" -> "/", no trailing "/"; "/.." is "/"; a relative path keeps its
// leading "../"; "" and "a/.." are ".".
std::string lexically_normal_path(const std::string& path);

// `path` made absolute against `base` (if relative), then lexically normal.
std::string absolute_path(const std::string& path, const std::string& base);

// True if `path` is `dir` or inside it (both absolute and normal).
bool path_is_under(const std::string& path, const std::string& dir);

}  // namespace hotcog
