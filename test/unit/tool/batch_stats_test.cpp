#include "lib/batch_stats.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

TEST(Latency, NearestRankPercentiles) {
  std::vector<int64_t> samples;
  for (int64_t i = 100; i >= 1; --i) samples.push_back(i);  // any order
  Latency l = latency_of(samples);
  EXPECT_EQ(l.count, 100u);
  EXPECT_EQ(l.p50, 50);
  EXPECT_EQ(l.p90, 90);
  EXPECT_EQ(l.p99, 99);
  EXPECT_EQ(l.max, 100);

  Latency three = latency_of({30, 10, 20});
  EXPECT_EQ(three.p50, 20);
  EXPECT_EQ(three.p90, 30);  // a measured value, never an interpolation
  EXPECT_EQ(latency_of({7}).p99, 7);
  EXPECT_EQ(latency_of({}).count, 0u);
}

HistoryRecord record(std::vector<std::string> cogs, std::map<std::string, std::string> results,
                     int64_t total_us, std::map<std::string, int64_t> phases) {
  HistoryRecord r;
  r.time = 1000 + total_us;
  r.cogs = std::move(cogs);
  r.results = std::move(results);
  r.total_us = total_us;
  r.phases_us = std::move(phases);
  return r;
}

TEST(BatchStats, PerPhaseInBatchOrderAndPerCog) {
  History h;
  h.records = {record({"greeter"}, {{"greeter", "patched"}}, 500, {{"build", 300}, {"detect", 2}, {"apply", 80}}),
               record({"greeter", "echo"}, {{"greeter", "build_failed"}, {"echo", "build_failed"}}, 200,
                      {{"build", 150}, {"detect", 4}}),
               record({"greeter"}, {{"greeter", "reloaded"}}, 700, {{"build", 400}, {"detect", 3}, {"apply", 90}})};
  h.unreadable = 1;
  BatchStats s = compute_stats(h);
  EXPECT_EQ(s.batches, 3u);
  EXPECT_EQ(s.unreadable, 1u);
  EXPECT_EQ(s.first_time, 1200);
  EXPECT_EQ(s.last_time, 1700);
  ASSERT_EQ(s.phases.size(), 3u);
  EXPECT_EQ(s.phases[0].first, "detect");
  EXPECT_EQ(s.phases[1].first, "build");
  EXPECT_EQ(s.phases[2].first, "apply");
  EXPECT_EQ(s.phases[1].second.p50, 300);
  EXPECT_EQ(s.phases[2].second.count, 2u);
  EXPECT_EQ(s.total.max, 700);
  const CogStats& greeter = s.cogs.at("greeter");
  EXPECT_EQ(greeter.batches, 3u);
  EXPECT_EQ(greeter.results.at("build_failed"), 1u);
  EXPECT_EQ(greeter.latency.count, 2u);  // the batches that reloaded it
  EXPECT_EQ(greeter.latency.p50, 500);
  EXPECT_EQ(s.cogs.at("echo").latency.count, 0u);
}

}  // namespace
}  // namespace hotcog::cli
