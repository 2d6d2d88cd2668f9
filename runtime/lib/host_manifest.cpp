// Host::Impl's part of following the cog manifest at run time (manifest_sync.h):
// the background thread reads and diffs it, the host thread applies it.
#include <chrono>

#include "host_impl.h"
#include "output_watcher.h"
#include "status_text.h"

namespace hotcog {

bool Host::Impl::listed(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu);
  for (const SlotEntry& e : slots)
    if (e.slot->name == name) return !e.removed;
  return false;
}

bool Host::Impl::start_socket_sync(uint64_t client, rt::RequestError* err) {
  if (build_dir.empty()) {
    *err = {"bad_manifest", "this host has no build dir, so no cog manifest to read"};
    return false;
  }
  CogManifest manifest;
  std::string why;
  switch (load_cog_manifest(build_dir, &manifest, &why)) {
    case ManifestLoad::Ok: break;
    case ManifestLoad::NotFound:
      *err = {"bad_manifest", "no cog manifest at " + cog_manifest_path(build_dir)};
      return false;
    case ManifestLoad::Error:
      *err = {"bad_manifest", "cannot read the cog manifest: " + why};
      return false;
  }
  std::lock_guard<std::mutex> lock(mu);
  if (in_flight >= 64) {
    *err = {"busy", "too many requests waiting for the host's poll()"};
    return false;
  }
  std::vector<rt::SlotView> views;
  for (const SlotEntry& e : slots)
    views.push_back({e.slot->name, e.slot->output, e.from_manifest, e.removed});
  SyncJob job{client, rt::diff_manifest(views, manifest)};
  // Added and removed cogs change what requests may name, at once: a reload
  // of a new cog right after this reply finds it. Outputs move at poll(),
  // on the host thread, which reads them without the lock.
  for (SlotEntry& e : slots) {
    for (const std::string& name : job.sync.removed)
      if (e.slot->name == name) e.removed = true;
    for (const auto& added : job.sync.added)
      if (e.slot->name == added.first) e.removed = false, e.from_manifest = true;
  }
  ++in_flight;
  syncs.push_back(std::move(job));
  signal_ready();
  return true;
}

std::vector<ReloadResult> Host::Impl::apply_syncs() {
  std::deque<SyncJob> jobs;
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs.swap(syncs);
  }
  std::vector<ReloadResult> all;
  if (jobs.empty()) return all;
  for (size_t j = 0; j < jobs.size(); ++j) {
    SyncJob& job = jobs[j];
    // Unloading unmaps code a worker thread may be running: wait for them
    // like a reload does (host_gate.cpp), deferring this job and the later
    // ones, in order.
    std::string names;
    for (const std::string& name : job.sync.removed) {
      const rt::CogSlot* slot = find_slot(name);
      if (slot && !listed(name) && slot->current) names += (names.empty() ? "" : ", ") + name;
    }
    std::string refusal;
    const GateState gate_state =
        names.empty() ? GateState::Open : stop_workers_or_defer(names, job.deferred_since_ns, &refusal);
    if (gate_state == GateState::Defer) {
      std::lock_guard<std::mutex> lock(mu);
      for (size_t k = jobs.size(); k-- > j;) syncs.push_front(std::move(jobs[k]));
      break;
    }
    // New slots are added here, not on the background thread, so that every
    // slot's output is written by the host thread only.
    for (const auto& [name, output] : job.sync.added)
      if (!find_slot(name)) add_slot(name, output);
    for (const auto& [name, output] : job.sync.moved) {
      std::string err;
      {
        std::lock_guard<std::mutex> lock(mu);
        for (SlotEntry& e : slots) {
          if (e.slot->name != name) continue;
          e.slot->output = output;
          e.listing.info.output = output;
          if (watcher) watcher->watch(name, output, &err);
        }
      }
      if (!err.empty()) log("self-watch: " + name + ": " + err);  // log_mu, not mu
    }
    std::vector<ReloadResult> results;
    const rt::TransactionEnv unload_env = env(true);
    for (const std::string& name : job.sync.removed) {
      rt::CogSlot* slot = find_slot(name);
      // Back in the manifest since (a later request), or never loaded.
      if (!slot || listed(name) || !slot->current) continue;
      const auto start = std::chrono::steady_clock::now();
      ReloadResult r;
      r.cog = name;
      r.status = refusal.empty()
                     ? rt::apply_unload(*slot, unload_env)
                     : rt::make_status(ErrorKind::TimedOut, name, "unload", refusal, slot->output);
      r.action = r.status.ok() ? ReloadAction::Unloaded : ReloadAction::Failed;
      r.reason = "removed from the cog manifest";
      r.version = slot->current ? slot->current->context->version() : 0;
      r.pause_ns = static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
              .count());
      slot->last_status = r.status;
      publish(*slot);
      results.push_back(std::move(r));
    }
    if (gate_state == GateState::Quiesced) gate.release();
    {
      std::lock_guard<std::mutex> lock(mu);
      --in_flight;
      if (job.client != 0) replies.emplace_back(job.client, rt::reply_manifest(job.sync, results));
    }
    all.insert(all.end(), results.begin(), results.end());
  }
  wake();  // replies to send
  return all;
}

}  // namespace hotcog
