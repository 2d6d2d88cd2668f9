// Calls a function nobody defines: dlopen(RTLD_NOW) must fail, with the name.
#include "test_cogs/registry.hpp"

extern "C" int hotcog_test_function_nobody_defines();

namespace {

void setup(hotcog::CogContext& ctx) {
  test_cogs::registry(ctx).add(ctx, "answer", [] {
    return std::to_string(hotcog_test_function_nobody_defines());
  });
}

}  // namespace

HOTCOG_COG(setup, nullptr);
