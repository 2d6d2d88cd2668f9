// The tool's settings: each has a value and the ORIGIN it came from, so
// `hotcog doctor` can say where a value was set and an invalid value can be
// reported where the user wrote it.
//
// Precedence, highest first: command-line flag > HOTCOG_* environment
// variable > hotcog.toml in the build dir > hotcog.toml in the source dir
// (config_file.h) > default. One table (setting_specs()) names every
// setting's TOML key, variable, flag and allowed values; docs: README.md
// ("Configuration").
//
// An invalid value is a Config error (exit 2):
//   "<origin>: <key> = <value> is invalid: expected <allowed>"
// where <origin> is "/src/hotcog.toml:3", "HOTCOG_DEBOUNCE_MS" or
// "--debounce-ms".
#pragma once

#include <llvm/Support/Error.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace hotcog::cli {

struct SettingOrigin {
  enum Kind { Default, File, Env, Flag };
  Kind kind = Default;
  std::string where;  // "path:line", "HOTCOG_X", "--x"; empty for Default

  std::string describe() const { return kind == Default ? "default" : where; }
};

template <typename T>
struct Setting {
  T value;
  SettingOrigin origin;
};

enum class LogLevel { Error, Warning, Info, Debug };
const char* to_string(LogLevel level);

struct Settings {
  Setting<unsigned> debounce_ms{100, {}};
  // A lone saved file's batch leaves after this much quiet instead of
  // debounce_ms; a second file within it waits debounce_ms (debouncer.h).
  Setting<unsigned> settle_ms{20, {}};
  Setting<unsigned> reply_timeout_ms{10000, {}};
  Setting<unsigned> scan_timeout_ms{30000, {}};
  // Glob patterns (llvm::GlobPattern) on a file's name: events of matching
  // files are never changes. Editor files that are never sources (emacs
  // locks, JetBrains temps, ...) are ignored whatever this says.
  Setting<std::vector<std::string>> ignore{{"*.tmp", "*.bak", "*.swp", "*~", "4913"}, {}};
  // How much watch tells: WatchOptions::log_level carries it to the
  // reporter, which does not filter by it yet.
  Setting<LogLevel> log_level{LogLevel::Info, {}};
  // false: every reload is a full reload (the request says --no-patch,
  // docs/control-protocol.md).
  Setting<bool> hot_patching{true, {}};
  // false: header edits keep ninja's file-level view (no hotcog-scan).
  Setting<bool> semantic_deps{true, {}};
};

// A value as written, before it is checked: TOML gives typed values, the
// environment and flags give text.
using RawValue = std::variant<bool, int64_t, std::string, std::vector<std::string>>;
struct RawSetting {
  RawValue value;
  SettingOrigin origin;
};
// Raw values of one source (a file, the environment, the flags), by TOML key.
using SettingLayer = std::map<std::string, RawSetting>;

struct SettingSpec {
  const char* key;      // TOML key and the name in messages
  const char* env;      // HOTCOG_* variable
  const char* flag;     // command-line flag without "--"
  const char* allowed;  // "an integer from 0 to 60000", for messages and --help
  const char* what;     // what it does, one sentence for --help
};
const std::vector<SettingSpec>& setting_specs();
const SettingSpec* find_setting_spec(const std::string& key);

// The environment's layer, read through `getenv` (tests pass a fake).
SettingLayer env_layer(const std::function<const char*(const char*)>& getenv);

// Resolves every setting from `layers`, highest precedence first.
llvm::Expected<Settings> resolve_settings(const std::vector<SettingLayer>& layers);

// Every setting as "key", "value as text", "origin", in setting_specs() order.
struct SettingRow {
  std::string key, value, origin;
};
std::vector<SettingRow> describe_settings(const Settings& settings);

}  // namespace hotcog::cli
