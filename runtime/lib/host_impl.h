// Host::Impl: the state shared by the host thread (poll(), the synchronous
// operations) and the runtime's background thread (control socket, image
// preparation, dlclose of retired images, self-watch).
//
// Threading contract:
//  - CogSlot::current and the services table are touched by the host thread
//    only; cog code (setup, teardown, save_state, undo callbacks) runs there.
//  - Everything under `mu` is shared: the slot list (append-only, stable
//    pointers), the published listing of each cog, and the queues between the
//    threads. `mu` is never held while cog code runs.
//  - wake_fd wakes the background thread; ready_fd (= Host::wait_fd()) tells
//    the host thread that poll() has prepared reloads to apply.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cog_image.h"
#include "control_protocol.h"
#include "hotcog/host.hpp"
#include "layout_guard.h"
#include "layout_manifest.h"
#include "manifest_sync.h"
#include "patcher.h"
#include "reload_transaction.h"
#include "thread_gate.h"

namespace hotcog::rt {
class ControlServer;
class SocketKeeper;
class OutputWatcher;
class ProbeZygote;
}  // namespace hotcog::rt

namespace hotcog {

// steady_clock in ns: pauses, deferral waits, and the time points a reload
// result reports (ReloadResult::prepare_start_ns).
inline std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

struct Host::Impl {
  // A reload asked for by request_reload (client 0), the control socket
  // (client id) or the self-watch.
  struct Job {
    std::vector<std::string> cogs;
    uint64_t client = 0;
    bool allow_patch = true;  // false: the request said --no-patch (full reloads only)
  };
  struct Prepared {
    std::string cog;
    bool allow_patch = true;              // its request's; any false item: no patch in the batch
    Status status;                        // failed preparation, reported by poll()
    std::unique_ptr<rt::CogImage> image;  // ready to set up
    std::string output;  // the image as built
    // Its layouts, read before the image is opened (nullptr: none;
    // layouts_missing says why; once opened, image->layouts holds them too),
    // the guard's verdict when it was prepared, and for a patch its plan,
    // made against the running images listed in planned_against.
    std::shared_ptr<const rt::LayoutManifest> layouts;
    std::string layouts_missing;
    rt::GuardVerdict verdict;
    std::unique_ptr<rt::PatchPlan> plan;
    std::vector<void*> planned_against;
  };
  struct ReadyBatch {
    uint64_t client = 0;
    std::vector<Prepared> items;
    uint64_t deferred_since_ns = 0;  // waiting for worker threads to park (0: not yet)
    // running_generation when prepare() ran the guard: if nothing was applied
    // since, its verdicts still hold and poll() need not run it again.
    uint64_t checked_generation = 0;
    uint64_t prepare_start_ns = 0, prepare_ns = 0;  // reported with each result
  };
  struct SlotEntry {
    std::unique_ptr<rt::CogSlot> slot;
    rt::CogListing listing;  // published copy for the background thread
    // Published for the background thread's layout checks and patch plans:
    // the running version's layouts and images (patch_chain order).
    std::shared_ptr<const rt::LayoutManifest> running_layouts;
    std::vector<rt::PatchImage> running_images;
    bool from_manifest = false;  // not Host::add_cog(): followed by `manifest` (manifest_sync.h)
    bool removed = false;        // left the manifest: unlisted, unknown to reload requests
  };
  // A `manifest` request: what changed, applied at the next poll().
  struct SyncJob {
    uint64_t client = 0;
    rt::ManifestSync sync;
    uint64_t deferred_since_ns = 0;  // its unloads wait for worker threads (0: not yet)
  };

  // A reload of running code waits this long for worker threads to park
  // (host_gate.cpp); then it is refused.
  static constexpr std::uint64_t kPatchWaitNs = 5'000'000'000ull;
  // Images one version may hold (the running one and those it patched over):
  // after kMaxPatchChain - 1 patches in a row the next reload is a full one,
  // which frees them. Each patch rewrites the entries of every image in the
  // chain (no jump chains), so the pause grows with it: 16 kept a small cog's
  // patch median at 81 us (bench/runtime/README.md).
  static constexpr size_t kMaxPatchChain = 16;

  HostOptions options;
  std::string build_dir;
  std::string images_dir;
  rt::OpenOptions open_options;
  std::unique_ptr<rt::ProbeZygote> zygote;  // forked first, before any thread
  bool own_images_dir = false;  // a temp dir we remove at the end
  rt::ServiceTable services;
  // The host's own layouts, read once at start (a rebuild of the host later
  // describes a binary that is not the one running); nullptr: none, and
  // host_layouts_missing says why.
  std::shared_ptr<const rt::LayoutManifest> host_layouts;
  std::string host_layouts_missing;
  rt::ThreadGate gate;
  // Images of torn-down versions that the host may still reach (a live
  // object's vtable); host thread only. Closed when the Host goes away.
  std::vector<std::unique_ptr<rt::CogImage>> kept_mapped;

  std::mutex log_mu;
  std::function<void(std::string_view)> log_sink;
  void log(const std::string& line);

