// Runs a program as a child process in its own process group, with stdout and
// stderr merged into one pipe that is read line by line while it runs.
//
// Its own process group lets a cancel reach the child and everything it
// started (ninja forwards SIGINT to its compilers) without touching the
// caller, and keeps a terminal's Ctrl-C meant for the caller from killing a
// build half-way: the caller decides (see CancelToken).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotcog::ninja {

// A cancel request that can be raised from any thread (or a signal handler:
// cancel() only writes to an eventfd). The running subprocess waits on fd().
class CancelToken {
 public:
  CancelToken();
  ~CancelToken();
  CancelToken(const CancelToken&) = delete;
  CancelToken& operator=(const CancelToken&) = delete;

  void cancel();
  bool cancelled() const;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

struct SubprocessRequest {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  std::vector<std::pair<std::string, std::string>> env;  // added/overridden in the child
  std::string cwd;  // empty: the caller's
  // Called for each complete output line (without '\n'), as it arrives.
  std::function<void(std::string_view line)> on_line;
  const CancelToken* cancel = nullptr;
  // After a cancel: SIGINT to the group; if the child is still alive after
  // this many milliseconds, SIGKILL to the group.
  int kill_after_ms = 5000;
};

struct SubprocessResult {
  int exit_code = -1;   // 128+N when killed by signal N; 127 when it could not start
  int signal = 0;       // N when killed by signal N (exit_code alone cannot tell
                        // that from a program that exits with 128+N)
  bool started = false;
  bool cancelled = false;
  std::string output;   // stdout and stderr, interleaved as written
  std::string error;    // why it could not start
};

// When the child is killed by a signal (not by our cancel: by the OOM killer,
// a user's `kill -9`), whatever it started in its process group is killed
// too: ninja's compilers and linkers would otherwise keep writing outputs
// that the next build writes as well.
SubprocessResult run_subprocess(const SubprocessRequest& request);

}  // namespace hotcog::ninja
