// A small cog, the kind a reload benchmark should measure: registers one
// handler, keeps a counter across reloads through the state hooks.
#include <string>

#include "bench_service.hpp"

namespace {

int calls = 0;

int handle(int x) {
  ++calls;
  return x + BENCH_COG_VERSION;
}

void setup(hotcog::CogContext& ctx) {
  if (!ctx.restored_state().empty()) calls = std::stoi(std::string(ctx.restored_state()));
  ctx.service<bench::Handlers>(bench::Handlers::kServiceName)->set(ctx, handle);
}

std::string save_state(hotcog::CogContext&) { return std::to_string(calls); }

}  // namespace

HOTCOG_COG(setup, nullptr, save_state);
