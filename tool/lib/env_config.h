// HOTCOG_* environment variables: defaults for options not given on the
// command line (a flag always wins). An invalid value is a Config error that
// names the variable, never silently ignored.
//
//   HOTCOG_BUILD_DIR          default for -C
//   HOTCOG_SCAN               the hotcog-scan program (default: next to hotcog)
//
// The variables of the settings (HOTCOG_DEBOUNCE_MS, HOTCOG_IGNORE, ...) are
// one layer of settings.h, with an origin per value.
#pragma once

#include <llvm/Support/Error.h>

#include <optional>
#include <string>

namespace hotcog::cli {

// nullopt when unset or empty; a Config error unless it is an integer in [min, max].
llvm::Expected<std::optional<unsigned>> env_unsigned(const char* name, unsigned min, unsigned max);

// Pure core of env_unsigned, for tests.
llvm::Expected<std::optional<unsigned>> parse_env_unsigned(const char* name, const char* value,
                                                           unsigned min, unsigned max);

// The value of `name`, or nullopt when unset or empty.
std::optional<std::string> env_string(const char* name);

}  // namespace hotcog::cli
