// A cog built for another hotcog ABI (version 999). Written out by hand: the
// HOTCOG_COG macro always uses the current ABI. Its static constructor sets an
// environment variable; the runtime must refuse the cog before it runs.
#include <cstdlib>

#include <hotcog/cog.hpp>

namespace {

struct RunsOnLoad {
  RunsOnLoad() { setenv("HOTCOG_TEST_WRONG_ABI_RAN", "1", 1); }
} runs_on_load;

void setup(hotcog::CogContext&) {}

}  // namespace

extern "C" __attribute__((visibility("default"))) const unsigned HOTCOG_ABI_SYMBOL = 999;
extern "C" __attribute__((visibility("default"))) const char HOTCOG_FINGERPRINT_SYMBOL[] =
    HOTCOG_BUILD_FINGERPRINT;
extern "C" __attribute__((visibility("default"))) const hotcog::CogDescriptor*
HOTCOG_ENTRY_POINT() {
  static const hotcog::CogDescriptor descriptor{999, HOTCOG_BUILD_FINGERPRINT, setup, nullptr,
                                                nullptr};
  return &descriptor;
}
