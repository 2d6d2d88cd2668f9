// hotcog/host.hpp — the host side of hot reload.
//
//   hotcog::Host host;                      // reads <build>/hotcog/cogs.tsv
//   host.provide("bot.commands", &commands);
//   host.load_all();
//   for (;;) { ...; host.poll(); }          // the safe point
//
// Reloads are transactions: the new image is copied to a versioned file,
// dlopen'ed and checked on a background thread while the old one keeps
// running; poll() then saves the old state, tears the old version down and
// sets the new one up. If the new setup throws or crashes (SIGSEGV, SIGBUS,
// SIGFPE, SIGILL, SIGABRT) or never returns (the watchdog interrupts it after
// HostOptions::cog_call_timeout_ms), everything it registered is undone, the
// old version is set up again with its saved state, and the host goes on with
// the old code. Nothing here throws; failures are Status values.
//
// Reload requests come from Host::request_reload(), from the control socket
// (<build>/hotcog/control.sock, used by `hotcog watch`), or from the optional
// self-watch of cog outputs.
//
// C++17: included by user projects.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotcog {

enum class ErrorKind {
  None,
  NotFound,       // no such cog in the manifest, or its image file is missing
  AlreadyLoaded,
  NotLoaded,
  NoEntryPoint,   // dlopen/dlsym failed: not a cog, or unresolved symbols
  AbiMismatch,    // abi_version or build fingerprint differ from the host's
  SetupFailed,    // setup threw
  Crashed,        // a crash signal inside cog code
  LayoutRefused,  // a class layout changed under live objects
  Io,             // copying the image, reading the manifest, sockets
  TimedOut,       // a cog call did not return in time (cog_call_timeout_ms), or a
                  // synchronous reload/unload found a worker thread that did not
                  // reach its safe point in time (WorkerThread)
};

const char* to_string(ErrorKind kind);

struct Status {
  ErrorKind kind = ErrorKind::None;
  // "<cog>: <phase> failed: <what> (file <image>)", plus for load/reload
  // failures "; kept version N" (old version running again) or "; not
  // loaded". Phases: open, copy, check, dlopen, dlsym, descriptor, static
  // initialization, save_state, setup, load, reload, unload, add_cog.
  std::string message;
  bool ok() const { return kind == ErrorKind::None; }
  static Status success() { return {}; }
};

// What poll() did with a new image of a cog.
enum class ReloadAction {
  Failed,    // nothing changed: preparation or setup failed (status says why)
  Loaded,    // first load: setup ran
  Reloaded,  // full reload: save_state, teardown, setup with the saved state
  Patched,   // hot patch: layouts unchanged, the running code now jumps to the
             // new code; statics kept, no teardown/setup, nothing re-registered
  Refused,   // a class layout changed under live objects: the running version
             // is kept (status.kind == LayoutRefused, message says which type)
  Unloaded,
};

const char* to_string(ReloadAction action);

// Outcome of one applied load/reload/unload, as reported by poll() and sent
// back over the control socket.
struct ReloadResult {
  std::string cog;
  Status status;
  unsigned version = 0;        // version now running (0: not loaded)
  std::uint64_t pause_ns = 0;  // time spent inside poll() for this cog
  ReloadAction action = ReloadAction::Failed;
  // Why a reload was full instead of a patch ("layout of 'T' changed ...",
  // "hot patching disabled", "first load"), or what a patch could not keep
  // ("1 variable not kept: ..."), and what went wrong but was got past (a
  // teardown that threw or crashed, a save_state skipped). Empty when there
  // is nothing to say.
  std::string reason;
  // Where the time went, for `hotcog watch --trace`: the preparation of the
  // request this result belongs to (background thread: layouts, guard,
  // dlopen, patch plan) and the start of this cog's apply in poll(). Time
  // points are std::chrono::steady_clock (CLOCK_MONOTONIC on Linux, shared by
  // every process on the machine); 0: not prepared in the background.
  std::uint64_t prepare_start_ns = 0;
  std::uint64_t prepare_ns = 0;
  std::uint64_t apply_start_ns = 0;
};

struct CogInfo {
  std::string name;
  std::string output;   // image path from the manifest
  bool loaded = false;
  unsigned version = 0;
};

