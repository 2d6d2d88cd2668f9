// The history `hotcog stats` summarises: one line per batch `hotcog watch`
// finished in this build dir, in <build>/hotcog/history.jsonl.
//
// Format (JSON Lines, one object per batch, oldest first):
//   {"v":1,"time":1764246000,"batch":3,"cogs":["greeter"],
//    "phases":{"detect":1200,"debounce":100000,"decide":300,"build":512000,
//              "prepare":2100,"apply":81},
//    "total_us":640000,"results":{"greeter":"patched"}}
// `time` is when the batch ended (Unix seconds); `phases` has the duration
// in microseconds of each phase the batch went through (batch_timeline.h);
// `total_us` spans the save to the reload reply; `results` is what became of
// each cog (BatchTimeline::results).
//
// Bounded: a watch that starts, or whose appends reach kTrimAt lines,
// rewrites the file with its last kKeep lines (a temporary file renamed
// over it), so it never holds more than kTrimAt batches (about 300 bytes
// each). Readers use the last kKeep. Lines are appended with one write(2)
// each; a second watch on the same build dir appends to the same file.
#pragma once

#include "lib/batch_timeline.h"

#include <llvm/Support/Error.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hotcog::cli {

struct HistoryRecord {
  int64_t time = 0;  // Unix seconds
  int64_t batch = 0;
  std::vector<std::string> cogs;
  std::map<std::string, int64_t> phases_us;
  int64_t total_us = 0;
  std::map<std::string, std::string> results;
};

struct History {
  std::vector<HistoryRecord> records;  // oldest first, at most kKeep
  size_t unreadable = 0;               // lines that were not a record (reported, skipped)
};

class BatchHistory {
 public:
  static constexpr size_t kKeep = 1000;
  static constexpr size_t kTrimAt = 2000;

  // <build>/hotcog/history.jsonl
  static std::string path_for(const std::string& build_dir);

  // Trims an existing history to kKeep and notes its length.
  static llvm::Expected<BatchHistory> open(const std::string& build_dir);
  // Appends the batch (ended at Unix time `now`); trims when due.
  llvm::Error append(const BatchTimeline& batch, int64_t now);

  // A missing file is an empty history; an unreadable one is an error.
  static llvm::Expected<History> read(const std::string& build_dir);

  static HistoryRecord to_record(const BatchTimeline& batch, int64_t now);
  static std::string to_line(const HistoryRecord& record);  // without '\n'

 private:
  explicit BatchHistory(std::string path, size_t lines) : path_(std::move(path)), lines_(lines) {}
  llvm::Error trim();

  std::string path_;
  size_t lines_ = 0;  // in the file now
};

}  // namespace hotcog::cli
