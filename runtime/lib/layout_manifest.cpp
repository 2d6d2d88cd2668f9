#include "layout_manifest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace hotcog::rt {
namespace {

constexpr std::string_view kFormatName = "hotcog-layouts";

// One line split at tabs; views into the manifest text.
struct Line {
  size_t number = 0;
  std::vector<std::string_view> fields;
};

void split_tabs(std::string_view text, std::vector<std::string_view>* out) {
  out->clear();
  size_t start = 0;
  for (;;) {
    const size_t tab = text.find('\t', start);
    if (tab == std::string_view::npos) {
      out->push_back(text.substr(start));
      return;
    }
    out->push_back(text.substr(start, tab - start));
    start = tab + 1;
  }
}

// Decimal digits only (no sign, no spaces), no overflow.
bool parse_u64(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  *out = value;
  return true;
}

class Parser {
 public:
  Parser(LayoutManifest* out, std::string* err) : out_(out), err_(err) {}

  bool line(const Line& l) {
    line_ = &l;
    const std::string_view kind = l.fields[0];
    if (kind == "record") return record();
    if (kind == "base") return base();
    if (kind == "field") return field();
    if (kind == "vslot") return vslot();
    if (kind == "end") return end();
    if (kind == "var") return var();
    if (kind == "incomplete") return incomplete();
    return true;  // unknown kind: a newer writer's, skipped
  }

  bool finish(size_t last_line) {
    if (open_) {
      *err_ = "line " + std::to_string(last_line) + ": file ends inside record '" +
              out_->records.back().name + "' (no 'end'; truncated?)";
      return false;
    }
    return true;
  }

 private:
  bool fail(const std::string& what) {
    *err_ = "line " + std::to_string(line_->number) + ": " + std::string(line_->fields[0]) +
            ": " + what;
    return false;
  }

  bool expect_fields(size_t n, const char* layout) {
    if (line_->fields.size() == n) return true;
    return fail("expected " + std::to_string(n - 1) + " tab-separated fields (" + layout +
                "), got " + std::to_string(line_->fields.size() - 1));
  }

  bool number(size_t index, const char* what, uint64_t max, uint64_t* out) {
    const std::string_view s = line_->fields[index];
    if (!parse_u64(s, out) || *out > max)
      return fail(std::string(what) + " '" + std::string(s.substr(0, 40)) +
                  (s.size() > 40 ? "..." : "") + "' is not a number in 0.." +
                  std::to_string(max));
    return true;
  }

  bool flag(size_t index, const char* what, char yes, char no, bool* out) {
    const std::string_view s = line_->fields[index];
    if (s.size() == 1 && (s[0] == yes || s[0] == no)) {
      *out = s[0] == yes;
      return true;
    }
    return fail(std::string(what) + " must be '" + yes + "' or '" + no + "', got '" +
                std::string(s.substr(0, 40)) + "'");
  }

  bool in_record() {
    if (open_) return true;
    return fail("outside a record (no 'record' line before it)");
  }

  bool outside_record() {
    if (!open_) return true;
    return fail("inside record '" + out_->records.back().name + "' (missing 'end' before it)");
  }

  bool record() {
    if (!expect_fields(8, "name size align vptr hash file line") || !outside_record())
      return false;
    LayoutRecord r;
    uint64_t line = 0;
    r.name = std::string(line_->fields[1]);
    r.hash = std::string(line_->fields[5]);
    r.file = std::string(line_->fields[6]);
    if (r.name.empty()) return fail("empty record name");
    if (r.hash.empty()) return fail("empty hash for record '" + r.name + "'");
    if (!number(2, "size", UINT64_MAX, &r.size) || !number(3, "align", UINT64_MAX, &r.align) ||
        !flag(4, "vptr", '1', '0', &r.vptr) || !number(7, "line", UINT_MAX, &line))
      return false;
    r.line = static_cast<unsigned>(line);
    out_->records.push_back(std::move(r));
    open_ = true;
    return true;
  }

  bool base() {
    if (!expect_fields(4, "offset v|n name") || !in_record()) return false;
    LayoutBase b;
    b.name = std::string(line_->fields[3]);
    if (!number(1, "offset", UINT64_MAX, &b.offset) ||
        !flag(2, "virtual", 'v', 'n', &b.is_virtual))
      return false;
    if (b.name.empty()) return fail("empty base name");
    out_->records.back().bases.push_back(std::move(b));
    return true;
  }

