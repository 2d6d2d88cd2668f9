#include "lib/settings.h"

#include "lib/tool_error.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/GlobPattern.h>

namespace hotcog::cli {
namespace {

struct Range {
  unsigned min, max;
};
constexpr Range kDebounce{0, 60000}, kSettle{0, 1000}, kReplyTimeout{1, 600000}, kScanTimeout{100, 3600000};

constexpr std::pair<LogLevel, const char*> kLevels[] = {
    {LogLevel::Error, "error"}, {LogLevel::Warning, "warning"},
    {LogLevel::Info, "info"}, {LogLevel::Debug, "debug"}};

std::string show(const RawValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const int64_t* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const std::string* s = std::get_if<std::string>(&value)) return "'" + *s + "'";
  std::vector<std::string> quoted;
  for (const std::string& s : std::get<std::vector<std::string>>(value))
    quoted.push_back("\"" + s + "\"");
  return fmt::format("[{}]", fmt::join(quoted, ", "));
}

llvm::Error invalid(const char* key, const RawSetting& raw) {
  const SettingSpec* spec = find_setting_spec(key);
  return tool_error(ErrorKind::Config, "{}: {} = {} is invalid: expected {}",
                    raw.origin.describe(), key, show(raw.value), spec ? spec->allowed : "?");
}

llvm::Expected<unsigned> to_unsigned(const char* key, const RawSetting& raw, Range range) {
  uint64_t value = 0;
  if (const int64_t* i = std::get_if<int64_t>(&raw.value)) {
    if (*i < 0) return invalid(key, raw);
    value = static_cast<uint64_t>(*i);
  } else if (const std::string* s = std::get_if<std::string>(&raw.value)) {
    if (llvm::StringRef(*s).trim().getAsInteger(10, value)) return invalid(key, raw);
  } else {
    return invalid(key, raw);
  }
  if (value < range.min || value > range.max) return invalid(key, raw);
  return static_cast<unsigned>(value);
}

llvm::Expected<bool> to_bool(const char* key, const RawSetting& raw) {
  if (const bool* b = std::get_if<bool>(&raw.value)) return *b;
  if (const std::string* s = std::get_if<std::string>(&raw.value)) {
    std::string text = llvm::StringRef(*s).trim().lower();
    for (const char* yes : {"1", "true", "on", "yes"})
      if (text == yes) return true;
    for (const char* no : {"0", "false", "off", "no"})
      if (text == no) return false;
  }
  return invalid(key, raw);
}

llvm::Expected<LogLevel> to_level(const char* key, const RawSetting& raw) {
  if (const std::string* s = std::get_if<std::string>(&raw.value))
    for (const auto& [level, name] : kLevels)
      if (llvm::StringRef(*s).trim().equals_insensitive(name)) return level;
  return invalid(key, raw);
}

// A TOML array, or comma-separated text from the environment or a flag.
llvm::Expected<std::vector<std::string>> to_patterns(const char* key, const RawSetting& raw) {
  std::vector<std::string> patterns;
  if (const auto* list = std::get_if<std::vector<std::string>>(&raw.value)) {
    patterns = *list;
  } else if (const std::string* s = std::get_if<std::string>(&raw.value)) {
    llvm::SmallVector<llvm::StringRef, 8> parts;
    llvm::StringRef(*s).split(parts, ',', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef part : parts) patterns.push_back(part.trim().str());
  } else {
    return invalid(key, raw);
  }
  for (const std::string& pattern : patterns) {
    if (pattern.empty() || pattern.find('/') != std::string::npos) return invalid(key, raw);
    llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(pattern);
    if (!glob) {
      llvm::consumeError(glob.takeError());
      return invalid(key, raw);
    }
  }
  return patterns;
}

// The highest-precedence raw value of `key`, converted; `out` unchanged if
// no layer sets it.
template <typename T, typename Convert>
llvm::Error resolve(Setting<T>& out, const char* key, const std::vector<SettingLayer>& layers,
                    Convert convert) {
  for (const SettingLayer& layer : layers) {
    auto it = layer.find(key);
    if (it == layer.end()) continue;
    llvm::Expected<T> value = convert(key, it->second);
    if (!value) return value.takeError();
    out = {std::move(*value), it->second.origin};
    return llvm::Error::success();
  }
  return llvm::Error::success();
}

auto unsigned_in(Range range) {
  return [range](const char* key, const RawSetting& raw) { return to_unsigned(key, raw, range); };
}

}  // namespace

const char* to_string(LogLevel level) {
  for (const auto& [l, name] : kLevels)
    if (l == level) return name;
  return "info";
}

