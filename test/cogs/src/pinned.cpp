// A thread_local with a non-trivial destructor, touched during setup on the
// host thread: glibc keeps such a library mapped until the thread exits, so
// dlclose cannot unmap it. The runtime must notice and say so.
#include <string>

#include "test_cogs/registry.hpp"

namespace {

struct PerThread {
  std::string text = "pinned";
  ~PerThread() { text.clear(); }
};

thread_local PerThread per_thread;

void setup(hotcog::CogContext& ctx) {
  test_cogs::registry(ctx).add(ctx, "answer", [] { return per_thread.text; });
  (void)per_thread.text.size();
}

}  // namespace

HOTCOG_COG(setup, nullptr);
