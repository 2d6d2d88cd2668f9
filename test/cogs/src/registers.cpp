// Registers several things and has no teardown: the runtime's per-version
// undo list alone must remove all of them.
#include "test_cogs/registry.hpp"

namespace {

void setup(hotcog::CogContext& ctx) {
  for (const char* name : {"first", "second", "third"})
    test_cogs::registry(ctx).add(ctx, name, [name] { return std::string(name); });
}

}  // namespace

HOTCOG_COG(setup, nullptr);
