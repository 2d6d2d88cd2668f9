// The arena host: reads commands from stdin, answers "arena: ..." lines, and
// applies reloads at its safe point (Host::poll) between commands.
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <string>

#include <hotcog/host.hpp>

#include "arena/world.hpp"

namespace {

void say(const std::string& text) {
  std::printf("arena: %s\n", text.c_str());
  std::fflush(stdout);
}

void report(const std::vector<hotcog::ReloadResult>& results) {
  for (const hotcog::ReloadResult& r : results)
    std::printf("[hotcog] %s %s v%u%s%s\n", r.cog.c_str(), hotcog::to_string(r.action), r.version,
                r.status.ok() ? "" : ": ", r.status.message.c_str());
  std::fflush(stdout);
}

std::string call(std::string (*fn)()) { return fn ? fn() : std::string("(none)"); }

void answer(arena::World& world, const std::string& line) {
  if (line == "step") {
    say("step " + (world.step ? std::to_string(world.step(world)) : std::string("(none)")));
  } else if (line == "tick") {
    say("tick " + (world.ticker ? std::to_string(world.ticker->tick()) : std::string("(none)")));
  } else if (line == "score") {
    say("score " + (world.score ? std::to_string(world.score(world.players[0])) : std::string("(none)")));
  } else if (line == "players") {
    std::string all;
    for (const arena::Player& p : world.players)
      all += " " + std::to_string(p.hp) + "/" + std::to_string(p.level);
    char canary[32];
    std::snprintf(canary, sizeof canary, " canary=%lx", world.canary);
    say("players" + all + canary);
  } else if (line == "report") {
    say("report " + call(world.report));
  } else if (line == "pair") {
    say("pair " + call(world.alpha) + " " + call(world.beta));
  } else if (!line.empty()) {
    say("unknown command " + line);
  }
}

}  // namespace

int main() {
  arena::World world;  // declared before the Host: ~Host tears the cogs down first
  hotcog::Host host;
  host.provide(arena::World::kServiceName, &world);
  if (hotcog::Status s = host.load_all(); !s.ok()) std::fprintf(stderr, "arena: %s\n", s.message.c_str());
  say("ready");
  std::string line;
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {host.wait_fd(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return 1;
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      if (!std::getline(std::cin, line) || line == "quit") break;
      answer(world, line);
    }
    report(host.poll());
  }
  return 0;
}
