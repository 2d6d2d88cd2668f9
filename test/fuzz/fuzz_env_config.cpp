// libFuzzer target: HOTCOG_* environment values (tool/lib/env_config.h). The
// first 8 bytes choose the accepted range, the rest is the value.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include <llvm/Support/Error.h>

#include "fuzz_check.h"
#include "lib/env_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  unsigned min = 0, max = 0;
  std::memcpy(&min, data, 4);
  std::memcpy(&max, data + 4, 4);
  std::string value(reinterpret_cast<const char*>(data + 8), size - 8);  // stops at a NUL, like getenv
  auto parsed = hotcog::cli::parse_env_unsigned("HOTCOG_FUZZ_MS", value.c_str(), min, max);
  if (!parsed) {
    std::string message = llvm::toString(parsed.takeError());
    FUZZ_CHECK(message.find("HOTCOG_FUZZ_MS") != std::string::npos, "the error names the variable");
    return 0;
  }
  if (*parsed) FUZZ_CHECK(**parsed >= min && **parsed <= max, "an accepted value is in range");
  else FUZZ_CHECK(value.c_str()[0] == '\0', "only an empty value is unset");
  return 0;
}