  bool field() {
    if (!expect_fields(6, "offset_bits bit_width|- d|i name type") || !in_record()) return false;
    LayoutField f;
    if (!number(1, "offset_bits", UINT64_MAX, &f.offset_bits)) return false;
    if (line_->fields[2] != "-") {
      uint64_t width = 0;
      if (!number(2, "bit_width", INT_MAX, &width)) return false;
      f.bit_width = static_cast<int>(width);
    }
    if (!flag(3, "member kind", 'i', 'd', &f.indirect)) return false;
    f.name = std::string(line_->fields[4]);
    f.type = std::string(line_->fields[5]);
    if (f.type.empty()) return fail("empty type for field '" + f.name + "'");
    out_->records.back().fields.push_back(std::move(f));
    return true;
  }

  bool vslot() {
    if (!expect_fields(2, "method") || !in_record()) return false;
    if (line_->fields[1].empty()) return fail("empty method name");
    out_->records.back().vslots.emplace_back(line_->fields[1]);
    return true;
  }

  bool end() {
    if (!expect_fields(1, "nothing") || !in_record()) return false;
    open_ = false;
    return true;
  }

  bool var() {
    if (!expect_fields(7, "symbol size trivial name file line") || !outside_record())
      return false;
    LayoutVar v;
    uint64_t line = 0;
    v.symbol = std::string(line_->fields[1]);
    v.name = std::string(line_->fields[4]);
    v.file = std::string(line_->fields[5]);
    if (v.symbol.empty()) return fail("empty symbol");
    if (!number(2, "size", UINT64_MAX, &v.size) ||
        !flag(3, "trivial", '1', '0', &v.trivially_copyable) ||
        !number(6, "line", UINT_MAX, &line))
      return false;
    v.line = static_cast<unsigned>(line);
    out_->vars.push_back(std::move(v));
    return true;
  }

  bool incomplete() {
    if (!expect_fields(3, "source reason") || !outside_record()) return false;
    out_->incomplete.push_back(std::string(line_->fields[1]) + ": " +
                               std::string(line_->fields[2]));
    return true;
  }

