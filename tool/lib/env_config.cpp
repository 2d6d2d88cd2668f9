#include "lib/env_config.h"

#include <cstdlib>

namespace hotcog::cli {

std::optional<std::string> env_string(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

}  // namespace hotcog::cli
