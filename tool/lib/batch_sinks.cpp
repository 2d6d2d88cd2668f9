#include "lib/batch_sinks.h"

#include <ctime>

namespace hotcog::cli {

llvm::Error BatchSinks::open(const std::string& build_dir, const std::string& trace_path,
                             SteadyTime origin, std::string* warning) {
  if (!trace_path.empty()) {
    llvm::Expected<std::unique_ptr<TraceWriter>> trace = TraceWriter::create(trace_path, origin);
    if (!trace) return trace.takeError();
    trace_ = std::move(*trace);
  }
  llvm::Expected<BatchHistory> history = BatchHistory::open(build_dir);
  if (history)
    history_ = std::move(*history);
  else
    *warning = llvm::toString(history.takeError()) + "; hotcog stats will not see this session";
  return llvm::Error::success();
}

std::string BatchSinks::record(const BatchTimeline& batch) {
  if (trace_) trace_->write_batch(batch);
  if (!history_) return "";
  if (llvm::Error err = history_->append(batch, static_cast<int64_t>(std::time(nullptr)))) {
    history_.reset();
    return llvm::toString(std::move(err)) + "; hotcog stats will not see the batches after this one";
  }
  return "";
}

void BatchSinks::close() {
  if (trace_) trace_->close();
}

}  // namespace hotcog::cli