struct HostOptions {
  // Build dir holding hotcog/cogs.tsv. Empty: $HOTCOG_BUILD_DIR, else the
  // HOTCOG_DEFAULT_BUILD_DIR that hotcog_add_host() compiles in.
  std::string build_dir;
  // Serve <build>/hotcog/control.sock for `hotcog watch` (protocol:
  // docs/control-protocol.md). A socket file left by a dead host is
  // replaced; if another live host serves it, this one logs and serves none.
  bool control_socket = true;
  // Watch cog outputs (inotify on their directories) and reload when a new
  // complete image appears, for people who run plain `ninja`. Reloads are
  // applied and reported by poll() like any other. Use either this or
  // `hotcog watch`, not both: each would reload the cog.
  bool self_watch = false;
  // Run each new image's static constructors once in a child process before
  // dlopen'ing it in the host. A constructor that crashes inside dlopen would
  // leave the dynamic loader's lock held forever (later dlopen calls and the
  // loader's exit handlers would hang), so such an image is refused without
  // ever running in the host. The children come from a helper process forked
  // once when the Host is constructed (construct the Host early, before
  // starting threads); each probe adds ~0.5-1 ms to the background
  // preparation, and constructors run one extra time (in the child). An
  // image with no load-time code of its own (no static constructors, only
  // libraries the host already loaded) is not probed: nothing to isolate.
  bool isolate_static_init = true;
  // Apply a rebuilt image by hot patching when every class layout it shares
  // with the running version, the host and the other cogs is unchanged: the
  // running functions are redirected to the new ones, live objects and their
  // vtables reach the new code, statics keep their values, and no teardown
  // or setup runs. Needs the layout manifests hotcog_add_cog()/add_host()
  // build beside each image. false (or HOTCOG_ENABLE_HOT_PATCHING=0 in the
  // environment) forces full reloads.
  bool hot_patching = true;
  // Old images are kept mapped while the host may still reach their code:
  // the images a patch redirected, and after a full reload the images that
  // define dynamic classes derived from a type the host knows (the host may
  // hold such an object, whose vtable points into the old image). At most
  // this many are kept; a reload that would need one more is refused with a
  // message that says so (restart the host to free them).
  unsigned max_retained_images = 256;
  // The watchdog of cog calls: a setup, teardown, save_state or on_unload
  // callback still running after this many milliseconds (an endless loop, a
  // deadlock, a blocking read) is interrupted on the host thread by a signal
  // (SIGRTMAX-3, delivered to that thread only) and fails like a crash:
  // ErrorKind::TimedOut, "setup failed: did not return within N ms
  // (interrupted by the watchdog)", the reload rolls back and poll() returns
  // to the program with the old version running. As with a crash, the
  // interrupted frames never finish: a lock the cog held stays held (if it
  // was stuck inside malloc, later allocations may hang: restart the host),
  // and a cog stuck with that signal blocked cannot be interrupted. 0 turns
  // the watchdog off (a hung setup then hangs the host thread for good).
  // $HOTCOG_COG_CALL_TIMEOUT_MS overrides it.
  unsigned cog_call_timeout_ms = 5000;
  // Log sink; default writes "hotcog: ..." lines to stderr. Called from the
  // host thread and from the background thread, never concurrently.
  std::function<void(std::string_view)> log;
};

namespace rt {
class ThreadGate;
}

// A worker thread of the host program that may run cog code: calls cog
// functions, virtual methods of objects a cog created, callbacks a cog
// registered. A hot patch rewrites the first bytes of the old image's
// functions, a full reload or an unload tears the old version down and
// unmaps it; each is applied only while every registered thread is parked in
// safe_point() or inside an Idle scope, so none can be executing that code.
// That holds for poll() (reloads, patches, unloads of cogs removed from the
// manifest) and for the synchronous Host::reload()/unload().
//
//   std::thread worker([&host] {
//     hotcog::WorkerThread self = host.register_thread();  // on the worker itself
//     while (running) {
//       self.safe_point();                  // between jobs, outside cog code
//       run_job();                          // may call into cogs
//       {
//         hotcog::WorkerThread::Idle idle(self);  // blocked outside cog code:
//         wait_for_next_job();                    // patches need not wait for it
//       }
//     }
//   });                                     // ~WorkerThread unregisters
//
// Call safe_point() from the host's own code (the thread's loop), never from
// inside a cog function: a thread parked there is inside a function being
// replaced. Call it often: a reload waits until every registered thread that
// is not idle has arrived (poll() returns meanwhile and is woken when they
// have; the host logs "<cog>: waiting for N worker thread(s) ...", the result
// says "applied after waiting N ms ..."), and threads that arrived stay
// parked until it is applied. After 5 s of waiting it is refused instead
// ("... did not reach a safe point ... within 5 s ..."): running version kept.
// Host::reload() and unload() of a running cog wait the same way but block
// their caller (up to 5 s, then the same refusal as a TimedOut Status), so a
// worker must not wait for the host thread outside an Idle scope either.
// Don't hold a lock across safe_point() that another registered thread may
// wait for outside an Idle scope. The thread that calls poll(), reload() or
// unload() needs no registration and never waits for itself (they are its
// safe point), registered or not.
//
// C++17. Thread-compatible: one WorkerThread per thread, used by that thread.
class WorkerThread {
 public:
  WorkerThread() = default;  // not registered: safe_point() and Idle do nothing
  WorkerThread(WorkerThread&& other) noexcept;
  WorkerThread& operator=(WorkerThread&& other) noexcept;
  ~WorkerThread();  // unregisters
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  // One atomic load when no patch is pending; parks while one is applied.
  void safe_point() {
    if (pending_ && pending_->load(std::memory_order_acquire)) park();
  }
  bool registered() const { return slot_ != nullptr; }

