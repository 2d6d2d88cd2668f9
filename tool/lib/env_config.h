// HOTCOG_* environment variables: defaults for options not given on the
// command line (a flag always wins). An invalid value is a Config error that
// names the variable, never silently ignored.
//
//   HOTCOG_BUILD_DIR          default for -C
//   HOTCOG_DEBOUNCE_MS        default for watch --debounce-ms
//   HOTCOG_REPLY_TIMEOUT_MS   default for watch --reply-timeout-ms
//   HOTCOG_SEMANTIC_DEPS      watch: 1 (default) decides header edits per
//                             declaration with hotcog-scan; 0 keeps ninja's
//                             file-level view
//   HOTCOG_SCAN_TIMEOUT_MS    watch: how long one decision's rescan may take
//                             (default 30000; past it, every cog ninja ties to
//                             the header is rebuilt)
//   HOTCOG_SCAN               the hotcog-scan program (default: next to hotcog)
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
