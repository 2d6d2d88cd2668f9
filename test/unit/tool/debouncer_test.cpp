#include "lib/debouncer.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

using std::chrono::milliseconds;

// A fake clock: tests move time by hand, nothing sleeps.
const SteadyTime t0 = SteadyTime() + std::chrono::hours(1);
SteadyTime at(int ms) { return t0 + milliseconds(ms); }

TEST(Debouncer, IdleHasNoDeadline) {
  Debouncer d(milliseconds(100));
  EXPECT_FALSE(d.pending());
  EXPECT_FALSE(d.time_until_due(at(0)).has_value());
  EXPECT_FALSE(d.take_due(at(1000)).has_value());
}

TEST(Debouncer, PendingFilesAreTheBurstsSoFar) {
  Debouncer d(milliseconds(100));
  EXPECT_TRUE(d.pending_files().empty());
  d.add("/src/b.cpp", {"b"}, at(0));
  d.add("/src/a.cpp", {"a"}, at(10));
  d.add("/src/b.cpp", {"b"}, at(20));
  EXPECT_EQ(d.pending_files(), (std::vector<std::string>{"/src/a.cpp", "/src/b.cpp"}));
  ASSERT_TRUE(d.take_due(at(200)));
  EXPECT_TRUE(d.pending_files().empty());
}

TEST(Debouncer, BatchIsDueOneWindowAfterTheLastEvent) {
  Debouncer d(milliseconds(100));
  d.add("/src/a.cpp", {"a"}, at(0));
  EXPECT_EQ(d.time_until_due(at(0)), milliseconds(100));
  EXPECT_EQ(d.time_until_due(at(40)), milliseconds(60));
  EXPECT_FALSE(d.take_due(at(99)).has_value());
  std::optional<Batch> batch = d.take_due(at(100));
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->cogs, std::vector<std::string>{"a"});
  EXPECT_EQ(batch->files, std::vector<std::string>{"/src/a.cpp"});
  EXPECT_EQ(batch->first_event, at(0));
  EXPECT_FALSE(d.pending());
}

TEST(Debouncer, SavesOfSeveralFilesWithinTheWindowAreOneBatchOfTheUnion) {
  Debouncer d(milliseconds(100));
  d.add("/src/a.cpp", {"a"}, at(0));
  d.add("/src/a_util.cpp", {"a"}, at(30));
  d.add("/src/b.cpp", {"b"}, at(60));
  EXPECT_FALSE(d.take_due(at(100)).has_value()) << "b's save at 60 extends the burst";
  std::optional<Batch> batch = d.take_due(at(160));
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->cogs, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(batch->files.size(), 3u);
  EXPECT_EQ(batch->first_event, at(0));
  EXPECT_EQ(batch->last_event, at(60));
}

TEST(Debouncer, SharedHeaderBringsAllItsCogsInOneBatch) {
  Debouncer d(milliseconds(100));
  d.add("/src/style.hpp", {"greeter", "echo"}, at(0));
  d.add("/src/style.hpp", {"greeter", "echo"}, at(5));  // CREATE then CLOSE_WRITE
  std::optional<Batch> batch = d.take_due(at(105));
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->cogs, (std::vector<std::string>{"echo", "greeter"}));
  EXPECT_EQ(batch->files, std::vector<std::string>{"/src/style.hpp"});
}

TEST(Debouncer, EventsAfterABatchStartANewOne) {
  Debouncer d(milliseconds(100));
  d.add("/src/a.cpp", {"a"}, at(0));
  ASSERT_TRUE(d.take_due(at(100)).has_value());
  d.add("/src/b.cpp", {"b"}, at(500));
  EXPECT_EQ(d.time_until_due(at(500)), milliseconds(100));
  std::optional<Batch> batch = d.take_due(at(600));
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->cogs, std::vector<std::string>{"b"});
  EXPECT_EQ(batch->first_event, at(500));
}

TEST(Debouncer, AnEndlessBurstIsCutAtMaxDelay) {
  Debouncer d(milliseconds(100), milliseconds(1000));
  int t = 0;
  for (; t < 1000; t += 50) {
    d.add("/src/gen.cpp", {"gen"}, at(t));
    EXPECT_FALSE(d.take_due(at(t)).has_value()) << "at " << t;
  }
  EXPECT_EQ(d.time_until_due(at(t)), milliseconds(0));
  EXPECT_TRUE(d.take_due(at(t)).has_value());
}

TEST(Debouncer, FileWithoutCogsStillTravelsInTheBatch) {
  Debouncer d(milliseconds(10));
  d.add("/src/host/main.cpp", {}, at(0));
  std::optional<Batch> batch = d.take_due(at(10));
  ASSERT_TRUE(batch.has_value());
  EXPECT_TRUE(batch->cogs.empty());
  EXPECT_EQ(batch->files, std::vector<std::string>{"/src/host/main.cpp"});
}

TEST(Debouncer, TimeUntilDueRoundsUpSoTheLoopNeverWakesEarly) {
  Debouncer d(milliseconds(100));
  d.add("/src/a.cpp", {"a"}, at(0));
  EXPECT_EQ(d.time_until_due(at(0) + std::chrono::microseconds(99500)), milliseconds(1));
}

}  // namespace
}  // namespace hotcog::cli
