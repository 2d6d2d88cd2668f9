#include "lib/trace_writer.h"

#include "lib/json_text.h"
#include "lib/tool_error.h"

#include <llvm/Support/JSON.h>

#include <cerrno>
#include <unistd.h>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

constexpr int64_t kToolTid = 1, kHostTid = 2;

int64_t micros(SteadyTime::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

json::Object thread_name(int64_t pid, int64_t tid, const char* name, json::Object args = {}) {
  args.try_emplace("name", name);
  return json::Object{{"name", "thread_name"}, {"ph", "M"}, {"pid", pid}, {"tid", tid},
                      {"args", std::move(args)}};
}

json::Object slice(const std::string& name, SteadyTime start, SteadyTime end, SteadyTime origin,
                   int64_t pid, int64_t tid, json::Object args) {
  // Both ends rounded the same way, so nested slices stay nested.
  int64_t ts = micros(start - origin);
  return json::Object{{"name", name},
                      {"cat", "hotcog"},
                      {"ph", "X"},
                      {"ts", ts},
                      {"dur", std::max<int64_t>(0, micros(end - origin) - ts)},
                      {"pid", pid},
                      {"tid", tid},
                      {"args", std::move(args)}};
}

}  // namespace

TraceWriter::TraceWriter(std::FILE* file, SteadyTime origin)
    : file_(file), origin_(origin), pid_(::getpid()) {}

TraceWriter::~TraceWriter() { close(); }

llvm::Expected<std::unique_ptr<TraceWriter>> TraceWriter::create(const std::string& path,
                                                                 SteadyTime origin) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (!file)
    return tool_error(ErrorKind::Config, "cannot write the trace file {}: {}", path,
                      errno_text(errno));
  std::unique_ptr<TraceWriter> writer(new TraceWriter(file, origin));
  std::fputs("[\n", file);
  // ts 0 on CLOCK_MONOTONIC (steady_clock's clock on Linux): a reader that
  // timed the save itself (bench/e2e) places the batch on its own clock.
  writer->write_line(json_text(
      thread_name(writer->pid_, kToolTid, "hotcog watch",
                  json::Object{{"monotonic_origin_us", micros(origin.time_since_epoch())}})));
  writer->write_line(json_text(thread_name(writer->pid_, kHostTid, "host (from reload replies)")));
  std::fflush(file);
  return writer;
}

std::vector<std::string> TraceWriter::batch_events(const BatchTimeline& batch, SteadyTime origin,
                                                   int64_t pid) {
  auto args = [&](const std::vector<std::string>& cogs) {
    return json::Object{{"batch", static_cast<int64_t>(batch.number)}, {"cogs", json_strings(cogs)}};
  };
  std::vector<std::string> events;
  json::Object batch_args = args(batch.cogs);
  json::Object results;
  for (const auto& [cog, what] : batch.results) results[cog] = what;
  batch_args["results"] = std::move(results);
  events.push_back(json_text(slice("batch", batch.start, batch.end, origin, pid, kToolTid,
                              std::move(batch_args))));
  for (const PhaseSpan& span : batch.phases) {
    json::Object span_args = args(span.cogs.empty() ? batch.cogs : span.cogs);
    if (!span.pause_us.empty()) {
      json::Object pauses;
      for (const auto& [cog, us] : span.pause_us) pauses[cog] = us;
      span_args["pause_us"] = std::move(pauses);
    }
    if (span.estimated) span_args["estimated"] = true;
    events.push_back(json_text(slice(span.name, span.start, span.end, origin, pid,
                                span.host ? kHostTid : kToolTid, std::move(span_args))));
  }
  return events;
}

void TraceWriter::write_batch(const BatchTimeline& batch) {
  if (!file_) return;
  for (const std::string& event : batch_events(batch, origin_, pid_)) write_line(event);
  std::fflush(file_);
}

void TraceWriter::write_line(const std::string& event) {
  std::fputs(event.c_str(), file_);
  std::fputs(",\n", file_);
}

void TraceWriter::close() {
  if (!file_) return;
  std::fputs("{}]\n", file_);
  std::fclose(file_);
  file_ = nullptr;
}

}  // namespace hotcog::cli
