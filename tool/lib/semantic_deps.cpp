#include "lib/semantic_deps.h"

#include "lib/background_priority.h"
#include "lib/decision_shortcut.h"
#include "lib/release_memory.h"
#include "lib/scan_runner.h"
#include "lib/shared_header.h"
#include "lib/tool_error.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>

#include <algorithm>
#include <optional>
#include <set>

namespace hotcog::cli {

struct SemanticDeps::Job {
  std::thread thread;
  ninja::CancelToken done;  // raised by the thread when it ends: fd() becomes readable
  ninja::CancelToken stop;  // raised by us to end it early
  bool startup = false;
  std::vector<std::string> tus;
  std::optional<std::vector<TuFacts>> facts;
  std::string error;
  double seconds = 0;
  std::chrono::steady_clock::time_point finished;
};

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

bool includes_any(const std::vector<PooledString>& includes, const std::set<llvm::StringRef>& files) {
  return std::any_of(includes.begin(), includes.end(),
                     [&](PooledString f) { return files.count(f.str()) > 0; });
}

// Background scans leave half the cores to the user's builds; a decision's
// rescan (the user waits for it) takes them all.
unsigned background_jobs() {
  unsigned cores = std::thread::hardware_concurrency();
  return cores > 1 ? cores / 2 : 1;
}

OwnerVerdict verdict_for(const Owner& owner, std::string reason) {
  return {owner.name, owner.host, TuVerdict{true, "", std::move(reason)}, ""};
}

}  // namespace

SemanticDeps::SemanticDeps(Config config) : config_(std::move(config)) {}

llvm::Expected<std::unique_ptr<SemanticDeps>> SemanticDeps::start(Config config) {
  std::unique_ptr<SemanticDeps> deps(new SemanticDeps(std::move(config)));
  llvm::Expected<CompileDb> db = load_compile_db(deps->config_.build_dir);
  if (!db) return db.takeError();
  deps->db_ = std::move(*db);
  std::string dir = deps->config_.build_dir + "/hotcog/semantic";
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return tool_error(ErrorKind::Io, "cannot create {}: {}", dir, ec.message());
  // The scans' whole-document form, written by versions before .jsonl (one
  // of 500 TUs is ~75 MB), is never read again.
  for (const char* old : {"/background-scan.json", "/decision-scan.json"})
    llvm::sys::fs::remove(dir + old);
  return deps;
}

void SemanticDeps::scan_in_background(std::vector<std::string> tus) {
  if (job_ || tus.empty()) return;
  launch(std::move(tus), /*startup=*/true);
}

SemanticDeps::~SemanticDeps() {
  if (!job_) return;
  job_->stop.cancel();
  job_->thread.join();
}

bool SemanticDeps::is_tu(const std::string& path) const {
  return std::find(db_.files.begin(), db_.files.end(), path) != db_.files.end();
}

int SemanticDeps::fd() const { return job_ ? job_->done.fd() : -1; }

void SemanticDeps::launch(std::vector<std::string> tus, bool startup) {
  job_ = std::make_unique<Job>();
  job_->startup = startup;
  job_->tus = std::move(tus);
  ScanRequest request{config_.scanner,
                      db_.dir,
                      config_.build_dir + "/hotcog/scan-cache",
                      // One background job at a time; decide() never scans while it runs.
                      config_.build_dir + "/hotcog/semantic/background-scan.jsonl",
                      job_->tus,
                      background_jobs(),
                      startup ? std::chrono::milliseconds(600000) : config_.timeout,
                      &job_->stop,
                      &pool_};
  Job* job = job_.get();
  job->thread = std::thread([job, request] {
    lower_this_thread_priority();  // the scanner it starts must not slow the next build
    Clock::time_point start = Clock::now();
    llvm::Expected<std::vector<TuFacts>> facts = run_scan(request);
    if (facts)
      job->facts = std::move(*facts);
    else
      job->error = llvm::toString(facts.takeError());
    job->seconds = seconds_since(start);
    job->finished = Clock::now();
    job->done.cancel();
  });
}

std::string SemanticDeps::finish_job() {
  if (!job_) return {};
  job_->thread.join();
  std::unique_ptr<Job> job = std::move(job_);
  std::string message;
  if (job->facts) {
    std::set<std::string> queued(pending_.begin(), pending_.end());
    for (TuFacts& tu : *job->facts) {
      // A TU queued for a rescan changed after this job read it.
      if (queued.count(tu.file)) continue;
      scanned_at_[tu.file] = job->finished;
      before_[tu.file] = std::move(tu);
    }
    if (job->startup)
      message = fmt::format("declaration-level decisions on: scanned {} TUs in {:.2f}s",
                            job->facts->size(), job->seconds);
  } else {
    message = fmt::format("declaration scan failed ({}); those TUs count as affected until "
                          "rescanned", job->error);
  }
  // A scan of many TUs (the start-up one) parsed a document of tens of MB on
  // the job's thread: give the freed arena pages back (release_memory.h).
  const bool large = job->tus.size() >= 32;
  job.reset();
  if (large) release_free_memory();
  if (!pending_.empty()) launch(std::exchange(pending_, {}), false);
  return message;
}

