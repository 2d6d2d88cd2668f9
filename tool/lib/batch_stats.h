// `hotcog stats`: counts and latency percentiles of a build dir's batch
// history (batch_history.h), per phase and per cog. Pure: records in,
// numbers out; stats_report.h prints them.
#pragma once

#include "lib/batch_history.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hotcog::cli {

struct Latency {
  size_t count = 0;
  // Nearest-rank percentiles and the maximum, in microseconds.
  int64_t p50 = 0, p90 = 0, p99 = 0, max = 0;
};

// Nearest rank: the smallest value with at least p% of the values at or
// below it (no interpolation: every number shown was measured).
Latency latency_of(std::vector<int64_t> samples_us);

struct CogStats {
  size_t batches = 0;                     // batches that planned this cog
  std::map<std::string, size_t> results;  // "patched" -> 3, "build_failed" -> 1, ...
  Latency latency;                        // save -> reply, batches that reloaded it
};

struct BatchStats {
  size_t batches = 0;
  size_t unreadable = 0;
  int64_t first_time = 0, last_time = 0;  // Unix seconds
  Latency total;                          // save -> reply (or end), every batch
  // In the order a batch goes through them; phases never seen are left out.
  std::vector<std::pair<std::string, Latency>> phases;
  std::map<std::string, CogStats> cogs;
};

BatchStats compute_stats(const History& history);

// Whether a result means the host runs the new code ("patched", "reloaded",
// "loaded").
bool is_reloaded(const std::string& result);

}  // namespace hotcog::cli
