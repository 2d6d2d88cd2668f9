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

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cog_image.h"
#include "control_protocol.h"
#include "hotcog/host.hpp"
#include "reload_transaction.h"

namespace hotcog::rt {
class ControlServer;
class OutputWatcher;
class ProbeZygote;
}  // namespace hotcog::rt

namespace hotcog {

struct Host::Impl {
  // A reload asked for by request_reload (client 0), the control socket
  // (client id) or the self-watch.
  struct Job {
    std::vector<std::string> cogs;
    uint64_t client = 0;
  };
  struct Prepared {
    std::string cog;
    Status status;                        // failed preparation, reported by poll()
    std::unique_ptr<rt::CogImage> image;  // ready to set up
  };
  struct ReadyBatch {
    uint64_t client = 0;
    std::vector<Prepared> items;
  };
  struct SlotEntry {
    std::unique_ptr<rt::CogSlot> slot;
    rt::CogListing listing;  // published copy for the background thread
  };

  HostOptions options;
  std::string build_dir;
  std::string images_dir;
  rt::OpenOptions open_options;
  std::unique_ptr<rt::ProbeZygote> zygote;  // forked first, before any thread
  bool own_images_dir = false;  // a temp dir we remove at the end
  rt::ServiceTable services;

  std::mutex log_mu;
  std::function<void(std::string_view)> log_sink;
  void log(const std::string& line);

  mutable std::mutex mu;
  std::vector<SlotEntry> slots;
  std::deque<Job> requests;
  std::deque<ReadyBatch> ready;
  std::vector<std::pair<uint64_t, std::string>> replies;
  std::vector<std::unique_ptr<rt::CogImage>> retired;
  size_t in_flight = 0;  // jobs queued or prepared but not applied yet
  bool stopping = false;

  int wake_fd = -1;
  int ready_fd = -1;
  std::thread worker;
  std::unique_ptr<rt::ControlServer> server;    // background thread only
  std::unique_ptr<rt::OutputWatcher> watcher;   // read by the background thread

  Impl(HostOptions opts, const char* compiled_build_dir);
  ~Impl();

  // Slot lookup under mu; nullptr if unknown.
  rt::CogSlot* find_slot(std::string_view name);
  rt::CogSlot* add_slot(const std::string& name, const std::string& output);
  void publish(const rt::CogSlot& slot);
  void reread_manifest();

  rt::TransactionEnv env(bool retire_in_background);
  void wake();
  void signal_ready();

  // Background thread.
  void run_worker();
  void prepare(Job job);
  void queue_watched_changes();
  bool start_socket_reload(uint64_t client, const rt::ControlRequest& req, rt::RequestError* err);
  std::string answer_now(const rt::ControlRequest& req);
  std::vector<rt::CogListing> listing() const;
};

}  // namespace hotcog
