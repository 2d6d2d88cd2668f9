// SIGINT/SIGTERM as a file descriptor the watch loop polls (the self-pipe
// trick), plus a cancel of the running build: ninja runs in its own process
// group, so a terminal's Ctrl-C reaches it only through this cancel.
#pragma once

#include "hotcog/ninja/subprocess.h"

#include <llvm/Support/Error.h>

namespace hotcog::cli {

class StopSignals {
 public:
  // One instance per process; restores the previous handlers when destroyed.
  static llvm::Expected<std::unique_ptr<StopSignals>> install(ninja::CancelToken* cancel);
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  int fd() const;              // readable once a stop signal arrived
  int received_signal() const; // 0 if none yet

 private:
  StopSignals() = default;
};

}  // namespace hotcog::cli
