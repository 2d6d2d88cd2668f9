// A static constructor that crashes: it runs inside dlopen, while the loader
// holds its lock. The runtime must catch it before the host ever runs it.
#include <hotcog/cog.hpp>

namespace {

int* volatile nowhere = nullptr;

struct CrashesOnLoad {
  CrashesOnLoad() { *nowhere = 1; }
} crashes_on_load;

void setup(hotcog::CogContext&) {}

}  // namespace

HOTCOG_COG(setup, nullptr);