  // For its lifetime the thread counts as idle (outside cog code): patches go
  // ahead without waiting for it. Its destructor waits while a patch is
  // pending or being applied, so the thread re-enters cog code only after.
  class Idle {
   public:
    explicit Idle(WorkerThread& thread);
    ~Idle();
    Idle(const Idle&) = delete;
    Idle& operator=(const Idle&) = delete;

   private:
    WorkerThread* thread_;
  };

 private:
  friend class rt::ThreadGate;
  struct Shared;  // the gate's state, shared with the runtime (thread_gate.cpp)
  struct Slot;
  WorkerThread(std::shared_ptr<Shared> shared, Slot* slot);
  void park();

  std::shared_ptr<Shared> shared_;
  Slot* slot_ = nullptr;
  const std::atomic<bool>* pending_ = nullptr;
};

// hotcog_add_host() compiles the build dir into the host executable (PRIVATE,
// so only the host's own sources see it); the inline constructors below pick
// it up at the place where the Host is constructed.
#ifdef HOTCOG_DEFAULT_BUILD_DIR
#define HOTCOG_COMPILED_BUILD_DIR_ HOTCOG_DEFAULT_BUILD_DIR
#else
#define HOTCOG_COMPILED_BUILD_DIR_ nullptr
#endif

class Host {
 public:
  // Build dir: options.build_dir, else $HOTCOG_BUILD_DIR, else the
  // HOTCOG_DEFAULT_BUILD_DIR compiled into the host, else none (then only
  // cogs registered with add_cog exist, image copies go to a private temp
  // dir, and no control socket is served). Never throws; problems are logged.
  //
  // Declare the services you provide() before the Host: ~Host() tears every
  // cog down, and teardown may still call into them.
  Host() : Host(HostOptions{}, HOTCOG_COMPILED_BUILD_DIR_) {}
  explicit Host(HostOptions options)
      : Host(std::move(options), HOTCOG_COMPILED_BUILD_DIR_) {}
  Host(HostOptions options, const char* compiled_build_dir);
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Every member except request_reload(), cogs() and build_dir() must be
  // called from the host thread (the one that calls poll()): cog code runs on
  // it. Call provide() before loading the cogs that use the service.

  // Makes `service` available to cogs via CogContext::service<T>(name).
  void provide(std::string name, void* service);

  // Registers a cog that is not in the manifest (tests, embedders). The image
  // is read from `image_path` at every load/reload. AlreadyLoaded if the name
  // is taken.
  Status add_cog(std::string name, std::string image_path);

  // Synchronous operations: copy + dlopen + checks + setup on the calling
  // thread. load_all() loads every cog not loaded yet, goes on after a
  // failure and returns the first failure (its message counts the others).
  // load() of a running cog is AlreadyLoaded; reload() of a cog that is not
  // running loads it; unload() of one that is not running is NotLoaded.
  // The layout guard runs first (a refused image is LayoutRefused and never
  // opened); these never hot-patch: a reload here is always a full one.
  // Hot patches come through request_reload(), the socket and the self-watch.
  // reload() and unload() of a running cog first wait (block) until every
  // registered worker thread is at its safe point or idle, at most 5 s, then
  // refuse with TimedOut (running version kept); see WorkerThread. A first
  // load waits for nothing.
  Status load_all();
  Status load(std::string_view cog);
  Status reload(std::string_view cog);
  Status unload(std::string_view cog);

  // Queues a reload (or load, if not running) to be prepared on the
  // background thread and applied by a later poll(). Thread-safe.
  void request_reload(std::string_view cog);

  // The safe point. Applies reloads whose images are ready -- from
  // request_reload(), the control socket and the self-watch -- and returns
  // one ReloadResult per cog applied, in request order (empty when nothing
  // was ready). Never blocks on file copies, dlopen or the socket; retired
  // images are dlclose'd on the background thread.
  std::vector<ReloadResult> poll();

  // An eventfd that becomes readable when poll() has work; lets an event loop
  // sleep in poll(2)/epoll instead of spinning. poll() drains it. -1 if the
  // runtime could not create it.
  int wait_fd() const;

  // Registers the calling thread as one that may run cog code (see
  // WorkerThread); call it on that thread. Thread-safe. While a patch is
  // pending or being applied, it returns after the patch.
  WorkerThread register_thread();

  // Every known cog (manifest + add_cog), in registration order; cogs that
  // left the manifest (control request `manifest`) are not listed. Thread-safe.
  std::vector<CogInfo> cogs() const;
  // The resolved build dir ("" if none).
  const std::string& build_dir() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotcog
