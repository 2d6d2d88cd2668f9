// The arena host: reads commands from stdin, answers "arena: ..." lines, and
// applies reloads at its safe point (Host::poll) between commands. A worker
// thread, registered with the host, runs "work" jobs: calls into the slow cog
// that last until the command "release".
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include <hotcog/host.hpp>

#include "arena/work.hpp"
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

std::atomic<bool> released{false};
bool is_released() { return released.load(); }

// The worker thread: between jobs at its safe point, waiting for a job in an
// Idle scope (outside cog code), inside work.call() while it runs one.
class Worker {
 public:
  Worker(hotcog::Host& host, arena::Work& work) : thread_([this, &host, &work] { run(host, work); }) {}
  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    released = true;
    more_.notify_one();
    thread_.join();
  }
  void add_job() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++jobs_;
    }
    more_.notify_one();
  }

 private:
  void run(hotcog::Host& host, arena::Work& work) {
    hotcog::WorkerThread self = host.register_thread();
    for (;;) {
      self.safe_point();
      {
        hotcog::WorkerThread::Idle idle(self);
        std::unique_lock<std::mutex> lock(mu_);
        more_.wait(lock, [this] { return stop_ || jobs_ > 0; });
        if (stop_) return;
        --jobs_;
      }
      released = false;
      say("working");
      say("work done " + (work.call ? std::to_string(work.call(&is_released)) : std::string("(none)")));
    }
  }

  std::mutex mu_;
  std::condition_variable more_;
  int jobs_ = 0;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

void answer(arena::World& world, Worker& worker, const std::string& line) {
  if (line == "work") {
    worker.add_job();  // the worker answers "working", then "work done N"
  } else if (line == "release") {
    say("released");
    released = true;
  } else if (line == "step") {
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
  arena::Work work;
  hotcog::Host host;
  host.provide(arena::World::kServiceName, &world);
  host.provide(arena::Work::kServiceName, &work);
  if (hotcog::Status s = host.load_all(); !s.ok()) std::fprintf(stderr, "arena: %s\n", s.message.c_str());
  Worker worker(host, work);  // after the Host: stops (unregisters) before ~Host
  say("ready");
  std::string line;
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {host.wait_fd(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return 1;
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      if (!std::getline(std::cin, line) || line == "quit") break;
      answer(world, worker, line);
    }
    report(host.poll());
  }
  return 0;
}