std::string SemanticDeps::collect() {
  if (!job_ || !job_->done.cancelled()) return {};
  return finish_job();
}

std::vector<std::string> SemanticDeps::tus_shadowed_by(const std::string& path) const {
  std::vector<std::string> tus;
  llvm::StringRef wanted(path);
  for (const auto& [tu, facts] : before_) {
    auto at = std::lower_bound(facts.shadows.begin(), facts.shadows.end(), wanted,
                               [](PooledString shadow, llvm::StringRef p) { return shadow.str() < p; });
    if (at != facts.shadows.end() && at->str() == wanted) tus.push_back(tu);
  }
  return tus;
}

void SemanticDeps::refresh(std::vector<std::string> tus) {
  for (std::string& tu : tus)
    if (is_tu(tu)) {
      before_.erase(tu);  // stale until the rescan lands: affected if asked meanwhile
      pending_.push_back(std::move(tu));
    }
  // With a job running, they wait for its end (finish_job). Without one,
  // they start now, with those decide() left for after the build.
  if (!job_ && !pending_.empty()) launch(std::exchange(pending_, {}), false);
}

llvm::Error SemanticDeps::reload_db() {
  llvm::Expected<CompileDb> db = load_compile_db(config_.build_dir);
  if (!db) return db.takeError();
  std::vector<std::string> added;
  for (const std::string& file : db->files)
    if (!is_tu(file)) added.push_back(file);
  db_ = std::move(*db);
  // TUs that left the build (a cog removed from CMakeLists.txt) are neither
  // rescanned (the scanner would fail on them) nor asked about.
  std::erase_if(pending_, [&](const std::string& tu) { return !is_tu(tu); });
  std::erase_if(before_, [&](const auto& entry) { return !is_tu(entry.first); });
  refresh(std::move(added));
  return llvm::Error::success();
}

