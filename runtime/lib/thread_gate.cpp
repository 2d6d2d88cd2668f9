#include "thread_gate.h"

#include <functional>

#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>

namespace hotcog {

struct WorkerThread::Slot {
  std::thread::id owner;  // the thread that registered
  int idle = 0;           // nesting depth of Idle scopes
  bool parked = false;    // inside safe_point(), waiting for release()
};

struct WorkerThread::Shared {
  // Set by try_quiesce(), cleared by release(); written under `mu`, read
  // without it by the fast path of safe_point().
  std::atomic<bool> pending{false};
  std::mutex mu;
  std::condition_variable arrived;  // a thread parked, went idle or unregistered
  std::condition_variable resumed;  // release()
  std::list<Slot> slots;            // under mu; list: stable addresses
  std::thread::id quiescer;         // under mu: the thread whose request is pending
  // Called (under mu) when a thread arrives while a request is pending, so
  // a host sleeping on its wait fd comes back to poll() and retries.
  std::function<void()> on_arrival;
  void arrive() {
    arrived.notify_all();
    if (on_arrival && pending.load(std::memory_order_relaxed)) on_arrival();
  }

  bool arrived_all(std::thread::id caller) const {
    for (const Slot& s : slots)
      if (!s.parked && s.idle == 0 && s.owner != caller) return false;
    return true;
  }
  size_t busy(std::thread::id caller) const {
    size_t n = 0;
    for (const Slot& s : slots) n += !s.parked && s.idle == 0 && s.owner != caller;
    return n;
  }
  // Waits (holding `lock` on mu) while a request is pending -- unless the
  // caller made it: the patching thread never waits for itself.
  void wait_for_release(std::unique_lock<std::mutex>& lock) {
    const auto me = std::this_thread::get_id();
    resumed.wait(lock, [&] { return !pending.load(std::memory_order_relaxed) || me == quiescer; });
  }
};

WorkerThread::WorkerThread(std::shared_ptr<Shared> shared, Slot* slot)
    : shared_(std::move(shared)), slot_(slot), pending_(&shared_->pending) {}

WorkerThread::WorkerThread(WorkerThread&& other) noexcept
    : shared_(std::move(other.shared_)), slot_(other.slot_), pending_(other.pending_) {
  other.slot_ = nullptr;
  other.pending_ = nullptr;
}

WorkerThread& WorkerThread::operator=(WorkerThread&& other) noexcept {
  if (this != &other) {
    WorkerThread gone(std::move(*this));
    shared_ = std::move(other.shared_);
    slot_ = other.slot_;
    pending_ = other.pending_;
    other.slot_ = nullptr;
    other.pending_ = nullptr;
  }
  return *this;
}

WorkerThread::~WorkerThread() {
  if (!slot_) return;
  std::lock_guard<std::mutex> lock(shared_->mu);
  shared_->slots.remove_if([this](const Slot& s) { return &s == slot_; });
  shared_->arrive();
}

void WorkerThread::park() {
  std::unique_lock<std::mutex> lock(shared_->mu);
  slot_->parked = true;
  shared_->arrive();
  shared_->wait_for_release(lock);
  slot_->parked = false;
}

WorkerThread::Idle::Idle(WorkerThread& thread) : thread_(&thread) {
  if (!thread_->slot_) return;
  std::lock_guard<std::mutex> lock(thread_->shared_->mu);
  ++thread_->slot_->idle;
  thread_->shared_->arrive();
}

WorkerThread::Idle::~Idle() {
  if (!thread_->slot_) return;
  std::unique_lock<std::mutex> lock(thread_->shared_->mu);
  thread_->shared_->wait_for_release(lock);
  --thread_->slot_->idle;
}

namespace rt {

ThreadGate::ThreadGate() : shared_(std::make_shared<WorkerThread::Shared>()) {}

ThreadGate::~ThreadGate() { release(); }

WorkerThread ThreadGate::register_thread() {
  std::unique_lock<std::mutex> lock(shared_->mu);
  // Idle until no request is pending: the new thread has not run cog code yet.
  WorkerThread::Slot& slot = shared_->slots.emplace_back();
  slot.owner = std::this_thread::get_id();
  slot.idle = 1;
  shared_->arrived.notify_all();
  shared_->wait_for_release(lock);
  slot.idle = 0;
  return WorkerThread(shared_, &slot);
}

bool ThreadGate::try_quiesce(std::chrono::microseconds wait) {
  std::unique_lock<std::mutex> lock(shared_->mu);
  shared_->pending.store(true, std::memory_order_release);
  const auto me = std::this_thread::get_id();
  shared_->quiescer = me;
  return shared_->arrived.wait_for(lock, wait, [&] { return shared_->arrived_all(me); });
}

void ThreadGate::on_arrival(std::function<void()> callback) {
  std::lock_guard<std::mutex> lock(shared_->mu);
  shared_->on_arrival = std::move(callback);
}

void ThreadGate::release() {
  std::lock_guard<std::mutex> lock(shared_->mu);
  shared_->pending.store(false, std::memory_order_release);
  shared_->quiescer = std::thread::id();
  shared_->resumed.notify_all();
}

size_t ThreadGate::registered() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  return shared_->slots.size();
}

size_t ThreadGate::busy() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  return shared_->busy(std::this_thread::get_id());
}

}  // namespace rt
}  // namespace hotcog
