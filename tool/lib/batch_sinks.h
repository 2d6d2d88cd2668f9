// Where `hotcog watch` sends each finished batch's timeline: the build dir's
// batch history (batch_history.h, for `hotcog stats`) and the trace file
// (--trace, trace_writer.h), if asked for.
#pragma once

#include "lib/batch_history.h"
#include "lib/batch_timeline.h"
#include "lib/trace_writer.h"

#include <llvm/Support/Error.h>

#include <memory>
#include <optional>
#include <string>

namespace hotcog::cli {

class BatchSinks {
 public:
  // `trace_path` empty: no trace. `origin`: the start of watch (ts 0).
  // A trace that cannot be written is an error; a history that cannot be
  // read is returned as a warning (`*warning`) and not kept.
  llvm::Error open(const std::string& build_dir, const std::string& trace_path, SteadyTime origin,
                   std::string* warning);
  // Returns a warning when the history could not be written (once: the
  // history is off afterwards), else "".
  std::string record(const BatchTimeline& batch);
  // Ends the trace file cleanly (its closing "{}]").
  void close();

 private:
  std::unique_ptr<TraceWriter> trace_;
  std::optional<BatchHistory> history_;
};

}  // namespace hotcog::cli
