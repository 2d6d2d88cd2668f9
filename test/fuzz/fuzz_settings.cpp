// libFuzzer target: the settings' layers (tool/lib/settings.h) from hostile
// input. The first byte chooses the source: even, a HOTCOG_* value for the
// setting it indexes; odd, a whole hotcog.toml (config_file.h). Whatever
// comes in, the result is a resolved value in its range or a Config error
// that names where the value came from.
#include <cstddef>
#include <cstdint>
#include <string>

#include <llvm/Support/Error.h>

#include "fuzz_check.h"
#include "lib/config_file.h"
#include "lib/settings.h"

using namespace hotcog::cli;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::vector<SettingSpec>& specs = setting_specs();
  SettingLayer layer;
  std::string origin;
  if (data[0] % 2 == 0) {
    const SettingSpec& spec = specs[(data[0] / 2) % specs.size()];
    layer[spec.key] = {text.c_str(), {SettingOrigin::Env, spec.env}};  // getenv stops at a NUL
    origin = spec.env;
  } else {
    llvm::Expected<SettingLayer> file = parse_config_text(text, "fuzz.toml");
    if (!file) {
      std::string message = llvm::toString(file.takeError());
      FUZZ_CHECK(message.rfind("fuzz.toml:", 0) == 0, "a file error starts with file:line");
      return 0;
    }
    layer = std::move(*file);
    origin = "fuzz.toml:";
  }
  llvm::Expected<Settings> settings = resolve_settings({layer});
  if (!settings) {
    std::string message = llvm::toString(settings.takeError());
    FUZZ_CHECK(message.rfind(origin, 0) == 0, "the error starts with the value's origin");
    FUZZ_CHECK(message.find(" is invalid: expected ") != std::string::npos,
               "the error says what is allowed");
    return 0;
  }
  FUZZ_CHECK(settings->debounce_ms.value <= 60000, "debounce_ms in range");
  FUZZ_CHECK(settings->reply_timeout_ms.value >= 1 && settings->reply_timeout_ms.value <= 600000,
             "reply_timeout_ms in range");
  FUZZ_CHECK(settings->scan_timeout_ms.value >= 100, "scan_timeout_ms in range");
  for (const std::string& pattern : settings->ignore.value)
    FUZZ_CHECK(!pattern.empty() && pattern.find('/') == std::string::npos, "a pattern is a name");
  return 0;
}
