// scan_all: the cache first, then clang over the remaining TUs in parallel.
#include "hotcog/scan/scanner.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include "cc1_commands.h"
#include "scan_action.h"
#include "minimized_sources.h"
#include "scan_cache.h"
#include "scan_paths.h"
#include "system_pch.h"

#include <chrono>
#include <memory>

namespace hotcog::scan {
namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

TuScan scan_translation_unit(const CompileCommand& command, const ScanOptions& options) {
  if (options.pch_cache.empty() || !options.parts.needs_ast())
    return run_translation_unit(command, options).scan;
  std::optional<std::string> pch = system_pch_for(command, options);
  if (!pch) return run_translation_unit(command, options).scan;
  ScanOptions with_pch = options;
  with_pch.include_pch = *pch;
  TuRun run = run_translation_unit(command, with_pch);
  if (run.scan.error.empty()) return std::move(run.scan);
  // A header of the PCH changed since it was built (or the TU does not
  // parse at all): the PCH goes, the scan runs without it.
  llvm::sys::fs::remove(*pch);
  return run_translation_unit(command, options).scan;
}

std::vector<TuScan> scan_all(const std::vector<CompileCommand>& commands,
                             const ScanOptions& options, ScanTimings* timings,
                             const TuDone& on_done) {
  ScanTimings local;
  if (!timings) timings = &local;
  std::vector<TuScan> results(commands.size());
  std::vector<size_t> to_parse;
  std::vector<std::string> keys(commands.size());

  // Cache lookups in parallel too: parsing the entries' JSON dominates a warm
  // rescan.
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<ScanCache> cache;
  llvm::ThreadPool pool(llvm::hardware_concurrency(options.jobs));
  if (!options.cache_dir.empty()) {
    cache = std::make_unique<ScanCache>(options.cache_dir);
    std::vector<char> hit(commands.size(), 0);
    for (size_t i = 0; i < commands.size(); ++i) {
      pool.async([&, i] {
        keys[i] = ScanCache::key(commands[i], options);
        if (auto found = cache->lookup(keys[i])) {
          results[i] = std::move(*found);
          hit[i] = 1;
          if (on_done) on_done(i, results[i]);
        }
      });
    }
    pool.wait();
    for (size_t i = 0; i < commands.size(); ++i) {
      if (hit[i])
        ++timings->cached;
      else
        to_parse.push_back(i);
    }
  } else {
    for (size_t i = 0; i < commands.size(); ++i) to_parse.push_back(i);
  }
  timings->cache_check_ms = ms_since(start);

  start = std::chrono::steady_clock::now();
  MinimizedSession session(/*hash_contents=*/!options.cache_dir.empty());  // minimized once
  Cc1Commands cc1_commands;  // the driver run once per command shape
  ExistenceMemo existence;    // TUs share most shadow paths
  SharedScanState shared{&session, &cc1_commands, &existence};
  auto parse = [&](size_t i) {
    TuRun run = run_translation_unit(commands[i], options, shared);
    if (cache) cache->store(keys[i], run, options.parts);
    results[i] = std::move(run.scan);
    if (on_done) on_done(i, results[i]);
  };
  if (to_parse.size() == 1) {
    parse(to_parse.front());
  } else if (!to_parse.empty()) {
    for (size_t i : to_parse) pool.async(parse, i);
    pool.wait();
  }
  timings->parse_ms = ms_since(start);
  timings->parsed = to_parse.size();
  timings->driver_runs = cc1_commands.driver_runs();
  return results;
}

}  // namespace hotcog::scan
