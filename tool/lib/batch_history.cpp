#include "lib/batch_history.h"

#include "lib/tool_error.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileUtilities.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

constexpr int64_t kFormatVersion = 1;

// The file's lines (without '\n', empty ones dropped); a missing file has none.
llvm::Expected<std::vector<std::string>> read_lines(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    if (buffer.getError() == std::errc::no_such_file_or_directory) return std::vector<std::string>{};
    return tool_error(ErrorKind::Io, "cannot read the batch history {}: {}", path,
                      buffer.getError().message());
  }
  llvm::SmallVector<llvm::StringRef, 0> parts;
  (*buffer)->getBuffer().split(parts, '\n', -1, /*KeepEmpty=*/false);
  return std::vector<std::string>(parts.begin(), parts.end());
}

bool from_json(const json::Value& value, HistoryRecord& out) {
  const json::Object* o = value.getAsObject();
  if (!o || o->getInteger("v") != kFormatVersion) return false;
  out.time = o->getInteger("time").getValueOr(0);
  out.batch = o->getInteger("batch").getValueOr(0);
  llvm::Optional<int64_t> total = o->getInteger("total_us");
  const json::Object* phases = o->getObject("phases");
  if (!total || !phases) return false;
  out.total_us = *total;
  for (const auto& [name, us] : *phases)
    if (llvm::Optional<int64_t> v = us.getAsInteger()) out.phases_us[name.str()] = *v;
  if (const json::Array* cogs = o->getArray("cogs"))
    for (const json::Value& cog : *cogs)
      if (auto name = cog.getAsString()) out.cogs.push_back(name->str());
  if (const json::Object* results = o->getObject("results"))
    for (const auto& [cog, what] : *results)
      if (auto text = what.getAsString()) out.results[cog.str()] = text->str();
  return true;
}

}  // namespace

std::string BatchHistory::path_for(const std::string& build_dir) {
  return build_dir + "/hotcog/history.jsonl";
}

HistoryRecord BatchHistory::to_record(const BatchTimeline& batch, int64_t now) {
  HistoryRecord record;
  record.time = now;
  record.batch = batch.number;
  record.cogs = batch.cogs;
  record.phases_us = batch.phase_durations_us();
  record.total_us = batch.total_us();
  record.results = batch.results;
  return record;
}

std::string BatchHistory::to_line(const HistoryRecord& record) {
  json::Array cogs;
  for (const std::string& cog : record.cogs) cogs.push_back(cog);
  json::Object phases, results;
  for (const auto& [name, us] : record.phases_us) phases[name] = us;
  for (const auto& [cog, what] : record.results) results[cog] = what;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << json::Value(json::Object{{"v", kFormatVersion},
                                 {"time", record.time},
                                 {"batch", record.batch},
                                 {"cogs", std::move(cogs)},
                                 {"phases", std::move(phases)},
                                 {"total_us", record.total_us},
                                 {"results", std::move(results)}});
  return os.str();
}

llvm::Expected<BatchHistory> BatchHistory::open(const std::string& build_dir) {
  BatchHistory history(path_for(build_dir), 0);
  llvm::Expected<std::vector<std::string>> lines = read_lines(history.path_);
  if (!lines) return lines.takeError();
  history.lines_ = lines->size();
  if (history.lines_ > kKeep)
    if (llvm::Error err = history.trim()) return llvm::Expected<BatchHistory>(std::move(err));
  return history;
}

llvm::Error BatchHistory::trim() {
  llvm::Expected<std::vector<std::string>> lines = read_lines(path_);
  if (!lines) return lines.takeError();
  size_t from = lines->size() > kKeep ? lines->size() - kKeep : 0;
  std::string text;
  for (size_t i = from; i < lines->size(); ++i) text += (*lines)[i] + "\n";
  if (llvm::Error err = llvm::writeFileAtomically(path_ + ".tmp%%%%%%", path_, text))
    return tool_error(ErrorKind::Io, "cannot trim the batch history {}: {}", path_,
                      llvm::toString(std::move(err)));
  lines_ = lines->size() - from;
  return llvm::Error::success();
}

llvm::Error BatchHistory::append(const BatchTimeline& batch, int64_t now) {
  std::string line = to_line(to_record(batch, now)) + "\n";
  // O_APPEND and one write: lines of two watches never interleave.
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return tool_error(ErrorKind::Io, "cannot append to the batch history {}: {}", path_,
                      errno_text(errno));
  ssize_t written = ::write(fd, line.data(), line.size());
  int write_errno = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size()))
    return tool_error(ErrorKind::Io, "cannot append to the batch history {}: {}", path_,
                      written < 0 ? errno_text(write_errno) : std::string("short write"));
  if (++lines_ >= kTrimAt) return trim();
  return llvm::Error::success();
}

llvm::Expected<History> BatchHistory::read(const std::string& build_dir) {
  std::string path = path_for(build_dir);
  llvm::Expected<std::vector<std::string>> lines = read_lines(path);
  if (!lines) return lines.takeError();
  History history;
  size_t from = lines->size() > kKeep ? lines->size() - kKeep : 0;
  for (size_t i = from; i < lines->size(); ++i) {
    llvm::Expected<json::Value> value = json::parse((*lines)[i]);
    HistoryRecord record;
    if (value && from_json(*value, record)) {
      history.records.push_back(std::move(record));
      continue;
    }
    if (!value) llvm::consumeError(value.takeError());
    ++history.unreadable;  // a line cut by a crash, a future format: skipped
  }
  return history;
}

}  // namespace hotcog::cli
