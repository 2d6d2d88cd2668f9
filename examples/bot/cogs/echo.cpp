// !echo and !shout: repeat what was said.
#include <cctype>

#include <hotcog/cog.hpp>

#include "bot/commands.hpp"
#include "bot/style.hpp"

namespace {

void setup(hotcog::CogContext& ctx) {
  auto* commands = ctx.service<bot::Commands>(bot::Commands::kServiceName);
  commands->add(ctx, "echo", [](std::string_view args) {
    return bot::style::reply(args);
  });
  commands->add(ctx, "shout", [](std::string_view args) {
    std::string loud(args);
    for (char& c : loud) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return bot::style::reply(loud + "!");
  });
}

}  // namespace

HOTCOG_COG(setup);
