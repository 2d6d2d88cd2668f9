#include "hotcog/ninja/diagnostics.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "hotcog/base/paths.h"

namespace hotcog::ninja {

std::string Diagnostic::text() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ":" + std::to_string(line);
    if (line > 0 && column > 0) out += ":" + std::to_string(column);
    out += ": ";
  }
  out += severity + ": " + message;
  return out;
}

std::string strip_ansi(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;  // CSI: parameters and intermediates, then one final byte
      while (i < text.size() && !(text[i] >= 0x40 && text[i] <= 0x7e)) ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

namespace {

constexpr std::string_view kSeverities[] = {"fatal error", "error", "warning", "note"};

// Digits that fit an int (a line or column number).
bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// "path:line[:col]" → parts; false if it does not end in numbers.
bool split_location(std::string_view loc, std::string* file, int* line, int* col) {
  size_t c1 = loc.rfind(':');
  if (c1 == std::string_view::npos || !all_digits(loc.substr(c1 + 1))) return false;
  int last = std::stoi(std::string(loc.substr(c1 + 1)));
  std::string_view rest = loc.substr(0, c1);
  size_t c2 = rest.rfind(':');
  if (c2 != std::string_view::npos && all_digits(rest.substr(c2 + 1))) {
    *file = std::string(rest.substr(0, c2));
    *line = std::stoi(std::string(rest.substr(c2 + 1)));
    *col = last;
  } else {
    *file = std::string(rest);
    *line = last;
    *col = 0;
  }
  return !file->empty();
}

// "loc: severity: message" with loc = path:line[:col].
std::optional<Diagnostic> parse_located(std::string_view line, const std::string& base) {
  for (std::string_view sev : kSeverities) {
    std::string marker = ": " + std::string(sev) + ": ";
    size_t at = line.find(marker);
    if (at == std::string_view::npos) continue;
    Diagnostic d;
    if (!split_location(line.substr(0, at), &d.file, &d.line, &d.column)) continue;
    d.file = absolute_path(d.file, base);
    d.severity = std::string(sev);
    d.message = std::string(line.substr(at + marker.size()));
    return d;
  }
  return std::nullopt;
}

// Linker errors. GNU ld names the symbol on a line of its own, positioned by
// debug info when there is some:
//   /usr/bin/ld: CMakeFiles/b.dir/b.cpp.o: in function `b()':
//   /src/b.cpp:2: undefined reference to `missing()'      (with -g)
//   b.cpp:(.text+0x5): undefined reference to `missing()' (without)
//   collect2: error: ld returned 1 exit status             (GCC driver)
//   clang: error: linker command failed with exit code 1  (clang driver)
std::optional<Diagnostic> parse_linker(std::string_view line, const std::string& base) {
  auto has = [&](std::string_view what) { return line.find(what) != std::string_view::npos; };
  for (std::string_view what : {": undefined reference to ", ": multiple definition of "}) {
    size_t at = line.find(what);
    if (at == std::string_view::npos) continue;
    Diagnostic d;
    d.severity = "error";
    d.message = std::string(line.substr(at + 2));
    std::string_view where = line.substr(0, at);
    if (size_t ld = where.find("ld: "); ld != std::string_view::npos) where.remove_prefix(ld + 4);
    std::string file;
    int line_no = 0, col = 0;
    if (split_location(where, &file, &line_no, &col) && file.find(".o:") == std::string::npos) {
      d.file = absolute_path(file, base);
      d.line = line_no;
      d.column = col;
    }
    return d;
  }
  bool from_linker = has("ld: ") || has("ld.lld: ") || line.rfind("collect2: ", 0) == 0 ||
                     (has("clang") && has(": error: linker command failed"));
  if (!from_linker || has(": in function ")) return std::nullopt;
  if (!has("error") && !has("cannot find")) return std::nullopt;
  Diagnostic d;
  d.severity = "error";
  size_t prog = line.find(": ");
  d.message = std::string(line.substr(prog + 2));
  if (d.message.rfind("error: ", 0) == 0) d.message.erase(0, 7);
  return d;
}

// "In file included from X:L:" / "In file included from X:L," / "   from X:L[,:]".
std::optional<std::string> parse_include_line(std::string_view line, bool* continuation) {
  constexpr std::string_view kFirst = "In file included from ";
  size_t start;
  if (line.rfind(kFirst, 0) == 0) {
    start = kFirst.size();
    *continuation = false;
  } else {
    size_t ws = line.find_first_not_of(' ');
    if (ws == std::string_view::npos || ws < 8 || line.compare(ws, 5, "from ") != 0) return std::nullopt;
    start = ws + 5;
    *continuation = true;
  }
  std::string_view loc = line.substr(start);
  if (!loc.empty() && (loc.back() == ':' || loc.back() == ',')) loc.remove_suffix(1);
  return std::string(loc);
}

// "CMake Error at CMakeLists.txt:8 (add_library):", "CMake Warning (dev) at x.cmake:3 (message):"
std::optional<Diagnostic> parse_cmake_header(std::string_view line, const std::string& source_dir) {
  std::string_view severity;
  if (line.rfind("CMake Error at ", 0) == 0) severity = "error";
  else if (line.rfind("CMake Warning", 0) == 0 && line.find(" at ") != std::string_view::npos) severity = "warning";
  else return std::nullopt;
  size_t at = line.find(" at ") + 4;
  size_t paren = line.rfind(" (");
  size_t end = paren != std::string_view::npos && paren > at ? paren : line.size() - (line.back() == ':');
  Diagnostic d;
  int col = 0;
  if (!split_location(line.substr(at, end - at), &d.file, &d.line, &col)) return std::nullopt;
  d.file = absolute_path(d.file, source_dir);
  d.severity = std::string(severity);
  return d;
}

int severity_rank(const Diagnostic& d) {
  if (d.is_error()) return 0;
  if (d.severity == "warning") return 1;
  return 2;
}

bool same(const Diagnostic& a, const Diagnostic& b) {
  return a.file == b.file && a.line == b.line && a.column == b.column &&
         a.severity == b.severity && a.message == b.message;
}

std::string normalize_include(const std::string& loc, const std::string& base) {
  std::string file;
  int line = 0, col = 0;
  if (!split_location(loc, &file, &line, &col)) return loc;
  return absolute_path(file, base) + ":" + std::to_string(line);
}

}  // namespace

std::vector<Diagnostic> parse_diagnostics(std::string_view raw, const std::string& base_dir,
                                          const std::string& cmake_source_dir) {
  std::string text = strip_ansi(raw);
  const std::string& source_dir = cmake_source_dir.empty() ? base_dir : cmake_source_dir;
  std::optional<Diagnostic> cmake;  // a CMake message waits for its first text line
  std::vector<Diagnostic> found;
  std::vector<std::string> includes;  // as printed
  bool clang_style = false;           // several "In file included from" lines
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + start, nl - start);
    start = nl + 1;
    if (cmake) {
      size_t text_at = line.find_first_not_of(' ');
      if (text_at == std::string_view::npos) continue;  // blank lines inside the message
      if (text_at > 0) cmake->message = std::string(line.substr(text_at));
      else cmake->message = "(no message)";
      bool duplicate = std::any_of(found.begin(), found.end(), [&](const Diagnostic& f) { return same(f, *cmake); });
      if (!duplicate) found.push_back(std::move(*cmake));
      cmake.reset();
      if (text_at > 0) continue;
    }
    if ((cmake = parse_cmake_header(line, source_dir))) continue;
    bool continuation = false;
    if (auto inc = parse_include_line(line, &continuation)) {
      if (!continuation && !includes.empty()) clang_style = true;
      includes.push_back(normalize_include(*inc, base_dir));
      continue;
    }
    std::optional<Diagnostic> d = parse_located(line, base_dir);
    if (!d) d = parse_linker(line, base_dir);
    if (!d) continue;
    if (clang_style) std::reverse(includes.begin(), includes.end());
    d->included_from = std::move(includes);
    includes.clear();
    clang_style = false;
    bool duplicate = std::any_of(found.begin(), found.end(), [&](const Diagnostic& f) { return same(f, *d); });
    if (!duplicate) found.push_back(std::move(*d));
  }
  std::stable_sort(found.begin(), found.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return severity_rank(a) < severity_rank(b);
  });
  return found;
}

}  // namespace hotcog::ninja