  LayoutManifest* out_;
  std::string* err_;
  const Line* line_ = nullptr;
  bool open_ = false;  // a record line seen, its end not yet
};

bool header(const Line& l, unsigned* version, std::string* err) {
  if (l.fields.size() != 2 || l.fields[0] != kFormatName) {
    *err = "line 1: not a layout manifest (expected 'hotcog-layouts<TAB><version>')";
    return false;
  }
  uint64_t v = 0;
  if (!parse_u64(l.fields[1], &v) || (v != 1 && v != 2)) {
    *err = "line 1: layout manifest version '" + std::string(l.fields[1].substr(0, 20)) +
           "' is not supported (this runtime reads versions 1 and 2)";
    return false;
  }
  *version = static_cast<unsigned>(v);
  return true;
}

// The writer sorts; sorting again (stably, so ODR duplicates keep their
// order) makes find() correct for any input and costs O(n) when sorted.
void sort_manifest(LayoutManifest* m) {
  auto by_name = [](const LayoutRecord& a, const LayoutRecord& b) { return a.name < b.name; };
  if (!std::is_sorted(m->records.begin(), m->records.end(), by_name))
    std::stable_sort(m->records.begin(), m->records.end(), by_name);
  auto by_symbol = [](const LayoutVar& a, const LayoutVar& b) { return a.symbol < b.symbol; };
  if (!std::is_sorted(m->vars.begin(), m->vars.end(), by_symbol))
    std::stable_sort(m->vars.begin(), m->vars.end(), by_symbol);
}

std::string errno_text(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

bool older(const struct timespec& a, const struct timespec& b) {
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

// Reads a whole regular file of at most kMaxLayoutManifestBytes.
bool read_bounded(int fd, const std::string& path, uint64_t size, std::string* text,
                  std::string* err) {
  if (size > kMaxLayoutManifestBytes) {
    *err = path + " is " + std::to_string(size) + " bytes, more than the " +
           std::to_string(kMaxLayoutManifestBytes) + " a layout manifest may have";
    return false;
  }
  text->resize(static_cast<size_t>(size));
  size_t done = 0;
  while (done < text->size()) {
    const ssize_t n = ::read(fd, &(*text)[done], text->size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = errno_text("cannot read", path);
      return false;
    }
    if (n == 0) break;  // shrank while reading: parse what is there (it fails if cut)
    done += static_cast<size_t>(n);
  }
  text->resize(done);
  return true;
}

}  // namespace

bool operator==(const LayoutBase& a, const LayoutBase& b) {
  return a.offset == b.offset && a.is_virtual == b.is_virtual && a.name == b.name;
}

bool operator==(const LayoutField& a, const LayoutField& b) {
  return a.offset_bits == b.offset_bits && a.bit_width == b.bit_width &&
         a.indirect == b.indirect && a.name == b.name && a.type == b.type;
}

const LayoutRecord* LayoutManifest::find(std::string_view name) const {
  auto it = std::lower_bound(records.begin(), records.end(), name,
                             [](const LayoutRecord& r, std::string_view n) { return r.name < n; });
  return it != records.end() && it->name == name ? &*it : nullptr;
}

const LayoutRecord* LayoutManifest::conflicting(std::string_view name) const {
  const LayoutRecord* first = find(name);
  if (!first) return nullptr;
  for (const LayoutRecord* r = first + 1; r != records.data() + records.size() && r->name == name;
       ++r)
    if (r->hash != first->hash) return r;
  return nullptr;
}

const LayoutVar* LayoutManifest::find_var(std::string_view symbol) const {
  auto it = std::lower_bound(vars.begin(), vars.end(), symbol,
                             [](const LayoutVar& v, std::string_view s) { return v.symbol < s; });
  return it != vars.end() && it->symbol == symbol ? &*it : nullptr;
}

bool is_tu_local_record(std::string_view name) {
  return name.find("(anonymous namespace)") != std::string_view::npos ||
         name.find("(local in ") != std::string_view::npos;
}

bool parse_layout_manifest(std::string_view text, LayoutManifest* out, std::string* err) {
  *out = LayoutManifest{};
  if (text.empty()) {
    *err = "line 1: empty file (not a layout manifest)";
    return false;
  }
  if (text.size() > kMaxLayoutManifestBytes) {
    *err = "line 1: manifest larger than " + std::to_string(kMaxLayoutManifestBytes) + " bytes";
    return false;
  }
  Parser parser(out, err);
  Line l;
  size_t start = 0;
  while (start < text.size()) {
    ++l.number;
    const size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) {
      // The writer ends every line with a newline: a last line without one
      // is a file cut short (e.g. read while being written).
      *err = "line " + std::to_string(l.number) + ": no newline at the end (truncated file?)";
      return false;
    }
    split_tabs(text.substr(start, newline - start), &l.fields);
    start = newline + 1;
    if (l.number == 1) {
      if (!header(l, &out->version, err)) return false;
      continue;
    }
    if (!parser.line(l)) return false;
  }
  if (!parser.finish(l.number)) return false;
  sort_manifest(out);
  return true;
}

std::string image_layouts_path(const std::string& image_path) {
  return image_path + ".layouts";
}

LayoutLoad load_image_layouts(const std::string& image_path, LayoutManifest* out,
                              std::string* err) {
  const std::string path = image_layouts_path(image_path);
  struct stat image_st;
  if (::stat(image_path.c_str(), &image_st) != 0) {
    *err = errno_text("cannot stat image", image_path);
    return LayoutLoad::Error;
  }
  // O_NONBLOCK: a FIFO planted under that name must not block the host.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) {
      *err = path + " not found";
      return LayoutLoad::NotFound;
    }
    *err = errno_text("cannot open", path);
    return LayoutLoad::Error;
  }
  struct stat st;
  const bool stat_ok = ::fstat(fd, &st) == 0;
  if (!stat_ok || !S_ISREG(st.st_mode)) {
    *err = stat_ok ? path + " is not a regular file" : errno_text("cannot stat", path);
    ::close(fd);
    return LayoutLoad::Error;
  }
  if (older(st.st_mtim, image_st.st_mtim)) {
    *err = path + " is older than " + image_path + " (not written since the last link)";
    ::close(fd);
    return LayoutLoad::Stale;
  }
  std::string text;
  const bool read = read_bounded(fd, path, static_cast<uint64_t>(st.st_size), &text, err);
  ::close(fd);
  if (!read) return LayoutLoad::Error;
  if (!parse_layout_manifest(text, out, err)) {
    *err = path + ": " + *err;
    return LayoutLoad::Error;
  }
  return LayoutLoad::Ok;
}

std::string host_image_path() {
  char* resolved = ::realpath("/proc/self/exe", nullptr);
  if (!resolved) return "";
  std::string path = resolved;
  std::free(resolved);
  return path;
}

std::string host_layouts_path() {
  const std::string image = host_image_path();
  return image.empty() ? "" : image_layouts_path(image);
}

LayoutLoad load_host_layouts(LayoutManifest* out, std::string* err) {
  const std::string image = host_image_path();
  if (image.empty()) {
    *err = std::string("cannot resolve /proc/self/exe: ") + std::strerror(errno);
    return LayoutLoad::Error;
  }
  return load_image_layouts(image, out, err);
}

}  // namespace hotcog::rt
