// The scanner in the watch loop: keeps, per translation unit, what
// `hotcog-scan --includes --refs` saw the last time (the "before" of the
// next header edit) and turns a header edit into a per-cog verdict.
//
//   start:   one scan of every TU in the background (the scanner's cache makes
//            a restart cheap); until it is done, header edits are decided by
//            ninja's file-level view.
//   header:  decide() rescans the TUs that include a changed header (now, in
//            the loop: the decision must come before the build), compares
//            each with its before state (semantic_diff.h) and keeps the new
//            scan as the next before state. When one includer's scan can
//            stand for others' (shared_header.h), it is parsed first, then
//            only the includers it cannot decide; the affected ones among
//            those it decides are rescanned in the background right away.
//   .cpp:    a source edit is built on ninja's word alone (nothing slows the
//            common case); refresh() rescans those TUs in the background
//            afterwards, and decide() waits for that if it is still running.
// Few includers (decision_shortcut.h): when the edited headers have one
// includer TU, of one cog, the batch builds at once, every candidate
// counting as affected; that TU is rescanned after the build.
// Anything undecidable (no before state, a scan that failed or timed out, an
// owner without compile commands) counts as affected. So does a TU whose last
// scan was still running when the edit came: it may have read the edited
// header already, and comparing the edit with itself would skip it.
#pragma once

#include "lib/compile_db.h"
#include "lib/semantic_diff.h"

#include "hotcog/ninja/subprocess.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace hotcog::cli {

// A cog or a host and the TUs it is built from.
struct Owner {
  std::string name;
  bool host = false;
  std::vector<std::string> tus;
};

struct OwnerVerdict {
  std::string name;
  bool host = false;
  TuVerdict verdict;  // verdict.affected false: no TU of it uses a changed declaration
  std::string tu;     // the TU that decided, if one did
};

struct HeaderDecision {
  std::vector<OwnerVerdict> owners;          // one per candidate, in candidate order
  std::vector<std::string> changed_decls;    // "Outer (changed)", for the change line
  unsigned rescanned = 0;                    // TUs the decision parsed
  unsigned shared = 0;                       // TUs decided from another includer's scan
  double seconds = 0;                        // wall time of the decision
  std::string fallback;                      // set when nothing could be decided
  std::string shortcut;  // set when built without deciding (decision_shortcut.h): why
};

class SemanticDeps {
 public:
  struct Config {
    std::string build_dir;
    std::string scanner;  // find_scanner()
    std::chrono::milliseconds timeout{30000};
  };

  // Loads the compile commands; nothing is scanned yet.
  static llvm::Expected<std::unique_ptr<SemanticDeps>> start(Config config);
  // Starts the background scan of these TUs (those of the cogs and hosts:
  // a project's tests and tools need no scan).
  void scan_in_background(std::vector<std::string> tus);
  ~SemanticDeps();

  const CompileDb& db() const { return db_; }
  bool is_tu(const std::string& path) const;

  // Readable while a background scan has finished and waits for collect();
  // -1 when none runs.
  int fd() const;
  // Takes a finished background scan into the before state. Returns a line
  // for the user ("scanned 12 TUs ...") or an error message, empty when
  // nothing finished.
  std::string collect();

  // `edited_at`: the first file event of the batch (see above).
  HeaderDecision decide(const std::vector<std::string>& headers,
                        const std::vector<Owner>& candidates,
                        std::chrono::steady_clock::time_point edited_at);

  // The TUs in which a header created at `path` would be found before one
  // they include now (from their last scans).
  std::vector<std::string> tus_shadowed_by(const std::string& path) const;

  // Rescan these TUs in the background (their sources changed and were
  // built), and those a decision left for after the build.
  void refresh(std::vector<std::string> tus);
  // Re-reads the compile commands (CMake re-ran: TUs may have come or gone);
  // new TUs are scanned in the background. Errors keep the previous ones.
  llvm::Error reload_db();

 private:
  struct Job;
  explicit SemanticDeps(Config config);
  void launch(std::vector<std::string> tus, bool startup);
  std::string finish_job();  // joins the running job and merges its result

  Config config_;
  CompileDb db_;
  StringPool pool_;  // the facts' paths; before every holder of them
  std::map<std::string, TuFacts> before_;
  std::map<std::string, std::chrono::steady_clock::time_point> scanned_at_;  // scan's end
  std::vector<std::string> pending_;  // TUs to rescan once the running job ends
  std::unique_ptr<Job> job_;
};

}  // namespace hotcog::cli
