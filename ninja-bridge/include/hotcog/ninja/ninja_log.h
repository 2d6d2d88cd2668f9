// Native reader for ninja's build log (<build>/.ninja_log) and "what ran"
// during one build.
//
// Format (ninja's src/build_log.cc), text, one line per output of each edge
// that ran, appended as edges finish:
//
//   # ninja log v5                      (v6: ninja 1.12, v7: ninja 1.13)
//   <start ms>\t<end ms>\t<mtime>\t<output path>\t<command hash, hex>
//
// start/end are milliseconds since that ninja run started; an edge with
// several outputs writes one line per output with the same times and hash.
// v5, v6 and v7 share this line layout (v6 changed ninja's own compatibility
// rules, v7 the command hash function, which we never recompute), so all
// three are read; older versions stored the command itself and are refused.
//
// A line that does not have these five fields is an error (we never guess),
// except a last line without '\n': ninja was stopped while appending it,
// and ninja itself ignores it too.
//
// What ran: NinjaLogCursor remembers where the log ended before a build;
// after it, the lines past that point are this build's edges. Ninja may
// rewrite the log when it starts ("Recompacting log...": a new file renamed
// over the old one); the cursor keeps the old file open, sees the new inode,
// and then takes the entries that differ from the old file's latest ones.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotcog/ninja/deps_log.h"  // LoadStatus

namespace hotcog::ninja {

struct NinjaLogEntry {
  int start_ms = 0;
  int end_ms = 0;
  int64_t mtime = 0;
  std::string output;
  uint64_t command_hash = 0;
};

struct NinjaLog {
  int version = 0;
  std::vector<NinjaLogEntry> entries;  // file order, duplicates included
};

// Parses log text that starts with the "# ninja log vN" line.
bool parse_ninja_log(const std::string& text, const std::string& origin, NinjaLog* log,
                     std::string* err);
// Parses lines only (the tail of a log after a known offset).
bool parse_ninja_log_lines(const std::string& text, const std::string& origin,
                           std::vector<NinjaLogEntry>* entries, std::string* err);
LoadStatus load_ninja_log(const std::string& path, NinjaLog* log, std::string* err);

enum class EdgeKind { Compile, Link, Other };

// One edge that ran in a build (outputs of one edge grouped together).
struct RanEdge {
  std::vector<std::string> outputs;
  int start_ms = 0;
  int end_ms = 0;
  EdgeKind kind = EdgeKind::Other;
  double seconds() const { return (end_ms - start_ms) / 1000.0; }
};

// From the output names: objects (.o, .obj) are compiles; shared and static
// libraries and executables (.so, .so.N, .a, no extension outside CMakeFiles/)
// are links; everything else (custom commands, generated files) is Other.
EdgeKind classify_output(const std::string& output);

struct RanSummary {
  int compiles = 0, links = 0, others = 0;
  double compile_seconds = 0, link_seconds = 0;
  std::string text() const;  // "2 compiles, 1 link" (only the non-zero parts)
};
RanSummary summarize(const std::vector<RanEdge>& edges);

class NinjaLogCursor {
 public:
  // Remembers where <build_dir>/.ninja_log ends now (absent is fine).
  explicit NinjaLogCursor(const std::string& build_dir);
  ~NinjaLogCursor();
  NinjaLogCursor(const NinjaLogCursor&) = delete;
  NinjaLogCursor& operator=(const NinjaLogCursor&) = delete;

  // The edges that ran since the constructor, in the order they finished.
  bool edges_since(std::vector<RanEdge>* edges, std::string* err) const;

 private:
  std::string path_;
  int fd_ = -1;          // the log as it was, kept open across a rewrite
  long long size_ = 0;   // bytes of it that were there
  unsigned long long inode_ = 0;
};

}  // namespace hotcog::ninja
