// Built WITHOUT -fno-gnu-unique: the inline function's static becomes an
// STB_GNU_UNIQUE symbol under GCC, which pins the library forever. The
// runtime must say so when it loads it.
#include <string>

#include "test_cogs/registry.hpp"

__attribute__((visibility("default"))) inline int& shared_counter() {
  static int counter = 0;
  return counter;
}

namespace {

void setup(hotcog::CogContext& ctx) {
  test_cogs::registry(ctx).add(ctx, "answer",
                               [] { return std::to_string(++shared_counter()); });
}

}  // namespace

HOTCOG_COG(setup, nullptr);
