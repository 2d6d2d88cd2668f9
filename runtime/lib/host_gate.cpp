// The wait for worker threads (thread_gate.h): code of a running cog is
// replaced or unmapped only while every registered worker thread is parked
// at its safe point or idle. A patch rewrites the entries of functions a
// thread may be executing; a full reload or an unload tears the old version
// down and unmaps its image under a thread that may be inside it. Either
// waits, bounded by kPatchWaitNs, and the host says so: a log line when the
// wait starts, "applied after waiting N ms ..." in the result, or a refusal
// that names the wait when the bound passes. poll() never blocks: it defers
// the batch and retries (stop_workers); the synchronous Host::reload() and
// unload() block their caller instead (stop_workers_now).
#include <chrono>
#include <string>

#include "host_impl.h"

namespace hotcog {
namespace {

std::string threads(size_t n) {
  return std::to_string(n) + (n == 1 ? " worker thread" : " worker threads");
}

std::string waiting_line(const std::string& names, size_t busy, std::uint64_t limit_s) {
  return names + ": waiting for " + threads(busy) +
         " to reach a safe point (hotcog::WorkerThread::safe_point) before replacing its code"
         " (at most " + std::to_string(limit_s) + " s)";
}

std::string not_reached(size_t busy, std::uint64_t limit_s) {
  return threads(busy) + " did not reach a safe point (hotcog::WorkerThread::safe_point) within " +
         std::to_string(limit_s) +
         " s, so no code could be replaced safely; running version kept - save again to retry";
}

}  // namespace

Host::Impl::GateState Host::Impl::stop_workers(ReadyBatch& batch,
                                               std::vector<rt::GuardVerdict>& verdicts) {
  std::vector<size_t> replacing;  // items that replace the code of a running cog
  std::string names;
  for (size_t i = 0; i < batch.items.size(); ++i) {
    if (!batch.items[i].image || verdicts[i].action == rt::GuardVerdict::Refuse) continue;
    const rt::CogSlot* slot = find_slot(batch.items[i].cog);
    if (!slot || !slot->current) continue;  // a first load replaces nothing
    replacing.push_back(i);
    names += (names.empty() ? "" : ", ") + batch.items[i].cog;
  }
  if (replacing.empty()) return GateState::Open;
  std::string refusal;
  const GateState state = stop_workers_or_defer(names, batch.deferred_since_ns, &refusal);
  if (!refusal.empty())  // the bound passed: nothing in the batch replaces running code
    for (size_t i : replacing) {
      verdicts[i].action = rt::GuardVerdict::Refuse;
      verdicts[i].reason = refusal;
    }
  return state;
}

Host::Impl::GateState Host::Impl::stop_workers_or_defer(const std::string& names,
                                                        std::uint64_t& deferred_since_ns,
                                                        std::string* refusal) {
  if (gate.try_quiesce(std::chrono::microseconds(0))) return GateState::Quiesced;

  const std::uint64_t now = now_ns();
  const std::uint64_t limit_s = kPatchWaitNs / 1000000000;
  if (deferred_since_ns == 0) {
    deferred_since_ns = now;
    log(waiting_line(names, gate.busy(), limit_s));
  }
  if (now - deferred_since_ns < kPatchWaitNs) {
    // A thread that parks wakes wait_fd(); one that never does must not
    // leave a host that sleeps on wait_fd() waiting for ever: the background
    // thread wakes it when the bound passes.
    {
      std::lock_guard<std::mutex> lock(mu);
      retry_at_ns = deferred_since_ns + kPatchWaitNs;
    }
    wake();
    return GateState::Defer;
  }
  const size_t busy = gate.busy();
  gate.release();  // withdraw the request: nothing is replaced
  *refusal = not_reached(busy, limit_s);
  return GateState::Open;
}

bool Host::Impl::stop_workers_now(const std::string& cog, std::string* refusal) {
  // The calling thread counts as arrived even if it registered itself
  // (ThreadGate never waits for the thread that asks).
  if (gate.try_quiesce(std::chrono::microseconds(0))) return true;
  const std::uint64_t start = now_ns();
  const std::uint64_t limit_s = kPatchWaitNs / 1000000000;
  log(waiting_line(cog, gate.busy(), limit_s));
  if (gate.try_quiesce(std::chrono::microseconds(kPatchWaitNs / 1000))) {
    log(cog + ": worker threads reached a safe point after " +
        std::to_string((now_ns() - start) / 1000000) + " ms");
    return true;
  }
  const size_t busy = gate.busy();
  gate.release();  // withdraw the request: nothing is replaced
  *refusal = not_reached(busy, limit_s);
  return false;
}

std::string Host::Impl::waited_note(const ReadyBatch& batch) {
  if (batch.deferred_since_ns == 0) return "";
  const std::uint64_t waited_ms = (now_ns() - batch.deferred_since_ns) / 1000000;
  return "applied after waiting " + std::to_string(waited_ms) +
         " ms for worker threads to reach a safe point";
}

int Host::Impl::retry_timeout_ms() {
  std::lock_guard<std::mutex> lock(mu);
  if (retry_at_ns == 0) return -1;
  const std::uint64_t now = now_ns();
  if (now >= retry_at_ns) {
    retry_at_ns = 0;
    signal_ready();  // the bound passed: poll() refuses what still waits
    return -1;
  }
  return static_cast<int>((retry_at_ns - now) / 1000000) + 1;
}

}  // namespace hotcog
