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
// SIGFPE, SIGILL, SIGABRT), everything it registered is undone, the old
// version is set up again with its saved state, and the host goes on with the
// old code. Nothing here throws; failures are Status values.
//
// Reload requests come from Host::request_reload(), from the control socket
// (<build>/hotcog/control.sock, used by `hotcog watch`), or from the optional
// self-watch of cog outputs.
//
// C++17: included by user projects.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
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
};

const char* to_string(ErrorKind kind);

struct Status {
  ErrorKind kind = ErrorKind::None;
  std::string message;  // names cog, file and phase
  bool ok() const { return kind == ErrorKind::None; }
  static Status success() { return {}; }
};

// Outcome of one applied load/reload/unload, as reported by poll() and sent
// back over the control socket.
struct ReloadResult {
  std::string cog;
  Status status;
  unsigned version = 0;        // version now running (0: not loaded)
  std::uint64_t pause_ns = 0;  // time spent inside poll() for this cog
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
  // Serve <build>/hotcog/control.sock for `hotcog watch`.
  bool control_socket = true;
  // Watch cog outputs and reload when a new complete image appears (for
  // people who run plain `ninja`).
  bool self_watch = false;
  // Log sink; default writes "hotcog: ..." lines to stderr.
  std::function<void(std::string_view)> log;
};

class Host {
 public:
  Host();
  explicit Host(HostOptions options);
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Makes `service` available to cogs via CogContext::service<T>(name).
  void provide(std::string name, void* service);

  // Registers a cog that is not in the manifest (tests, embedders).
  Status add_cog(std::string name, std::string image_path);

  // Synchronous operations; run on the calling (host) thread.
  Status load_all();
  Status load(std::string_view cog);
  Status reload(std::string_view cog);
  Status unload(std::string_view cog);

  // Queues a reload to be prepared in the background and applied by poll().
  void request_reload(std::string_view cog);

  // The safe point. Applies reloads whose images are ready; never blocks on
  // file copies, dlopen or the socket. Returns what it applied.
  std::vector<ReloadResult> poll();

  // A file descriptor that becomes readable when poll() has work; lets an
  // event loop sleep in poll(2)/epoll instead of spinning. -1 if unavailable.
  int wait_fd() const;

  std::vector<CogInfo> cogs() const;
  const std::string& build_dir() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotcog
