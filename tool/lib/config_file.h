// hotcog.toml: the optional configuration file, parsed with toml++.
//
//   # <build>/hotcog.toml or <source>/hotcog.toml (the build dir's wins per key)
//   debounce_ms = 150
//   reply_timeout_ms = 20000
//   ignore = ["*.tmp", "*.bak", "*.swp", "*~", "4913", "*.orig"]
//   log_level = "info"          # error | warning | info | debug
//   hot_patching = false
//   semantic_deps = true
//
// Keys are those of setting_specs() (settings.h); values keep their TOML type
// and are checked when settings are resolved, so a wrong value is reported
// as "<file>:<line>: <key> = ...". A missing file is no layer at all; a file
// that is not TOML, or names an unknown key, is a Config error with its
// line.
#pragma once

#include "lib/settings.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace hotcog::cli {

inline constexpr const char* kConfigFileName = "hotcog.toml";

// The layer of one file; an empty layer if `path` does not exist.
llvm::Expected<SettingLayer> read_config_file(const std::string& path);
// Its pure core: `text` as if read from `path` (for messages).
llvm::Expected<SettingLayer> parse_config_text(llvm::StringRef text, const std::string& path);

// Where hotcog.toml may be, highest precedence first: the build dir, then
// the source dir CMake configured it from (CMAKE_HOME_DIRECTORY in
// <build>/CMakeCache.txt). Whether they exist is not checked.
std::vector<std::string> config_file_candidates(const std::string& build_dir);

// The settings of the build dir: `flags` > the environment (through
// `getenv`) > the config files of config_file_candidates() > defaults.
// THE entry point for commands: they read settings.<name>.value.
llvm::Expected<Settings> load_settings(
    const std::string& build_dir, const SettingLayer& flags,
    const std::function<const char*(const char*)>& getenv = [](const char* name) -> const char* {
      return std::getenv(name);
    });

}  // namespace hotcog::cli
