#include "lib/batch_sinks.h"

namespace hotcog::cli {

llvm::Error BatchSinks::open(const std::string& trace_path, SteadyTime origin) {
  if (trace_path.empty()) return llvm::Error::success();
  llvm::Expected<std::unique_ptr<TraceWriter>> trace = TraceWriter::create(trace_path, origin);
  if (!trace) return trace.takeError();
  trace_ = std::move(*trace);
  return llvm::Error::success();
}

void BatchSinks::record(const BatchTimeline& batch) {
  if (trace_) trace_->write_batch(batch);
}

void BatchSinks::close() {
  if (trace_) trace_->close();
}

}  // namespace hotcog::cli
