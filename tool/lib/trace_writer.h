// `hotcog watch --trace FILE`: the batches' timelines as Chrome trace-event
// JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing open.
//
// The format (an interface: bench/ parses it):
//   JSON Array Format. The file starts with "[", then one event object per
//   line, each followed by ","; a batch's events are written and flushed
//   when the batch ends, so a trace of a running watch can be read (a
//   reader closes the array itself). On a clean exit (SIGINT/SIGTERM) a last
//   line "{}]" makes the file valid JSON.
//   First two metadata events ("ph":"M", "name":"thread_name") name the
//   threads: tid 1 "hotcog watch", tid 2 "host (from reload replies)"; the
//   first's args also carry "monotonic_origin_us", ts 0 on CLOCK_MONOTONIC.
//   Then per batch, complete events ("ph":"X") with "ts" and "dur" in
//   microseconds (steady clock; ts relative to the start of watch),
//   "pid" (of hotcog watch), "tid", "cat":"hotcog" and these names:
//     batch                          tid 1, from the save to the reload reply
//     detect debounce decide scan build   tid 1 (see batch_timeline.h)
//     prepare apply                  tid 2, the host's work
//   "args": {"batch": n, "cogs": [..]} always; "batch" also has "results"
//   ({cog: action}); "apply" has "pause_us" ({cog: us}); host slices placed
//   from durations only (an older host) have "estimated": true.
#pragma once

#include "lib/batch_timeline.h"

#include <llvm/Support/Error.h>

#include <cstdio>
#include <memory>
#include <string>

namespace hotcog::cli {

class TraceWriter {
 public:
  // Creates (truncates) `path` and writes the header; `origin` is ts 0.
  static llvm::Expected<std::unique_ptr<TraceWriter>> create(const std::string& path,
                                                             SteadyTime origin);
  ~TraceWriter();  // close()s
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Appends the batch's events and flushes them.
  void write_batch(const BatchTimeline& batch);
  // Writes the closing "{}]"; later calls do nothing.
  void close();

  // One batch's events, one JSON object per string, in file order (for
  // tests and write_batch). No llvm::json in this header: it does not
  // compile as C++20 with clang 14 (see tool/CMakeLists.txt).
  static std::vector<std::string> batch_events(const BatchTimeline& batch, SteadyTime origin,
                                               int64_t pid);

 private:
  TraceWriter(std::FILE* file, SteadyTime origin);
  void write_line(const std::string& event);

  std::FILE* file_;
  SteadyTime origin_;
  int64_t pid_;
};

}  // namespace hotcog::cli
