// Runs `hotcog-scan --includes --refs` as a subprocess (the tool never links
// clang) on some TUs of a compile database and returns what it saw. The
// scanner keeps its own cache (--cache-dir), so TUs whose inputs did not
// change come back without a parse.
#pragma once

#include "lib/scan_facts.h"

#include "hotcog/ninja/subprocess.h"

#include <llvm/Support/Error.h>

#include <chrono>
#include <string>
#include <vector>

namespace hotcog::cli {

struct ScanRequest {
  std::string scanner;               // find_scanner()
  std::string db_dir;                // holds compile_commands.json
  std::string cache_dir;             // the scanner's cache
  std::string output;                // where the scanner writes its document
  std::vector<std::string> files;    // TUs to scan; empty: every TU
  unsigned jobs = 0;                 // 0: the scanner's default (all cores)
  std::chrono::milliseconds timeout{60000};
  const ninja::CancelToken* cancel = nullptr;  // a stop request ends the scan too
  StringPool* pool = nullptr;                  // interns the facts' paths; must outlive them
};

// One result per TU; a TU that did not parse has TuFacts::error set (not an
// Error: the decision counts it as affected). An Error when the scanner could
// not run, timed out, was cancelled or printed no document.
llvm::Expected<std::vector<TuFacts>> run_scan(const ScanRequest& request);

// $HOTCOG_SCAN, else hotcog-scan next to the running hotcog, else from PATH.
std::string find_scanner();

}  // namespace hotcog::cli
