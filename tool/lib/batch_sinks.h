// Where `hotcog watch` sends each finished batch's timeline: the trace file
// (--trace, trace_writer.h), if asked for.
#pragma once

#include "lib/batch_timeline.h"
#include "lib/trace_writer.h"

#include <llvm/Support/Error.h>

#include <memory>
#include <string>

namespace hotcog::cli {

class BatchSinks {
 public:
  // `trace_path` empty: no trace. `origin`: the start of watch (ts 0).
  llvm::Error open(const std::string& trace_path, SteadyTime origin);
  void record(const BatchTimeline& batch);
  // Ends the trace file cleanly (its closing "{}]").
  void close();

 private:
  std::unique_ptr<TraceWriter> trace_;
};

}  // namespace hotcog::cli
