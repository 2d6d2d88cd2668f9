// alpha: shares arena::Pair with the other of alpha/beta (not with the host).
#include <string>

#include <hotcog/cog.hpp>

#include "arena/pair.hpp"
#include "arena/world.hpp"

namespace {

arena::Pair pair{1, 2};

std::string describe() { return "alpha:" + std::to_string(sizeof(arena::Pair)); }

void setup(hotcog::CogContext& ctx) {
  auto* world = ctx.service<arena::World>(arena::World::kServiceName);
  world->alpha = &describe;
  (void)pair;
  ctx.on_unload([world] { world->alpha = nullptr; });
}

}  // namespace

HOTCOG_COG(setup);
