// Native reader for ninja's deps log (<build>/.ninja_deps, format version 4,
// ninja 1.10 and later), so mapping a header to its objects does not cost a
// ninja run.
//
// On-disk format (ninja's src/deps_log.h), all integers 32-bit little-endian:
//
//   "# ninjadeps\n"  then  int32 version (4)
//   records, each: uint32 size, high bit set for a deps record; size is the
//   byte count of the payload that follows, at most 512 KiB.
//     path record:  the path, NUL-padded to a multiple of 4, then uint32
//                   checksum = ~(id), id = index of this path record. The
//                   checksum detects two ninjas appending at once.
//     deps record:  int32 output id, uint32 mtime low, uint32 mtime high,
//                   then int32 input ids (payload size = 12 + 4 * inputs).
//   A later deps record for the same output replaces the earlier one, so
//   ninja only ever appends; `ninja -t recompact` drops the dead records.
//
// Absent and broken are kept apart: no file means nothing was built yet
// (NotFound, a normal state), while a bad header, unknown version, truncated
// record, checksum mismatch or id out of range means the file cannot be
// trusted (Error). Ninja itself recovers from a broken log by truncating it
// to the last good record; we do not guess: callers fall back to
// `ninja -t deps`, which applies ninja's own rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hotcog::ninja {

enum class LoadStatus { Ok, NotFound, Error };

struct DepsLog {
  struct Record {
    int output = -1;          // index into paths
    int64_t mtime = 0;        // output mtime when the deps were recorded (ns)
    std::vector<int> inputs;  // indices into paths
  };
  std::vector<std::string> paths;  // as ninja stores them (relative or absolute)
  std::vector<Record> records;     // latest record per output (first-seen order)
};

// Reads `path` (normally <build>/.ninja_deps). On Error, *err says where and why.
LoadStatus load_deps_log(const std::string& path, DepsLog* log, std::string* err);

}  // namespace hotcog::ninja
