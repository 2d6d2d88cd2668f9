// mover: updates the host's players, makes the Ticker the host keeps, and
// hands the host two function pointers. Scenarios edit the marked lines.
#include <memory>

#include <hotcog/cog.hpp>

#include "arena/world.hpp"

namespace {

int calls = 0;  // a file-scope static: a patch must keep its value

struct Clock final : arena::Ticker {
  int ticks = 0;
  int tick() override { return ++ticks * 1; }  // TICK
};

int score(const arena::Player& p) { return p.hp + p.level; }  // SCORE

int step(arena::World& world) {
  for (arena::Player& p : world.players) {
    p.hp += 1;
    p.level = 1;  // LEVEL
  }
  return ++calls;
}

void setup(hotcog::CogContext& ctx) {
  auto* world = ctx.service<arena::World>(arena::World::kServiceName);
  if (!world->ticker) world->ticker = std::make_unique<Clock>();
  world->score = &score;
  world->step = &step;
  ctx.on_unload([world] {
    world->score = nullptr;
    world->step = nullptr;
  });
}

}  // namespace

HOTCOG_COG(setup);
