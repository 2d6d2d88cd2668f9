// Runs `ninja -C <build_dir> <targets>...` as a subprocess (ninja has no
// library API) and turns what it prints into progress callbacks, per-edge
// failure output and compiler diagnostics.
//
// Progress: writing to a pipe, ninja prints one status line per edge as it
// finishes (and one when a console-pool edge such as the CMake re-run
// starts), formatted by the NINJA_STATUS environment variable. We set it to "[hotcog %f/%t] " (finished
// and total edges of this build), parse it, and rewrite it to ninja's usual
// "[f/t] " in BuildResult::output.
//
// Failures: ninja prints "FAILED: <outputs>", the command, then the command's
// whole output in one block; each block becomes a FailedEdge, and the
// diagnostics of every block (plus warnings of successful edges) are parsed.
//
// Around the subprocess: the build dir lock is taken first (BuildLock: waits
// for another hotcog build and for a ninja the user started there), and the
// end of .ninja_log is noted, so that afterwards the log lines past it tell
// which edges ran (BuildResult::ran).
//
// Launchers: CMake puts CMAKE_<LANG>_COMPILER_LAUNCHER (ccache, sccache,
// distcc, icecc) in front of the compiler inside the rules of build.ninja, so
// ninja runs "ccache g++ ..." itself. Nothing here needs to know: we pass the
// environment through unchanged (CCACHE_*, DISTCC_HOSTS, ...), and compiler
// output reaches us through ninja the same way with or without a launcher.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hotcog/ninja/build_lock.h"
#include "hotcog/ninja/diagnostics.h"
#include "hotcog/ninja/ninja_log.h"
#include "hotcog/ninja/subprocess.h"

namespace hotcog::ninja {

struct BuildRequest {
  std::string build_dir;
  std::vector<std::string> targets;  // empty: ninja's default targets
  std::function<void(int finished, int total)> on_progress;
  // Each status line as it comes: also the edge's description (its
  // `description`, else its command), for a "[3/7] greeter.cpp" line.
  std::function<void(int finished, int total, std::string_view description)> on_status;
  // Each output line of a failing edge as it arrives. Ninja prints a failed
  // edge's whole output when that edge ends, while others may still run:
  // a caller shows the first error then, not at the end of the build.
  std::function<void(std::string_view line)> on_failure_line;
  // Optional: raise to stop the build (SIGINT to ninja's process group).
  const CancelToken* cancel = nullptr;
  // Parallel jobs (-j). 0: $HOTCOG_NINJA_JOBS if set, else ninja's default
  // (CPUs + 2), which is too low when a launcher such as distcc compiles on
  // other machines.
  int jobs = 0;
  std::string ninja;       // empty: find_ninja(build_dir)
  // Extra environment for ninja and the commands it runs (e.g. CCACHE_DIR).
  std::vector<std::pair<std::string, std::string>> env;
  bool lock = true;        // take the build dir lock around the build
};

struct FailedEdge {
  std::string outputs;   // as ninja printed them after "FAILED: "
  std::string command;
  std::string output;    // what the command printed
};

struct BuildResult {
  int exit_code = -1;    // ninja's exit code (127: ninja could not be started)
  bool cancelled = false;
  std::string output;    // everything ninja printed, status lines as "[f/t] ..."
  std::vector<Diagnostic> diagnostics;  // errors first (see diagnostics.h)
  std::vector<FailedEdge> failed;
  int finished = 0, total = 0;  // last progress seen
  double seconds = 0;    // wall time of the ninja subprocess
  std::string error;     // set when ninja did not run (lock, spawn); exit_code is then -1 or 127
  LockWaits lock_waits;
  // Edges that ran, from .ninja_log; ran_error says why they are unknown.
  std::vector<RanEdge> ran;
  std::string ran_error;

  bool ok() const { return exit_code == 0 && !cancelled; }
  // The first error diagnostic, or nullptr (e.g. ninja itself failed).
  const Diagnostic* first_error() const;
};

BuildResult run_build(const BuildRequest& request);

// The ninja program for a build dir: $HOTCOG_NINJA if set, else
// CMAKE_MAKE_PROGRAM from <build_dir>/CMakeCache.txt (the ninja that CMake
// generated for), else "ninja" from PATH.
std::string find_ninja(const std::string& build_dir);

}  // namespace hotcog::ninja
