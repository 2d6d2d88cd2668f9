// The example bot: reads chat lines ("!hello") from stdin and answers through
// commands that cogs register. The main loop sleeps in poll(2) on stdin and on
// the runtime's wait fd, and calls Host::poll() -- the safe point -- whenever
// either wakes it up.
#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include <hotcog/host.hpp>

#include "bot/commands.hpp"

namespace {

void report(const std::vector<hotcog::ReloadResult>& results) {
  for (const hotcog::ReloadResult& r : results) {
    if (r.status.ok())
      std::printf("[hotcog] %s is now version %u (%s)\n", r.cog.c_str(), r.version,
                  hotcog::to_string(r.action));
    else
      std::printf("[hotcog] %s: %s\n", r.cog.c_str(), r.status.message.c_str());
  }
  std::fflush(stdout);
}

void answer(const bot::Commands& commands, const std::string& line) {
  if (line == "!help") {
    std::string all;
    for (const std::string& name : commands.names()) all += " !" + name;
    std::printf("bot: commands:%s\n", all.c_str());
  } else if (auto reply = commands.dispatch(line)) {
    std::printf("bot: %s\n", reply->c_str());
  } else if (!line.empty() && line.front() == '!') {
    std::printf("bot: unknown command %s\n", line.c_str());
  }
  std::fflush(stdout);
}

}  // namespace

int main() {
  bot::Commands commands;
  hotcog::Host host;
  host.provide(bot::Commands::kServiceName, &commands);
  if (hotcog::Status s = host.load_all(); !s.ok())
    std::fprintf(stderr, "bot: %s\n", s.message.c_str());
  std::printf("bot: ready (%zu cogs; type !help, !quit)\n", host.cogs().size());
  std::fflush(stdout);

  std::string line;
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {host.wait_fd(), POLLIN, 0}};
    const nfds_t count = fds[1].fd >= 0 ? 2 : 1;
    // Without a wait fd, wake up regularly so reloads still get applied.
    if (::poll(fds, count, fds[1].fd >= 0 ? -1 : 100) < 0 && errno != EINTR) return 1;
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      if (!std::getline(std::cin, line) || line == "!quit") break;
      answer(commands, line);
    }
    report(host.poll());
  }
  return 0;
}
