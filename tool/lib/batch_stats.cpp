#include "lib/batch_stats.h"

#include <algorithm>

namespace hotcog::cli {
namespace {

constexpr const char* kPhaseOrder[] = {"detect", "debounce", "decide", "scan",
                                       "build",  "prepare",  "apply"};

int64_t nearest_rank(const std::vector<int64_t>& sorted, int percent) {
  size_t rank = (sorted.size() * static_cast<size_t>(percent) + 99) / 100;  // ceil
  return sorted[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

Latency latency_of(std::vector<int64_t> samples_us) {
  Latency l;
  l.count = samples_us.size();
  if (samples_us.empty()) return l;
  std::sort(samples_us.begin(), samples_us.end());
  l.p50 = nearest_rank(samples_us, 50);
  l.p90 = nearest_rank(samples_us, 90);
  l.p99 = nearest_rank(samples_us, 99);
  l.max = samples_us.back();
  return l;
}

bool is_reloaded(const std::string& result) {
  return result == "patched" || result == "reloaded" || result == "loaded";
}

BatchStats compute_stats(const History& history) {
  BatchStats stats;
  stats.batches = history.records.size();
  stats.unreadable = history.unreadable;
  std::vector<int64_t> totals;
  std::map<std::string, std::vector<int64_t>> phase_samples, cog_samples;
  for (const HistoryRecord& r : history.records) {
    if (stats.first_time == 0 || r.time < stats.first_time) stats.first_time = r.time;
    stats.last_time = std::max(stats.last_time, r.time);
    totals.push_back(r.total_us);
    for (const auto& [name, us] : r.phases_us) phase_samples[name].push_back(us);
    for (const std::string& cog : r.cogs) ++stats.cogs[cog].batches;
    for (const auto& [cog, result] : r.results) {
      CogStats& c = stats.cogs[cog];
      ++c.results[result];
      if (is_reloaded(result)) cog_samples[cog].push_back(r.total_us);
    }
  }
  stats.total = latency_of(std::move(totals));
  for (const char* name : kPhaseOrder)
    if (auto it = phase_samples.find(name); it != phase_samples.end())
      stats.phases.emplace_back(name, latency_of(std::move(it->second)));
  for (auto& [cog, samples] : cog_samples) stats.cogs[cog].latency = latency_of(std::move(samples));
  return stats;
}

}  // namespace hotcog::cli
