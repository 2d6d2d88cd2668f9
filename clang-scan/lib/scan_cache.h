// The persistent scan cache: one file per TU in the cache dir (by default
// <build>/hotcog/scan-cache/), named by a key over everything that decides the
// result without being a file: scanner format, parts asked for, resource dir,
// directory, file and the full command line.
//
// Entry format (JSON, written atomically: temp file + rename):
//   {"format":4,"key":"<key>",
//    "paths":["<path>",...],
//    "inputs":[[<path index>,"<xxh64 of content>",<size>,<mtime ns>],...],
//    "absent":[<directory path index>,"<file name>",...],
//    "includes":[<path index>,...], "edges":[<from>,<to>,<line>, ...],
//    "result":{<the TU as in --format=json, without includes and edges>}}
// Paths are stored once and referred to by index: a TU's includes and edges
// repeat a few hundred paths thousands of times, and parsing entries is most
// of a warm rescan.
// "inputs" are the TU's own file and every file it opened, with the hash of
// the content clang read ("" for a file that could not be read). "absent" are
// the paths header search tried before the file it found (and for
// __has_include misses) that did not exist: a header created there later
// would shadow the one the TU includes now. An entry is used only while every
// input still has its hash and every absent path is still absent. Fast path:
// an input whose size and mtime are unchanged is not re-read; size/mtime are
// only recorded (else -1) for files whose mtime was older than the scan start
// by a margin, so a file edited while clang read it is always checked by
// content. Anything unexpected — not JSON, other format or key, a missing
// field — makes the entry a miss; it is deleted and the TU rescanned, so
// corruption costs time, never correctness.
#pragma once

#include "scan_action.h"
#include "scan_paths.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace hotcog::scan {

class ScanCache {
 public:
  explicit ScanCache(std::string dir) : dir_(std::move(dir)) {}

  static std::string key(const CompileCommand& command, const ScanOptions& options);

  // The cached result if every input is unchanged; thread-safe.
  std::optional<TuScan> lookup(const std::string& key);
  // Stores a successful run; errors (read-only dir...) only cost the cache.
  void store(const std::string& key, const TuRun& run, const ScanParts& parts);

 private:
  std::string path_for(const std::string& key) const;
  bool unchanged(const InputDigest& input);
  // Hash of a file's current content, memoized for this process: TUs share
  // most headers, so a rescan of N TUs reads each header once.
  std::string current_hash(const std::string& path);

  std::string dir_;
  std::mutex mutex_;
  std::map<std::string, std::string> current_hashes_;
  std::map<std::string, std::pair<int64_t, int64_t>> current_stats_;  // size, mtime ns
  ExistenceMemo existence_;  // of the entries' absent paths, asked once per process
};

}  // namespace hotcog::scan