  mutable std::mutex mu;
  std::vector<SlotEntry> slots;
  uint64_t running_generation = 1;  // +1 whenever a slot's published state changes
  std::deque<Job> requests;
  std::deque<ReadyBatch> ready;
  std::deque<SyncJob> syncs;
  std::vector<std::pair<uint64_t, std::string>> replies;
  std::vector<std::unique_ptr<rt::CogImage>> retired;
  size_t in_flight = 0;  // jobs queued or prepared but not applied yet
  uint64_t retry_at_ns = 0;  // a deferred batch's bound (0: none); see stop_workers
  bool stopping = false;

  int wake_fd = -1;
  int ready_fd = -1;
  std::thread worker;
  std::unique_ptr<rt::ControlServer> server;    // background thread only
  std::unique_ptr<rt::SocketKeeper> keeper;     // serves it again in a re-created build dir
  std::unique_ptr<rt::OutputWatcher> watcher;   // read by the background thread

  Impl(HostOptions opts, const char* compiled_build_dir);
  ~Impl();

  // Slot lookup under mu; nullptr if unknown.
  rt::CogSlot* find_slot(std::string_view name);
  rt::CogSlot* add_slot(const std::string& name, const std::string& output,
                        bool from_manifest = true);
  void publish(const rt::CogSlot& slot);
  void reread_manifest();

  rt::TransactionEnv env(bool retire_in_background);
  // Host thread: where the images of a torn-down version go (image_retention.h).
  void retire_version(std::unique_ptr<rt::CogVersion> v,
                      const std::function<void(std::unique_ptr<rt::CogImage>)>& dispose);
  // Images kept mapped now: kept_mapped plus every running version's
  // patched-over images (host thread).
  size_t retained_images();
  // Why the image at `image_path` with these layouts must stay mapped once
  // its version is torn down; "" if not. prepare() computes it off the host
  // thread (it may read the image's symbol table: image_retention.h).
  std::string why_keep_mapped(const rt::LayoutManifest* layouts, const std::string& image_path) const;
  // Sets p.image up with what prepare() learnt about it: its layouts, and
  // whether it must outlive its version.
  void describe_image(Prepared& p) const;
  // How many images a full reload of `slot` would keep mapped (0: none).
  size_t kept_after_reload(const rt::CogSlot& slot) const;
  // The layouts of a built image (<output>.layouts), or nullptr with *missing
  // saying why ("... not found", "... is older than the image", a parse error).
  static std::shared_ptr<const rt::LayoutManifest> image_layouts(const std::string& output,
                                                                 std::string* missing);
  // The layout guard for `items` against the published running state (both
  // threads: publish() runs after every change, so on the host thread it is
  // what runs now). If asked, stores the state's generation and each item's
  // running images (patch_chain order).
  std::vector<rt::GuardVerdict> check_layouts(
      const std::vector<Prepared>& items, uint64_t* generation = nullptr,
      std::vector<std::vector<rt::PatchImage>>* running_images = nullptr);
  // Host thread: applies one prepared item whose verdict is final.
  ReloadResult apply_prepared(Prepared& p, const rt::GuardVerdict& verdict,
                              const rt::TransactionEnv& env);
  // Host thread (host_gate.cpp): whether `batch` may be applied now as far
  // as worker threads go. Open: it replaces no running code, or the wait
  // passed its bound (those verdicts are now refusals). Quiesced: every
  // registered thread is parked until gate.release(). Defer: retry at a
  // later poll() (a parking thread or the bound wakes wait_fd()).
  enum class GateState { Open, Quiesced, Defer };
  GateState stop_workers(ReadyBatch& batch, std::vector<rt::GuardVerdict>& verdicts);
  // The same wait for anything that replaces or unmaps the code of the
  // running cogs `names` (", "-separated, for the log), first deferred at
  // deferred_since_ns (0: now; set then). Open: the bound passed, *refusal
  // says so and nothing may be replaced.
  GateState stop_workers_or_defer(const std::string& names, std::uint64_t& deferred_since_ns,
                                  std::string* refusal);
  // Host thread (host_gate.cpp), for the synchronous reload()/unload() of a
  // running cog: blocks until every registered thread other than the caller
  // is parked (true: they stay parked until gate.release()), at most
  // kPatchWaitNs; then withdraws the request and false, *refusal saying why.
  bool stop_workers_now(const std::string& cog, std::string* refusal);
  // "applied after waiting N ms ..." for a batch that waited; "" otherwise.
  static std::string waited_note(const ReadyBatch& batch);
  // Background thread: ms until a deferred batch's bound passes (-1: none);
  // once it has passed, wakes poll() instead.
  int retry_timeout_ms();
  void wake();
  void signal_ready();

  // Background thread.
  void run_worker();
  void prepare(Job job);
  void queue_watched_changes();
  void serve_socket_again();
  bool start_socket_reload(uint64_t client, const rt::ControlRequest& req, rt::RequestError* err);
  std::string answer_now(const rt::ControlRequest& req);
  std::vector<rt::CogListing> listing() const;
  // `manifest` (host_manifest.cpp): re-reads the manifest and queues what
  // changed; poll() applies it with apply_syncs() on the host thread.
  bool start_socket_sync(uint64_t client, rt::RequestError* err);
  bool listed(std::string_view name);  // registered and not removed from the manifest
  std::vector<ReloadResult> apply_syncs();
};

}  // namespace hotcog
