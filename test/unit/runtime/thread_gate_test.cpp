// ThreadGate with real threads. Also built with -fsanitize=thread
// (thread_gate_tsan_tests): the gate must order the patch's writes before
// everything a released worker does.
#include "thread_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace runtime_test {
namespace {

using hotcog::WorkerThread;
using hotcog::rt::ThreadGate;
using namespace std::chrono_literals;

// A one-shot signal between threads.
class Signal {
 public:
  void set() {
    std::lock_guard<std::mutex> lock(mu_);
    set_ = true;
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return set_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;
};

void wait_until(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!condition() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_TRUE(condition()) << "timed out";
}

// A worker that enters a "long call" into cog code, then loops over safe points.
struct LongCallWorker {
  ThreadGate& gate;
  Signal in_call, finish_call;
  std::atomic<bool> stop{false};
  std::atomic<int> rounds{0};
  std::thread thread;

  explicit LongCallWorker(ThreadGate& g) : gate(g) {
    thread = std::thread([this] {
      WorkerThread self = gate.register_thread();
      self.safe_point();
      in_call.set();
      finish_call.wait();  // the long call
      while (!stop.load()) {
        self.safe_point();
        ++rounds;
      }
    });
    in_call.wait();
  }
  ~LongCallWorker() {
    finish_call.set();
    stop = true;
    thread.join();
  }
};

TEST(ThreadGate, QuiescesAtOnceWithoutThreads) {
  ThreadGate gate;
  EXPECT_TRUE(gate.try_quiesce(0us));
  gate.release();
}

TEST(ThreadGate, WorkerInsideALongCallDelaysQuiesceUntilItReachesItsSafePoint) {
  ThreadGate gate;
  LongCallWorker worker(gate);
  EXPECT_FALSE(gate.try_quiesce(50ms));
  EXPECT_EQ(gate.busy(), 1u);
  worker.finish_call.set();
  ASSERT_TRUE(gate.try_quiesce(10s));
  EXPECT_EQ(gate.busy(), 0u);
  const int parked_at = worker.rounds.load();
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(worker.rounds.load(), parked_at);  // parked: no cog code runs
  gate.release();
  wait_until([&] { return worker.rounds.load() > parked_at; });
}

TEST(ThreadGate, RequestStaysPendingAndArrivingThreadsPark) {
  ThreadGate gate;
  LongCallWorker worker(gate);
  EXPECT_FALSE(gate.try_quiesce(1ms));
  worker.finish_call.set();
  wait_until([&] { return gate.busy() == 0; });  // parked at its first safe point
  EXPECT_EQ(worker.rounds.load(), 0);
  EXPECT_TRUE(gate.try_quiesce(0us));
  gate.release();
}

TEST(ThreadGate, ReleaseWithdrawsAPendingRequest) {
  ThreadGate gate;
  LongCallWorker worker(gate);
  EXPECT_FALSE(gate.try_quiesce(1ms));
  gate.release();
  worker.finish_call.set();
  wait_until([&] { return worker.rounds.load() > 1000; });  // runs through its safe points
}

TEST(ThreadGate, IdleThreadDoesNotBlockAndReentersOnlyAfterRelease) {
  ThreadGate gate;
  Signal idle, may_leave;
  std::atomic<bool> left_idle{false};
  std::thread t([&] {
    WorkerThread self = gate.register_thread();
    {
      WorkerThread::Idle scope(self);
      idle.set();
      may_leave.wait();  // blocked outside cog code
    }
    left_idle = true;
  });
  idle.wait();
  ASSERT_TRUE(gate.try_quiesce(10s));
  may_leave.set();
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(left_idle.load());  // waits for the patch to be applied
  gate.release();
  t.join();
  EXPECT_TRUE(left_idle.load());
}

TEST(ThreadGate, UnregisteringCountsAsArriving) {
  ThreadGate gate;
  {
    LongCallWorker worker(gate);
    EXPECT_FALSE(gate.try_quiesce(1ms));
    gate.release();
  }  // the worker ended: its WorkerThread unregistered
  EXPECT_EQ(gate.registered(), 0u);
  EXPECT_TRUE(gate.try_quiesce(0us));
  gate.release();
}

TEST(ThreadGate, TheQuiescingThreadCountsAsArrivedEvenIfRegistered) {
  ThreadGate gate;
  WorkerThread self = gate.register_thread();
  EXPECT_TRUE(gate.try_quiesce(0us));
  gate.release();
}

TEST(ThreadGate, TheQuiescingThreadNeverWaitsForItself) {
  ThreadGate gate;
  ASSERT_TRUE(gate.try_quiesce(0us));
  WorkerThread self = gate.register_thread();  // would wait for release() otherwise
  self.safe_point();
  { WorkerThread::Idle idle(self); }
  gate.release();
}

TEST(ThreadGate, RegistrationWaitsForAPendingPatch) {
  ThreadGate gate;
  ASSERT_TRUE(gate.try_quiesce(0us));
  std::atomic<bool> registered{false};
  std::thread t([&] {
    WorkerThread self = gate.register_thread();
    registered = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(registered.load());
  gate.release();
  t.join();
  EXPECT_TRUE(registered.load());
}

TEST(ThreadGate, WorkerThreadMovesAndOutlivesTheGate) {
  WorkerThread kept;
  EXPECT_FALSE(kept.registered());
  kept.safe_point();  // unregistered: nothing happens
  {
    ThreadGate gate;
    WorkerThread first = gate.register_thread();
    kept = std::move(first);
    EXPECT_FALSE(first.registered());  // NOLINT(bugprone-use-after-move): moved-from is defined
    EXPECT_TRUE(kept.registered());
    EXPECT_EQ(gate.registered(), 1u);
  }
  kept.safe_point();
  WorkerThread::Idle idle(kept);
}

TEST(ThreadGate, WritesWhileQuiescedAreVisibleToReleasedWorkersWithoutARace) {
  // `code` stands for the patched bytes: written by the patching thread while
  // the workers are parked, read by them without any lock. Under
  // ThreadSanitizer, a gate without a happens-before edge reports a race.
  ThreadGate gate;
  int code = 0;
  std::atomic<bool> stop{false};
  std::vector<std::atomic<int>> seen(4);
  std::vector<std::thread> workers;
  for (auto& s : seen) s = 0;
  for (size_t w = 0; w < seen.size(); ++w)
    workers.emplace_back([&, w] {
      WorkerThread self = gate.register_thread();
      while (!stop.load()) {
        self.safe_point();
        seen[w] = code;
      }
    });
  wait_until([&] { return gate.registered() == seen.size(); });
  for (int round = 1; round <= 50; ++round) {
    ASSERT_TRUE(gate.try_quiesce(10s));
    code = round;
    gate.release();
    for (auto& s : seen) wait_until([&] { return s.load() == round; });
  }
  stop = true;
  for (auto& t : workers) t.join();
}

}  // namespace
}  // namespace runtime_test
