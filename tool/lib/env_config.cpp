#include "lib/env_config.h"

#include "lib/tool_error.h"

#include <llvm/ADT/StringRef.h>

#include <cstdlib>

namespace hotcog::cli {

llvm::Expected<std::optional<unsigned>> parse_env_unsigned(const char* name, const char* value,
                                                           unsigned min, unsigned max) {
  if (!value || !*value) return std::nullopt;
  unsigned parsed = 0;
  if (llvm::StringRef(value).trim().getAsInteger(10, parsed) || parsed < min || parsed > max)
    return tool_error(ErrorKind::Config, "{}='{}' is invalid: expected an integer from {} to {}",
                      name, value, min, max);
  return parsed;
}

llvm::Expected<std::optional<unsigned>> env_unsigned(const char* name, unsigned min,
                                                     unsigned max) {
  return parse_env_unsigned(name, std::getenv(name), min, max);
}

std::optional<std::string> env_string(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

}  // namespace hotcog::cli
