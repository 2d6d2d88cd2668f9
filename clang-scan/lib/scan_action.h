// One clang run over one compile command: preprocessing only when just the
// includes are asked for, a full parse (Sema, no codegen) for layouts/refs.
#pragma once

#include "hotcog/scan/scanner.h"

#include <string>
#include <vector>

namespace hotcog::scan {

// A file the TU read, with the hash of the content the compiler saw (for the
// cache: the result stays valid while every input keeps its hash).
struct InputDigest {
  std::string path;
  std::string hash;
  // Size and mtime when the file was provably unchanged since before clang
  // read it (mtime older than the scan start minus a margin for coarse file
  // system clocks); -1 when not, and then only the content hash counts.
  int64_t size = -1;
  int64_t mtime_ns = -1;
};

struct TuRun {
  TuScan scan;
  std::vector<InputDigest> inputs;  // the TU's own file first
  // Paths that must stay absent for the result to hold (a header created at
  // one would be found before the one the TU includes now).
  std::vector<std::string> absent;
};

class MinimizedSession;
class Cc1Commands;
class ExistenceMemo;

// What the TUs of one scan share; a null member: the run makes its own.
struct SharedScanState {
  MinimizedSession* session = nullptr;  // minimized sources (include-only scans)
  Cc1Commands* cc1_commands = nullptr;  // the driver's cc1 lines by command shape
  ExistenceMemo* existence = nullptr;   // which shadow paths exist
};

TuRun run_translation_unit(const CompileCommand& command, const ScanOptions& options,
                           const SharedScanState& shared = {});

// Builds the precompiled header `args` (a driver command line for a header,
// with -o) names, run in `directory`; false with the compiler's diagnostics.
bool generate_pch(const std::vector<std::string>& args, const std::string& directory,
                  const std::string& header, std::string* diagnostics);

// The command line clang actually runs: the user's, minus output/depfile
// flags and minus arguments clang's driver does not know (listed in
// `ignored` if given), plus our resource dir and -w (warnings, even -Werror
// ones, are not what a scan is about).
std::vector<std::string> scanner_command_line(const CompileCommand& command,
                                              const ScanOptions& options,
                                              std::vector<std::string>* ignored = nullptr);

}  // namespace hotcog::scan
