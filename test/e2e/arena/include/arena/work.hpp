// The host's worker thread calls into the slow cog through this service (a
// header of its own: edits of world.hpp do not rebuild slow).
#pragma once

namespace arena {

struct Work {
  static constexpr const char* kServiceName = "arena.work";
  // Returns once released() is true: a long call into cog code.
  int (*call)(bool (*released)()) = nullptr;
};

}  // namespace arena
