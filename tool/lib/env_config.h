// HOTCOG_* environment variables that are not settings: defaults for options
// not given on the command line (a flag always wins).
//
//   HOTCOG_BUILD_DIR          default for -C
//   HOTCOG_SCAN               the hotcog-scan program (default: next to hotcog)
//
// The variables of the settings (HOTCOG_DEBOUNCE_MS, HOTCOG_IGNORE, ...) are
// one layer of settings.h, with an origin per value.
#pragma once

#include <optional>
#include <string>

namespace hotcog::cli {

// The value of `name`, or nullopt when unset or empty.
std::optional<std::string> env_string(const char* name);

}  // namespace hotcog::cli
