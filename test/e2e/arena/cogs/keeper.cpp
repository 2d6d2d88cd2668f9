// keeper: a type private to this cog, carried across full reloads by the
// state handoff hooks.
#include <string>

#include <hotcog/cog.hpp>

#include "arena/world.hpp"

namespace {

struct Tally {
  int reports;
};

Tally tally{0};

std::string report() { return "tally " + std::to_string(++tally.reports); }

void setup(hotcog::CogContext& ctx) {
  if (!ctx.restored_state().empty()) tally.reports = std::stoi(std::string(ctx.restored_state()));
  auto* world = ctx.service<arena::World>(arena::World::kServiceName);
  world->report = &report;
  ctx.on_unload([world] { world->report = nullptr; });
}

std::string save_state(hotcog::CogContext&) { return std::to_string(tally.reports); }

}  // namespace

HOTCOG_COG(setup, nullptr, save_state);
