// A cog whose setup registers something and then fails: by throwing, with a
// crash signal, or by never returning (the watchdog interrupts it).
// Everything it registered must be gone afterwards.
#include <cstdlib>
#include <stdexcept>

#include "test_cogs/registry.hpp"

namespace {

void setup(hotcog::CogContext& ctx) {
  test_cogs::registry(ctx).add(ctx, "answer", [] { return std::string("broken"); });
  test_cogs::registry(ctx).add(ctx, "only_in_broken", [] { return std::string("broken"); });
#if defined(FAILURE_THROW)
  throw std::runtime_error("boom in setup");
#elif defined(FAILURE_SEGV)
  *static_cast<volatile int*>(nullptr) = 1;
#elif defined(FAILURE_ABORT)
  std::abort();
#elif defined(FAILURE_FPE)
  volatile int zero = 0;
  volatile int seven = 7;
  volatile int quotient = seven / zero;
  (void)quotient;
#elif defined(FAILURE_HANG)
  volatile bool forever = true;  // volatile: the loop is not UB, and stays
  while (forever) {
  }
#endif
}

}  // namespace

HOTCOG_COG(setup, nullptr);
