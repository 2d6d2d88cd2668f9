#include "paths.h"

#include <filesystem>
#include <string_view>

namespace hotcog::ninja {
namespace {

// True if `p` is absolute and already normal: no "//", "/./", "/../", no
// trailing "/", "/." or "/..". Almost every path ninja and compilers print
// is; checking is much cheaper than std::filesystem's normalization.
bool is_normal_absolute(std::string_view p) {
  if (p.empty() || p[0] != '/' || (p.size() > 1 && p.back() == '/')) return false;
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] != '/') continue;
    char next = p[i + 1];
    if (next == '/') return false;
    if (next != '.') continue;
    size_t j = i + 2;
    if (j == p.size() || p[j] == '/') return false;                               // "/."
    if (p[j] == '.' && (j + 1 == p.size() || p[j + 1] == '/')) return false;  // "/.."
  }
  return true;
}

}  // namespace

std::string absolute_path(const std::string& path, const std::string& base) {
  std::string joined = !path.empty() && path[0] == '/' ? path : base + "/" + path;
  if (is_normal_absolute(joined)) return joined;
  std::string s = std::filesystem::path(joined).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool path_is_under(const std::string& path, const std::string& dir) {
  if (path.size() < dir.size() || path.compare(0, dir.size(), dir) != 0) return false;
  return path.size() == dir.size() || path[dir.size()] == '/' || dir == "/";
}

}  // namespace hotcog::ninja
