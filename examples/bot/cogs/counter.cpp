// !count: a counter that survives reloads through the state handoff hooks.
#include <string>

#include <hotcog/cog.hpp>

#include "bot/commands.hpp"

namespace {

unsigned long count = 0;

void setup(hotcog::CogContext& ctx) {
  if (!ctx.restored_state().empty()) count = std::stoul(std::string(ctx.restored_state()));
  auto* commands = ctx.service<bot::Commands>(bot::Commands::kServiceName);
  commands->add(ctx, "count", [](std::string_view) {
    return "count = " + std::to_string(++count);
  });
}

std::string save_state(hotcog::CogContext&) { return std::to_string(count); }

}  // namespace

HOTCOG_COG(setup, nullptr, save_state);
