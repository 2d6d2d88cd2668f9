// answer_v1 and answer_v2: "answer" says which version runs; "count" counts
// calls, and the count survives reloads through the state handoff hooks.
#include <string>

#include "test_cogs/registry.hpp"

namespace {

unsigned long calls = 0;

void setup(hotcog::CogContext& ctx) {
  if (!ctx.restored_state().empty()) calls = std::stoul(std::string(ctx.restored_state()));
  test_cogs::registry(ctx).add(ctx, "answer", [] { return "v" + std::to_string(ANSWER_VERSION); });
  test_cogs::registry(ctx).add(ctx, "count", [] { return std::to_string(++calls); });
}

std::string save_state(hotcog::CogContext&) { return std::to_string(calls); }

}  // namespace

HOTCOG_COG(setup, nullptr, save_state);
