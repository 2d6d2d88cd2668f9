#include "hotcog/ninja/ninja_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <tuple>

namespace hotcog::ninja {
namespace {

constexpr std::string_view kSignature = "# ninja log v";

template <class T>
bool parse_number(std::string_view s, T* out, int base = 10) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out, base);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

bool parse_line(std::string_view line, NinjaLogEntry* e) {
  std::string_view f[5];
  for (int i = 0; i < 4; ++i) {
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return false;
    f[i] = line.substr(0, tab);
    line.remove_prefix(tab + 1);
  }
  f[4] = line;
  e->output = std::string(f[3]);
  return parse_number(f[0], &e->start_ms) && parse_number(f[1], &e->end_ms) &&
         parse_number(f[2], &e->mtime) && !e->output.empty() &&
         parse_number(f[4], &e->command_hash, 16);
}

// Reads fd from `offset` to its end.
bool read_from(int fd, long long offset, std::string* out, std::string* err) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = pread(fd, buf, sizeof buf, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    out->append(buf, static_cast<size_t>(n));
    offset += n;
  }
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool parse_ninja_log_lines(const std::string& text, const std::string& origin,
                           std::vector<NinjaLogEntry>* entries, std::string* err) {
  size_t start = 0;
  int lineno = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) break;  // partial last line: ninja was stopped mid-write
    ++lineno;
    std::string_view line(text.data() + start, nl - start);
    start = nl + 1;
    NinjaLogEntry e;
    if (!parse_line(line, &e)) {
      *err = origin + ": line " + std::to_string(lineno) + ": not a ninja log entry";
      return false;
    }
    entries->push_back(std::move(e));
  }
  return true;
}

bool parse_ninja_log(const std::string& text, const std::string& origin, NinjaLog* log,
                     std::string* err) {
  size_t nl = text.find('\n');
  std::string_view first(text.data(), nl == std::string::npos ? text.size() : nl);
  if (first.substr(0, kSignature.size()) != kSignature ||
      !parse_number(first.substr(kSignature.size()), &log->version)) {
    *err = origin + ": not a ninja log";
    return false;
  }
  if (log->version < 5 || log->version > 7) {
    *err = origin + ": ninja log version " + std::to_string(log->version) +
           " (this reader knows versions 5 to 7)";
    return false;
  }
  if (nl == std::string::npos) return true;
  std::vector<NinjaLogEntry> entries;
  // Line numbers in errors count from the line after the signature.
  if (!parse_ninja_log_lines(text.substr(nl + 1), origin, &entries, err)) return false;
  log->entries = std::move(entries);
  return true;
}

LoadStatus load_ninja_log(const std::string& path, NinjaLog* log, std::string* err) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = path + ": " + std::strerror(errno);
    return errno == ENOENT ? LoadStatus::NotFound : LoadStatus::Error;
  }
  std::string text;
  bool ok = read_from(fd, 0, &text, err);
  close(fd);
  if (!ok) return LoadStatus::Error;
  return parse_ninja_log(text, path, log, err) ? LoadStatus::Ok : LoadStatus::Error;
}

EdgeKind classify_output(const std::string& output) {
  if (ends_with(output, ".o") || ends_with(output, ".obj")) return EdgeKind::Compile;
  if (ends_with(output, ".so") || ends_with(output, ".a") || ends_with(output, ".dylib") ||
      output.find(".so.") != std::string::npos)
    return EdgeKind::Link;
  size_t slash = output.rfind('/');
  std::string name = slash == std::string::npos ? output : output.substr(slash + 1);
  bool in_cmake_files = output.find("CMakeFiles/") != std::string::npos;
  if (name.find('.') == std::string::npos && !in_cmake_files) return EdgeKind::Link;  // executable
  return EdgeKind::Other;
}

RanSummary summarize(const std::vector<RanEdge>& edges) {
  RanSummary s;
  for (const RanEdge& e : edges) {
    switch (e.kind) {
      case EdgeKind::Compile: ++s.compiles; s.compile_seconds += e.seconds(); break;
      case EdgeKind::Link: ++s.links; s.link_seconds += e.seconds(); break;
      case EdgeKind::Other: ++s.others; break;
    }
  }
  return s;
}

std::string RanSummary::text() const {
  std::string out;
  auto part = [&](int n, const char* one, const char* many) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + (n == 1 ? one : many);
  };
  part(compiles, "compile", "compiles");
  part(links, "link", "links");
  part(others, "other step", "other steps");
  return out.empty() ? "nothing to do" : out;
}

NinjaLogCursor::NinjaLogCursor(const std::string& build_dir) : path_(build_dir + "/.ninja_log") {
  fd_ = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd_ >= 0 && fstat(fd_, &st) == 0) {
    size_ = st.st_size;
    inode_ = st.st_ino;
  }
}

NinjaLogCursor::~NinjaLogCursor() {
  if (fd_ >= 0) close(fd_);
}

namespace {

// Groups consecutive lines of one edge (same times and command hash).
std::vector<RanEdge> group_edges(const std::vector<NinjaLogEntry>& entries) {
  std::vector<RanEdge> edges;
  const NinjaLogEntry* prev = nullptr;
  for (const NinjaLogEntry& e : entries) {
    bool same_edge = prev && prev->start_ms == e.start_ms && prev->end_ms == e.end_ms &&
                     prev->command_hash == e.command_hash;
    if (!same_edge) edges.push_back({{}, e.start_ms, e.end_ms, classify_output(e.output)});
    edges.back().outputs.push_back(e.output);
    if (classify_output(e.output) == EdgeKind::Link) edges.back().kind = EdgeKind::Link;
    prev = &e;
  }
  return edges;
}

}  // namespace

bool NinjaLogCursor::edges_since(std::vector<RanEdge>* edges, std::string* err) const {
  int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return true;  // nothing ran that ninja logs
    *err = path_ + ": " + std::strerror(errno);
    return false;
  }
  struct stat st;
  fstat(fd, &st);
  std::string text;
  bool same_file = fd_ >= 0 && st.st_ino == inode_ && st.st_size >= size_;
  bool ok = read_from(fd, same_file ? size_ : 0, &text, err);
  close(fd);
  if (!ok) return false;

  std::vector<NinjaLogEntry> entries;
  if (same_file) {
    if (!parse_ninja_log_lines(text, path_, &entries, err)) return false;
  } else {
    // New file (first build, or ninja recompacted): every entry that is not
    // identical to the old file's latest entry for its output ran now.
    NinjaLog now;
    if (!parse_ninja_log(text, path_, &now, err)) return false;
    std::map<std::string, std::tuple<int, int, int64_t, uint64_t>> before;
    if (fd_ >= 0) {
      std::string old_text;
      NinjaLog old;
      if (!read_from(fd_, 0, &old_text, err)) return false;
      old_text.resize(static_cast<size_t>(std::min<long long>(size_, static_cast<long long>(old_text.size()))));
      if (!parse_ninja_log(old_text, path_, &old, err)) return false;
      for (const NinjaLogEntry& e : old.entries)
        before[e.output] = {e.start_ms, e.end_ms, e.mtime, e.command_hash};
    }
    for (NinjaLogEntry& e : now.entries) {
      auto it = before.find(e.output);
      if (it == before.end() || it->second != std::make_tuple(e.start_ms, e.end_ms, e.mtime, e.command_hash))
        entries.push_back(std::move(e));
    }
  }
  *edges = group_edges(entries);
  return true;
}

}  // namespace hotcog::ninja
