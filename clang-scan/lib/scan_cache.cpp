#include "scan_cache.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "content_hash.h"
#include "scan_json.h"

namespace hotcog::scan {
namespace {

constexpr int64_t kFormat = 3;

bool read_inputs(const llvm::json::Array& array, std::vector<InputDigest>* inputs) {
  for (const llvm::json::Value& item : array) {
    const llvm::json::Array* fields = item.getAsArray();
    if (!fields || fields->size() != 4) return false;
    auto path = (*fields)[0].getAsString();
    auto hash = (*fields)[1].getAsString();
    auto size = (*fields)[2].getAsInteger();
    auto mtime = (*fields)[3].getAsInteger();
    if (!path || !hash || !size || !mtime) return false;
    inputs->push_back({path->str(), hash->str(), *size, *mtime});
  }
  return !inputs->empty();
}

bool read_paths(const llvm::json::Array& array, std::vector<std::string>* paths) {
  for (const llvm::json::Value& item : array) {
    auto path = item.getAsString();
    if (!path) return false;
    paths->push_back(path->str());
  }
  return true;
}

}  // namespace

std::string ScanCache::key(const CompileCommand& command, const ScanOptions& options) {
  std::string text = "hotcog-scan-cache " + std::to_string(kFormat);
  text += '\0';
  text += options.parts.includes ? 'i' : '-';
  text += options.parts.layouts ? 'l' : '-';
  text += options.parts.refs ? 'r' : '-';
  const std::string resource_dir =
      options.resource_dir.empty() ? default_resource_dir() : options.resource_dir;
  for (const std::string* s : {&resource_dir, &command.directory, &command.file}) {
    text += '\0';
    text += *s;
  }
  for (const std::string& arg : command.arguments) {
    text += '\0';
    text += arg;
  }
  return hash_hex(text);
}

std::string ScanCache::path_for(const std::string& key) const {
  llvm::SmallString<256> path(dir_);
  llvm::sys::path::append(path, key + ".json");
  return std::string(path);
}

std::string ScanCache::current_hash(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = current_hashes_.find(path);
    if (it != current_hashes_.end()) return it->second;
  }
  std::string hash = hash_file(path).value_or("");
  std::lock_guard<std::mutex> lock(mutex_);
  current_hashes_[path] = hash;
  return hash;
}

bool ScanCache::unchanged(const InputDigest& input) {
  if (input.mtime_ns >= 0) {
    std::pair<int64_t, int64_t> stat{-1, -1};
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = current_stats_.find(input.path);
      if (it != current_stats_.end()) stat = it->second;
    }
    if (stat.first < 0) {
      llvm::sys::fs::file_status status;
      if (!llvm::sys::fs::status(input.path, status)) {
        stat = {static_cast<int64_t>(status.getSize()),
                std::chrono::duration_cast<std::chrono::nanoseconds>(
                    status.getLastModificationTime().time_since_epoch())
                    .count()};
        std::lock_guard<std::mutex> lock(mutex_);
        current_stats_[input.path] = stat;
      }
    }
    if (stat.first == input.size && stat.second == input.mtime_ns)
      return true;  // same size and mtime as when it was known unchanged
  }
  return current_hash(input.path) == input.hash;
}

bool ScanCache::still_absent(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = current_absent_.find(path);
    if (it != current_absent_.end()) return it->second;
  }
  bool absent = !llvm::sys::fs::exists(path);
  std::lock_guard<std::mutex> lock(mutex_);
  current_absent_[path] = absent;
  return absent;
}

std::optional<TuScan> ScanCache::lookup(const std::string& key) {
  std::string path = path_for(key);
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) return std::nullopt;  // absent: a plain miss

  auto discard = [&]() -> std::optional<TuScan> {
    llvm::sys::fs::remove(path);
    return std::nullopt;
  };
  llvm::Expected<llvm::json::Value> entry = llvm::json::parse((*buffer)->getBuffer());
  if (!entry) {
    llvm::consumeError(entry.takeError());
    return discard();
  }
  const llvm::json::Object* object = entry->getAsObject();
  if (!object || object->getInteger("format") != kFormat || object->getString("key") != llvm::StringRef(key))
    return discard();
  const llvm::json::Array* input_array = object->getArray("inputs");
  const llvm::json::Array* absent_array = object->getArray("absent");
  const llvm::json::Value* result = object->get("result");
  std::vector<InputDigest> inputs;
  std::vector<std::string> absent;
  TuScan scan;
  llvm::json::Path::Root root;
  if (!input_array || !absent_array || !result || !read_inputs(*input_array, &inputs) ||
      !read_paths(*absent_array, &absent) || !fromJSON(*result, scan, root) ||
      !scan.error.empty())
    return discard();

  // Stale, not corrupt: an input changed, or a header now exists where
  // header search would find it first.
  for (const InputDigest& input : inputs)
    if (!unchanged(input)) return std::nullopt;
  for (const std::string& path : absent)
    if (!still_absent(path)) return std::nullopt;
  scan.from_cache = true;
  return scan;
}

void ScanCache::store(const std::string& key, const TuRun& run, const ScanParts& parts) {
  if (!run.scan.error.empty()) return;
  if (llvm::sys::fs::create_directories(dir_)) return;
  llvm::json::Array inputs;
  for (const InputDigest& input : run.inputs)
    inputs.push_back(llvm::json::Array{input.path, input.hash, input.size, input.mtime_ns});
  llvm::json::Value entry = llvm::json::Object{{"format", kFormat},
                                               {"key", key},
                                               {"inputs", std::move(inputs)},
                                               {"absent", llvm::json::Array(run.absent)},
                                               {"result", tu_to_json(run.scan, parts)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os.SetBufferSize(64 * 1024);  // unbuffered, every token would be a call into the string
  os << entry;
  os.flush();
  std::string final_path = path_for(key);
  if (llvm::Error error = llvm::writeFileAtomically(final_path + ".tmp%%%%%%", final_path, text))
    llvm::consumeError(std::move(error));
}

}  // namespace hotcog::scan
