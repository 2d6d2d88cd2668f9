// Teardown throws: the runtime logs it, ignores it and finishes the reload.
#include <stdexcept>

#include "test_cogs/registry.hpp"

namespace {

void setup(hotcog::CogContext& ctx) {
  test_cogs::registry(ctx).add(ctx, "answer", [] { return std::string("teardown_throws"); });
}

void teardown(hotcog::CogContext&) { throw std::logic_error("boom in teardown"); }

}  // namespace

HOTCOG_COG(setup, teardown);
