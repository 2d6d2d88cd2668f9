#include "lib/config_file.h"

#include "lib/tool_error.h"

#include <fmt/format.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <toml++/toml.h>

namespace hotcog::cli {
namespace {

std::string known_keys() {
  std::vector<std::string> keys;
  for (const SettingSpec& spec : setting_specs()) keys.push_back(spec.key);
  return fmt::format("{}", fmt::join(keys, ", "));
}

std::string at(const std::string& path, const toml::source_region& where) {
  return fmt::format("{}:{}", path, where.begin.line);
}

// One TOML value as a RawValue; an array must hold strings only.
llvm::Expected<RawValue> raw_value(const std::string& path, const std::string& key,
                                   const toml::node& node) {
  if (const auto* b = node.as_boolean()) return RawValue(b->get());
  if (const auto* i = node.as_integer()) return RawValue(i->get());
  if (const auto* s = node.as_string()) return RawValue(s->get());
  if (const auto* array = node.as_array()) {
    std::vector<std::string> items;
    for (const toml::node& item : *array) {
      const auto* s = item.as_string();
      if (!s)
        return tool_error(ErrorKind::Config, "{}: {}: the array may hold strings only",
                          at(path, item.source()), key);
      items.push_back(s->get());
    }
    return RawValue(std::move(items));
  }
  return tool_error(ErrorKind::Config, "{}: {}: expected a boolean, integer, string or array, not a {}",
                    at(path, node.source()), key, node.is_table() ? "table" : "date or time");
}

}  // namespace

llvm::Expected<SettingLayer> read_config_file(const std::string& path) {
  if (!llvm::sys::fs::exists(path)) return SettingLayer{};  // optional: absent is not broken
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFile(path);
  if (!text)
    return tool_error(ErrorKind::Config, "cannot read {}: {}", path, text.getError().message());
  return parse_config_text((*text)->getBuffer(), path);
}

llvm::Expected<SettingLayer> parse_config_text(llvm::StringRef text, const std::string& path) {
  SettingLayer layer;
  toml::table table;
  try {
    table = toml::parse(std::string_view(text.data(), text.size()), path);
  } catch (const toml::parse_error& e) {
    return tool_error(ErrorKind::Config, "{}:{}:{}: not valid TOML: {}", path,
                      e.source().begin.line, e.source().begin.column, e.description());
  }
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (!find_setting_spec(name))
      return tool_error(ErrorKind::Config, "{}: unknown setting '{}' (known: {})",
                        at(path, key.source()), name, known_keys());
    llvm::Expected<RawValue> value = raw_value(path, name, node);
    if (!value) return value.takeError();
    layer[name] = {std::move(*value), {SettingOrigin::File, at(path, key.source())}};
  }
  return layer;
}

llvm::Expected<Settings> load_settings(const std::string& build_dir, const SettingLayer& flags,
                                       const std::function<const char*(const char*)>& getenv) {
  std::vector<SettingLayer> layers = {flags, env_layer(getenv)};
  for (const std::string& file : config_file_candidates(build_dir)) {
    llvm::Expected<SettingLayer> layer = read_config_file(file);
    if (!layer) return layer.takeError();
    layers.push_back(std::move(*layer));
  }
  return resolve_settings(layers);
}

std::vector<std::string> config_file_candidates(const std::string& build_dir) {
  std::vector<std::string> files = {build_dir + "/" + kConfigFileName};
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> cache =
      llvm::MemoryBuffer::getFile(build_dir + "/CMakeCache.txt");
  if (!cache) return files;
  llvm::SmallVector<llvm::StringRef, 0> lines;
  (*cache)->getBuffer().split(lines, '\n');
  for (llvm::StringRef line : lines) {
    if (!line.consume_front("CMAKE_HOME_DIRECTORY:INTERNAL=")) continue;
    std::string source = line.rtrim().str();
    if (!source.empty() && source != build_dir) files.push_back(source + "/" + kConfigFileName);
    break;
  }
  return files;
}

}  // namespace hotcog::cli
