// Failures outside setup: save_state throws (the reload is abandoned before
// anything is torn down), teardown crashes (logged, the reload completes), and
// setup overflows the stack (caught on the alternate signal stack).
#include <stdexcept>
#include <string>

#include "test_cogs/registry.hpp"

namespace {

#if defined(FAILURE_STACK_OVERFLOW)
// 512 bytes per frame and a base case no stack reaches.
int deeper(int depth) {
  volatile char frame[512];
  frame[0] = static_cast<char>(depth);
  if (depth > 1000 * 1000 * 1000) return 0;
  return deeper(depth + 1) + frame[0];  // not a tail call
}
#endif

void setup(hotcog::CogContext& ctx) {
  test_cogs::registry(ctx).add(ctx, "answer", [] { return std::string(HOTCOG_COG_NAME); });
#if defined(FAILURE_STACK_OVERFLOW)
  deeper(0);
#endif
}

#if defined(FAILURE_SAVE_STATE)
std::string save_state(hotcog::CogContext&) { throw std::runtime_error("boom in save_state"); }
#else
constexpr hotcog::CogSaveStateFn save_state = nullptr;
#endif

#if defined(FAILURE_TEARDOWN_CRASH)
int* volatile nowhere = nullptr;
void teardown(hotcog::CogContext&) { *nowhere = 1; }
#else
constexpr hotcog::CogTeardownFn teardown = nullptr;
#endif

}  // namespace

HOTCOG_COG(setup, teardown, save_state);
