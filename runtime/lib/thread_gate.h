// ThreadGate: stops the host's registered worker threads at their safe
// points, so that a hot patch (patcher.h) is written while none of them can
// be executing a function being replaced. The public side is
// hotcog::WorkerThread (host.hpp); Host::register_thread() forwards here.
//
// Protocol (host thread, inside poll()):
//   if (gate.try_quiesce(budget)) { apply_patch(plan); gate.release(); }
//   else report "deferred: N worker thread(s) busy"; retry at the next poll()
//        (the request stays pending: threads park as they arrive) or give up
//        with release().
//
// A registered thread counts as arrived while it is parked in safe_point(),
// inside a WorkerThread::Idle scope, or when it is the thread that calls
// try_quiesce() (it is at its safe point by definition). Registration,
// leaving an Idle scope and safe_point() all wait while a request is pending,
// so no registered thread enters cog code between a successful
// try_quiesce() and release() -- except the thread that called
// try_quiesce(), which never waits for its own request.
//
// The state is shared with the WorkerThread objects: one that outlives the
// gate keeps working (its safe points are free; nothing is ever pending).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "hotcog/host.hpp"

namespace hotcog::rt {

class ThreadGate {
 public:
  ThreadGate();
  ~ThreadGate();  // release()s
  ThreadGate(const ThreadGate&) = delete;
  ThreadGate& operator=(const ThreadGate&) = delete;

  // Registers the calling thread (see Host::register_thread).
  WorkerThread register_thread();

  // Requests a stop and waits up to `wait` until every registered thread has
  // arrived. true: they stay parked until release(). false: some did not
  // arrive in time; the request stays pending.
  bool try_quiesce(std::chrono::microseconds wait);
  // `callback` runs (on the arriving thread, briefly, under the gate's lock)
  // whenever a thread parks, goes idle or unregisters while a request is
  // pending: the host signals its wait fd so a deferred patch is retried.
  void on_arrival(std::function<void()> callback);
  // Lets parked threads go and withdraws a pending request.
  void release();

  size_t registered() const;
  // Registered threads that have not arrived (for "deferred" messages).
  size_t busy() const;

 private:
  std::shared_ptr<WorkerThread::Shared> shared_;
};

}  // namespace hotcog::rt
