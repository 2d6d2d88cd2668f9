// The runtime's reader of layout manifests: the record layouts (and, from
// format 2 on, the static variables) of one built image, written by the build
// beside the image as <image>.layouts. The layout guard (layout_guard.h)
// compares them before any code of a new image runs.
//
// Line format (one item per line, fields separated by exactly one tab; the
// writer is clang-scan/lib/manifest_writer.cpp):
//
//   hotcog-layouts  <1|2>                                     first line
//   record  <name> <size> <align> <vptr 0|1> <hash> <file> <line>
//   base    <offset bytes> <v|n> <name>
//   field   <offset_bits> <bit_width|-> <d|i> <name> <type>   name may be empty
//   vslot   <method>                                          vtable slots in order
//   end                                                       closes the record
//   var     <symbol> <size> <trivial 0|1> <name> <file> <line>        format 2
//   incomplete  <source file> <reason>                                format 2
//
// Readers reject another version and skip unknown line kinds (inside or
// outside a record), so a newer writer can add kinds without breaking us.
// A known kind with the wrong number of fields, a bad number, a line outside
// its context or a missing final newline/`end` (a file cut short) is an error
// that names the line. Sizes are bounded (kMaxLayoutManifestBytes) and every
// number is range-checked, so garbage gets an error, never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hotcog::rt {

struct LayoutBase {
  uint64_t offset = 0;  // bytes
  bool is_virtual = false;
  std::string name;
};

struct LayoutField {
  uint64_t offset_bits = 0;  // from the start of the record
  int bit_width = -1;        // -1 if not a bit-field
  bool indirect = false;     // member of an anonymous struct/union
  std::string name, type;    // name may be empty
};

struct LayoutRecord {
  std::string name;
  uint64_t size = 0, align = 0;
  bool vptr = false;
  std::string hash, file;
  unsigned line = 0;
  std::vector<LayoutBase> bases;
  std::vector<LayoutField> fields;
  std::vector<std::string> vslots;
};

struct LayoutVar {
  std::string symbol;  // Itanium-mangled linker name
  uint64_t size = 0;
  bool trivially_copyable = false;
  std::string name, file;
  unsigned line = 0;
};

bool operator==(const LayoutBase& a, const LayoutBase& b);
bool operator==(const LayoutField& a, const LayoutField& b);
inline bool operator!=(const LayoutBase& a, const LayoutBase& b) { return !(a == b); }
inline bool operator!=(const LayoutField& a, const LayoutField& b) { return !(a == b); }

struct LayoutManifest {
  unsigned version = 0;
  // Sorted by name (parse_layout_manifest sorts them, stably); find() relies
  // on it. A name with two different hashes (an ODR violation across TUs)
  // appears twice, next to each other.
  std::vector<LayoutRecord> records;
  std::vector<LayoutVar> vars;  // sorted by symbol; empty in format 1
  std::vector<std::string> incomplete;  // "<source>: <reason>" per TU not scanned

  // The record called `name`, or nullptr.
  const LayoutRecord* find(std::string_view name) const;
  // Another record called `name` with a different hash than find(name): an
  // ODR conflict inside this image; nullptr if there is none.
  const LayoutRecord* conflicting(std::string_view name) const;
  // The static variable with this linker symbol, or nullptr.
  const LayoutVar* find_var(std::string_view symbol) const;
  // False when some TU of the image could not be scanned: a record missing
  // here may still exist in the image.
  bool complete() const { return incomplete.empty(); }
};

// Types in an anonymous namespace are local to their TU: two TUs (or the host
// and a cog) may each have their own `(anonymous namespace)::Impl`, which are
// different types, never shared and never an ODR conflict. So are classes
// defined inside a function, which the scanner names "(local in f(int))::L".
bool is_tu_local_record(std::string_view name);

// A file bigger than this is refused rather than read (a real host with
// thousands of records is well under a megabyte).
constexpr uint64_t kMaxLayoutManifestBytes = 64ull << 20;

// Parses manifest text. On failure returns false and *err says
// "line N: <what is wrong>"; *out is then unspecified.
bool parse_layout_manifest(std::string_view text, LayoutManifest* out, std::string* err);

// Absent is kept apart from broken (and from stale: a manifest older than its
// image describes an earlier link, so it counts as absent, never as data).
enum class LayoutLoad { Ok, NotFound, Stale, Error };

// "<image>.layouts"
std::string image_layouts_path(const std::string& image_path);

// Reads image_path + ".layouts". NotFound when it does not exist, Stale when
// its mtime (to the nanosecond) is older than the image's, Error when the
// image or the manifest cannot be read or the manifest is malformed. *err is
// set for every result but Ok, in words fit for a message
// ("/b/libgreeter.so.layouts not found", "...: line 7: ...").
LayoutLoad load_image_layouts(const std::string& image_path, LayoutManifest* out,
                              std::string* err);

// The running executable, realpath(/proc/self/exe); "" if it cannot be
// resolved (e.g. the file was deleted or replaced since the host started).
std::string host_image_path();

// host_image_path() + ".layouts", or "" when the executable can't be resolved.
// Load it once when the host starts: a later rebuild of the host rewrites the
// file with layouts of a binary that is not the one running.
std::string host_layouts_path();

// load_image_layouts(host_image_path(), ...), with an Error when the
// executable path cannot be resolved.
LayoutLoad load_host_layouts(LayoutManifest* out, std::string* err);

}  // namespace hotcog::rt
