// slow: the cog the host's worker thread calls into; its work() lasts until
// the host releases it. Scenarios edit the marked line.
#include <chrono>
#include <thread>

#include <hotcog/cog.hpp>

#include "arena/work.hpp"

namespace {

int work(bool (*released)()) {
  while (!released()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return 1;  // WORK
}

void setup(hotcog::CogContext& ctx) {
  auto* service = ctx.service<arena::Work>(arena::Work::kServiceName);
  service->call = &work;
  ctx.on_unload([service] { service->call = nullptr; });
}

}  // namespace

HOTCOG_COG(setup);
