// !hello: the cog the demo edits.
#include <hotcog/cog.hpp>

#include "bot/commands.hpp"
#include "bot/style.hpp"

namespace {

void setup(hotcog::CogContext& ctx) {
  auto* commands = ctx.service<bot::Commands>(bot::Commands::kServiceName);
  commands->add(ctx, "hello", [](std::string_view) {
    return bot::style::reply("Hello, world!");
  });
}

}  // namespace

HOTCOG_COG(setup);