HeaderDecision SemanticDeps::decide(const std::vector<std::string>& headers,
                                    const std::vector<Owner>& candidates,
                                    Clock::time_point edited_at) {
  Clock::time_point start = Clock::now();
  HeaderDecision decision;
  auto fall_back = [&](std::string why) {
    decision.fallback = std::move(why);
    decision.owners.clear();
    for (const Owner& owner : candidates) decision.owners.push_back(verdict_for(owner, decision.fallback));
    decision.seconds = seconds_since(start);
    return decision;
  };
  if (job_ && job_->startup && !job_->done.cancelled())
    return fall_back("the first declaration scan is still running");
  while (job_) finish_job();  // a background refresh: its result is our before state

  std::set<llvm::StringRef> header_set(headers.begin(), headers.end());
  std::set<std::string> rescan;
  for (const Owner& owner : candidates)
    for (const std::string& tu : owner.tus) {
      auto it = before_.find(tu);
      if (it == before_.end() ? is_tu(tu) : includes_any(it->second.includes, header_set))
        rescan.insert(tu);
    }
  if (std::optional<std::string> why = build_without_deciding(candidates, rescan)) {
    decision.shortcut = *why;
    for (const Owner& owner : candidates)
      decision.owners.push_back(verdict_for(owner, "not decided per declaration: " + *why));
    // Its before state is older than the edit now: it is rescanned along with
    // the batch's other built TUs once the build is over (refresh()), not
    // beside the compile it would slow down.
    for (const std::string& tu : rescan) {
      before_.erase(tu);
      pending_.push_back(tu);
    }
    decision.seconds = seconds_since(start);
    return decision;
  }
  // One includer's scan may stand for the others' (shared_header.h): it
  // is parsed first; an includer that can take its view of the edit and is
  // unaffected by it keeps that view as its next before state; one that uses
  // a changed declaration is affected without a parse, and is rescanned in
  // the background for its next before state (what it uses may differ now);
  // the others are parsed.
  auto usable = [&](const std::string& tu) {
    auto at = scanned_at_.find(tu);
    return before_.count(tu) && at != scanned_at_.end() && at->second < edited_at;
  };
  std::map<std::string, TuFacts> after, projected, affected;
  auto scan = [&](const std::vector<std::string>& tus) -> llvm::Error {
    ScanRequest request{config_.scanner, db_.dir, config_.build_dir + "/hotcog/scan-cache",
                        config_.build_dir + "/hotcog/semantic/decision-scan.jsonl",
                        tus, 0, config_.timeout, nullptr, &pool_};
    llvm::Expected<std::vector<TuFacts>> facts = run_scan(request);
    if (!facts) return facts.takeError();
    for (TuFacts& tu : *facts) after[tu.file] = std::move(tu);
    return llvm::Error::success();
  };
  std::vector<std::string> to_scan(rescan.begin(), rescan.end());
  if (headers.size() == 1 && rescan.size() > 2) {
    if (std::optional<std::string> rep =
            pick_representative(headers.front(), to_scan, before_, usable)) {
      llvm::Error err = scan({*rep});
      if (err) {
        for (const std::string& tu : rescan) before_.erase(tu);  // unknown now
        return fall_back(llvm::toString(std::move(err)));
      }
      std::string why;
      std::optional<SharedEdit> edit;
      if (after.count(*rep)) edit = shared_edit(headers.front(), before_[*rep], after[*rep], &why);
      std::vector<std::string> rest;
      for (const std::string& tu : to_scan) {
        if (tu == *rep) continue;
        std::optional<TuFacts> facts;
        if (edit && usable(tu)) facts = project_edit(before_[tu], *edit);
        if (!facts)
          rest.push_back(tu);
        else if (judge_tu(&before_[tu], *facts).affected)
          affected[tu] = std::move(*facts);  // uses a changed declaration: so would its scan
        else if (may_resolve_differently(before_[tu], *edit))
          rest.push_back(tu);
        else
          projected[tu] = std::move(*facts);
      }
      to_scan = std::move(rest);
    }
  }
  if (!to_scan.empty()) {
    if (llvm::Error err = scan(to_scan)) {
      for (const std::string& tu : rescan) before_.erase(tu);  // unknown now
      return fall_back(llvm::toString(std::move(err)));
    }
  }
  Clock::time_point scanned = Clock::now();
  decision.shared = static_cast<unsigned>(projected.size() + affected.size());
  decision.rescanned = static_cast<unsigned>(rescan.size()) - decision.shared;

  std::set<std::string> changed;
  for (const auto& [file, facts] : after)
    if (auto it = before_.find(file); it != before_.end())
      for (const DeclChange& change : diff_decls(it->second, facts))
        changed.insert(fmt::format("{} ({})", change.decl.name, change_name(change.kind)));
  decision.changed_decls.assign(changed.begin(), changed.end());

  for (const Owner& owner : candidates) {
    if (owner.tus.empty()) {
      decision.owners.push_back(verdict_for(owner, "no compile command builds it"));
      continue;
    }
    OwnerVerdict verdict{owner.name, owner.host, {}, ""};
    bool includes_header = false;
    for (const std::string& tu : owner.tus) {
      if (!rescan.count(tu)) continue;
      includes_header = true;
      const TuFacts* now = nullptr;
      if (auto it = after.find(tu); it != after.end()) now = &it->second;
      if (auto it = projected.find(tu); it != projected.end()) now = &it->second;
      if (auto it = affected.find(tu); it != affected.end()) now = &it->second;
      auto then = before_.find(tu);
      TuVerdict tu_verdict;
      if (!now)
        tu_verdict = {true, "", "the scanner did not report it"};
      else if (then != before_.end() && scanned_at_[tu] >= edited_at)
        tu_verdict = {true, "", "its last scan may have seen this edit already"};
      else
        tu_verdict = judge_tu(then == before_.end() ? nullptr : &then->second, *now);
      if (tu_verdict.affected) {
        verdict.verdict = std::move(tu_verdict);
        verdict.tu = tu;
        break;
      }
    }
    if (!includes_header)
      verdict.verdict = {true, "", "ninja ties it to the header, but none of its TUs includes it"};
    else if (!verdict.verdict.affected)
      verdict.verdict.reason = "uses none of the changed declarations";
    decision.owners.push_back(std::move(verdict));
  }
  for (auto& [file, facts] : after) {
    scanned_at_[file] = scanned;
    before_[file] = std::move(facts);
  }
  // The representative's scan may have read a later edit: so may they.
  for (auto& [file, facts] : projected) {
    scanned_at_[file] = scanned;
    before_[file] = std::move(facts);
  }
  decision.seconds = seconds_since(start);
  std::vector<std::string> later;
  for (const auto& [file, facts] : affected) later.push_back(file);
  refresh(std::move(later));  // forgets their before state until the rescan lands
  return decision;
}

}  // namespace hotcog::cli
