// A helper process, forked once when the Host starts, that runs the static
// constructor probes (static_init_probe.h) for the rest of the host's life.
//
// Forking the host itself for every probe has two costs the zygote avoids:
// after each fork every page of the host is copy-on-write again, so the host
// thread pays a minor fault on its next write to each page (measured: the
// whole poll() call went from ~9 us to ~76 us median); and a fork from a
// multithreaded process can inherit a lock another thread held. The zygote
// is a snapshot of the host taken at startup, single-threaded, with every fd
// but its socket closed; it forks one child per probe (cheap: the zygote is
// small and nothing else runs in it). The host's executable is mapped in it,
// so cogs resolve the host symbols they use exactly as in the host.
//
// The zygote dies with the host (PR_SET_PDEATHSIG) or when the socket closes.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <string>

#include "static_init_probe.h"

namespace hotcog::rt {

class ProbeZygote {
 public:
  ProbeZygote() = default;
  ~ProbeZygote();
  ProbeZygote(const ProbeZygote&) = delete;
  ProbeZygote& operator=(const ProbeZygote&) = delete;

  // Forks the zygote. Best called before the host starts threads.
  bool start(std::string* err);
  bool running() const { return sock_ >= 0; }

  // Runs probe_static_init(path) in the zygote. Thread-safe. Falls back to a
  // direct probe_static_init() from this process if the zygote is gone.
  StaticInitProbe probe(const std::string& path, int timeout_ms);

 private:
  std::mutex mu_;
  int sock_ = -1;
  pid_t pid_ = -1;
};

}  // namespace hotcog::rt
