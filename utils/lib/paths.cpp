#include "hotcog/base/paths.h"

#include <vector>

namespace hotcog {
namespace {

// True when nothing would change: no "//", no "." or ".." component, no
// trailing "/". Almost every path ninja and compilers print is; checking is
// much cheaper than rebuilding it.
bool is_normal(const std::string& path) {
  if (path.empty() || (path.size() > 1 && path.back() == '/')) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && i + 1 < path.size() && path[i + 1] == '/') return false;
    if (path[i] == '.' && (i == 0 || path[i - 1] == '/')) {
      size_t j = i + 1;
      if (j < path.size() && path[j] == '.') ++j;
      if (j == path.size() || path[j] == '/') return false;
    }
  }
  return true;
}

}  // namespace

std::string lexically_normal_path(const std::string& path) {
  if (is_normal(path)) return path;
  const bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string part = path.substr(start, slash - start);
    start = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
      continue;
    }
    if (part == ".." && absolute) continue;  // "/.." is "/"
    parts.push_back(std::move(part));
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

std::string absolute_path(const std::string& path, const std::string& base) {
  if (!path.empty() && path[0] == '/') return lexically_normal_path(path);
  return lexically_normal_path(base + "/" + path);
}

bool path_is_under(const std::string& path, const std::string& dir) {
  if (path.size() < dir.size() || path.compare(0, dir.size(), dir) != 0) return false;
  return path.size() == dir.size() || path[dir.size()] == '/' || dir == "/";
}

}  // namespace hotcog
