// Worker threads for the tests of the host's wait for them (host_gate.cpp):
// a registered thread busy in "cog code" until told to leave, and a helper
// that tells it after a delay.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include <hotcog/host.hpp>

namespace runtime_test {

// A registered worker thread inside "a long call" into cog code until
// leave(), then at its safe point in a loop until destroyed.
class BusyWorker {
 public:
  explicit BusyWorker(hotcog::Host& host)
      : thread_([this, &host] {
          hotcog::WorkerThread self = host.register_thread();
          inside_ = true;
          while (!leave_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          while (!stop_) {
            self.safe_point();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        }) {
    while (!inside_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~BusyWorker() {
    leave_ = stop_ = true;
    thread_.join();
  }
  void leave() { leave_ = true; }

 private:
  std::atomic<bool> inside_{false}, leave_{false}, stop_{false};
  std::thread thread_;
};

// Makes `worker` leave its long call after `after`. left() is set just
// before, so an operation that returns without waiting for the worker finds
// it still false.
class LeaveLater {
 public:
  LeaveLater(BusyWorker& worker, std::chrono::milliseconds after)
      : thread_([this, &worker, after] {
          std::this_thread::sleep_for(after);
          left_ = true;
          worker.leave();
        }) {}
  ~LeaveLater() { thread_.join(); }
  bool left() const { return left_; }

 private:
  std::atomic<bool> left_{false};
  std::thread thread_;
};

}  // namespace runtime_test