const std::vector<SettingSpec>& setting_specs() {
  static const std::vector<SettingSpec> specs = {
      {"debounce_ms", "HOTCOG_DEBOUNCE_MS", "debounce-ms", "an integer from 0 to 60000",
       "a burst of saves (several files) builds once quiet this long; 0: every save builds at "
       "once"},
      {"settle_ms", "HOTCOG_SETTLE_MS", "settle-ms", "an integer from 0 to 1000",
       "a save of ONE file builds once quiet this long (at most debounce_ms); a second file "
       "within it makes a burst, which waits debounce_ms"},
      {"reply_timeout_ms", "HOTCOG_REPLY_TIMEOUT_MS", "reply-timeout-ms",
       "an integer from 1 to 600000", "how long to wait for the host's reply to a reload"},
      {"scan_timeout_ms", "HOTCOG_SCAN_TIMEOUT_MS", "scan-timeout-ms",
       "an integer from 100 to 3600000", "how long a header decision's rescan may take"},
      {"ignore", "HOTCOG_IGNORE", "ignore",
       "file-name glob patterns (a TOML array, or comma-separated), without '/'",
       "events of files with these names are never changes"},
      {"log_level", "HOTCOG_LOG_LEVEL", "log-level", "one of error, warning, info, debug",
       "which human lines watch prints (--json events are never filtered)"},
      {"hot_patching", "HOTCOG_HOT_PATCHING", "hot-patching",
       "a boolean (true/false, on/off, 1/0)", "false: every reload is a full reload"},
      {"semantic_deps", "HOTCOG_SEMANTIC_DEPS", "semantic-deps",
       "a boolean (true/false, on/off, 1/0)",
       "false: a header edit rebuilds every cog ninja ties to it (no declaration scan)"},
  };
  return specs;
}

const SettingSpec* find_setting_spec(const std::string& key) {
  for (const SettingSpec& spec : setting_specs())
    if (key == spec.key) return &spec;
  return nullptr;
}

SettingLayer env_layer(const std::function<const char*(const char*)>& getenv) {
  SettingLayer layer;
  for (const SettingSpec& spec : setting_specs()) {
    const char* value = getenv(spec.env);
    if (value && *value)
      layer[spec.key] = {std::string(value), {SettingOrigin::Env, spec.env}};
  }
  return layer;
}

llvm::Expected<Settings> resolve_settings(const std::vector<SettingLayer>& layers) {
  Settings s;
  if (llvm::Error err = resolve(s.debounce_ms, "debounce_ms", layers, unsigned_in(kDebounce)))
    return err;
  if (llvm::Error err = resolve(s.settle_ms, "settle_ms", layers, unsigned_in(kSettle)))
    return err;
  if (llvm::Error err =
          resolve(s.reply_timeout_ms, "reply_timeout_ms", layers, unsigned_in(kReplyTimeout)))
    return err;
  if (llvm::Error err =
          resolve(s.scan_timeout_ms, "scan_timeout_ms", layers, unsigned_in(kScanTimeout)))
    return err;
  if (llvm::Error err = resolve(s.ignore, "ignore", layers, to_patterns)) return err;
  if (llvm::Error err = resolve(s.log_level, "log_level", layers, to_level)) return err;
  if (llvm::Error err = resolve(s.hot_patching, "hot_patching", layers, to_bool))
    return err;
  if (llvm::Error err = resolve(s.semantic_deps, "semantic_deps", layers, to_bool))
    return err;
  return s;
}

std::vector<SettingRow> describe_settings(const Settings& s) {
  auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  auto ms = [](unsigned v) { return std::to_string(v); };
  return {
      {"debounce_ms", ms(s.debounce_ms.value), s.debounce_ms.origin.describe()},
      {"settle_ms", ms(s.settle_ms.value), s.settle_ms.origin.describe()},
      {"reply_timeout_ms", ms(s.reply_timeout_ms.value), s.reply_timeout_ms.origin.describe()},
      {"scan_timeout_ms", ms(s.scan_timeout_ms.value), s.scan_timeout_ms.origin.describe()},
      {"ignore", fmt::format("{}", fmt::join(s.ignore.value, ",")), s.ignore.origin.describe()},
      {"log_level", to_string(s.log_level.value), s.log_level.origin.describe()},
      {"hot_patching", flag(s.hot_patching.value), s.hot_patching.origin.describe()},
      {"semantic_deps", flag(s.semantic_deps.value), s.semantic_deps.origin.describe()},
  };
}

}  // namespace hotcog::cli
