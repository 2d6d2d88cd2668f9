#include "scan_cache.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "content_hash.h"
#include "scan_json.h"

namespace hotcog::scan {
namespace {

constexpr int64_t kFormat = 11;  // 5: layouts carry static variables; 6: TUs carry "used"; 7: GCC default -std; 8: line-sensitive decl hashes; 9: function-local classes named after their function; 10: TUs carry "shape" and "context_free"; 11: shapes without -D/-U, command-line macros not context-free

// Every path of an entry is stored once, in "paths"; inputs, includes and
// edges refer to it by index. A TU's includes and edges repeat a few hundred
// long paths thousands of times, and parsing the entry is most of a warm
// rescan.
class PathTable {
 public:
  int64_t index(const std::string& path) {
    auto [it, inserted] = index_.try_emplace(path, static_cast<int64_t>(paths_.size()));
    if (inserted) paths_.push_back(path);
    return it->second;
  }
  llvm::json::Array take() { return llvm::json::Array(std::move(paths_)); }

 private:
  llvm::StringMap<int64_t> index_;
  std::vector<std::string> paths_;
};

// The path at index `value` of `paths`; nullptr if it is not one.
const std::string* path_at(const llvm::json::Value& value, const std::vector<std::string>& paths) {
  auto index = value.getAsInteger();
  if (!index || *index < 0 || static_cast<uint64_t>(*index) >= paths.size()) return nullptr;
  return &paths[*index];
}

bool read_inputs(const llvm::json::Array& array, const std::vector<std::string>& paths,
                 std::vector<InputDigest>* inputs) {
  for (const llvm::json::Value& item : array) {
    const llvm::json::Array* fields = item.getAsArray();
    if (!fields || fields->size() != 4) return false;
    const std::string* path = path_at((*fields)[0], paths);
    auto hash = (*fields)[1].getAsString();
    auto size = (*fields)[2].getAsInteger();
    auto mtime = (*fields)[3].getAsInteger();
    if (!path || !hash || !size || !mtime) return false;
    inputs->push_back({*path, hash->str(), *size, *mtime});
  }
  return !inputs->empty();
}

// "absent": [directory index, file name, ...].
bool read_absent(const llvm::json::Array& array, const std::vector<std::string>& paths,
                 std::vector<std::string>* absent) {
  if (array.size() % 2 != 0) return false;
  for (size_t i = 0; i < array.size(); i += 2) {
    const std::string* dir = path_at(array[i], paths);
    auto name = array[i + 1].getAsString();
    if (!dir || !name || name->empty()) return false;
    llvm::SmallString<256> path(*dir);
    llvm::sys::path::append(path, *name);
    absent->push_back(std::string(path));
  }
  return true;
}

// "includes": [index...], "edges": [from, to, line, from, to, line, ...].
bool read_include_graph(const llvm::json::Array& includes, const llvm::json::Array& edges,
                        const std::vector<std::string>& paths, TuScan* scan) {
  for (const llvm::json::Value& item : includes) {
    const std::string* path = path_at(item, paths);
    if (!path) return false;
    scan->includes.push_back(*path);
  }
  if (edges.size() % 3 != 0) return false;
  for (size_t i = 0; i < edges.size(); i += 3) {
    const std::string* from = path_at(edges[i], paths);
    const std::string* to = path_at(edges[i + 1], paths);
    auto line = edges[i + 2].getAsInteger();
    if (!from || !to || !line || *line < 0) return false;
    scan->edges.push_back({*from, *to, static_cast<unsigned>(*line)});
  }
  return true;
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
  text += static_cast<char>('0' + static_cast<int>(options.symbols));
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
  const llvm::json::Array* path_array = object->getArray("paths");
  const llvm::json::Array* input_array = object->getArray("inputs");
  const llvm::json::Array* absent_array = object->getArray("absent");
  const llvm::json::Array* include_array = object->getArray("includes");
  const llvm::json::Array* edge_array = object->getArray("edges");
  const llvm::json::Value* result = object->get("result");
  std::vector<std::string> paths;
  std::vector<InputDigest> inputs;
  std::vector<std::string> absent;
  TuScan scan;
  llvm::json::Path::Root root;
  if (!path_array || !input_array || !absent_array || !include_array || !edge_array ||
      !result || !read_paths(*path_array, &paths) || !read_inputs(*input_array, paths, &inputs) ||
      !read_absent(*absent_array, paths, &absent) || !fromJSON(*result, scan, root) ||
      !scan.error.empty() || !scan.includes.empty() || !scan.edges.empty() ||
      !read_include_graph(*include_array, *edge_array, paths, &scan))
    return discard();

  // Stale, not corrupt: an input changed, or a header now exists where
  // header search would find it first.
  for (const InputDigest& input : inputs)
    if (!unchanged(input)) return std::nullopt;
  for (const std::string& path : absent)
    if (existence_.exists(path)) return std::nullopt;
  scan.shadows = std::move(absent);
  scan.from_cache = true;
  return scan;
}

void ScanCache::store(const std::string& key, const TuRun& run, const ScanParts& parts) {
  if (!run.scan.error.empty()) return;
  if (llvm::sys::fs::create_directories(dir_)) return;
  PathTable paths;
  llvm::json::Array inputs, includes, edges;
  for (const InputDigest& input : run.inputs)
    inputs.push_back(
        llvm::json::Array{paths.index(input.path), input.hash, input.size, input.mtime_ns});
  for (const std::string& path : run.scan.includes) includes.push_back(paths.index(path));
  for (const IncludeEdge& edge : run.scan.edges) {
    edges.push_back(paths.index(edge.from));
    edges.push_back(paths.index(edge.to));
    edges.push_back(int64_t(edge.line));
  }
  llvm::json::Array absent;  // [directory index, file name, ...]: few directories, many names
  for (const std::string& path : run.absent) {
    absent.push_back(paths.index(llvm::sys::path::parent_path(path).str()));
    absent.push_back(llvm::sys::path::filename(path));
  }
  ScanParts without_includes = parts;  // they are stored above, by index
  without_includes.includes = false;
  llvm::json::Value entry = llvm::json::Object{{"format", kFormat},
                                               {"key", key},
                                               {"inputs", std::move(inputs)},
                                               {"absent", std::move(absent)},
                                               {"includes", std::move(includes)},
                                               {"edges", std::move(edges)},
                                               {"result", tu_to_json(run.scan, without_includes)},
                                               {"paths", paths.take()}};
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
