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

// The settle window (debouncer.h): a lone save leaves after `settle`, a burst
// waits the quiet window.
DebounceTimes times(int quiet, int settle) {
  return DebounceTimes{milliseconds(quiet), milliseconds(settle), std::nullopt};
}
constexpr EventKind kWritten = EventKind::Written, kOther = EventKind::Other;

TEST(DebouncerSettle, ALoneWrittenFileLeavesAfterTheSettleWindow) {
  Debouncer d(times(100, 2));
  d.add("/src/a.cpp", {"a"}, at(0), kWritten);
  EXPECT_EQ(d.time_until_due(at(0)), milliseconds(2));
  EXPECT_FALSE(d.take_due(at(1)).has_value());
  std::optional<Batch> batch = d.take_due(at(2));
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->files, std::vector<std::string>{"/src/a.cpp"});
  EXPECT_EQ(batch->cogs, std::vector<std::string>{"a"});
}

TEST(DebouncerSettle, MoreEventsOfTheSameFileRestartTheSettleWindow) {
  Debouncer d(times(100, 2));
  d.add("/src/a.cpp", {"a"}, at(0), kOther);    // CREATE
  d.add("/src/a.cpp", {"a"}, at(1), kWritten);  // CLOSE_WRITE
  EXPECT_FALSE(d.take_due(at(2)).has_value());
  EXPECT_TRUE(d.take_due(at(3)).has_value());
}

TEST(DebouncerSettle, ASecondFileWithinTheSettleWindowWaitsTheQuietWindow) {
  Debouncer d(times(100, 2));
  d.add("/src/a.cpp", {"a"}, at(0), kWritten);
  d.add("/src/b.cpp", {"b"}, at(1), kWritten);
  EXPECT_EQ(d.time_until_due(at(1)), milliseconds(100));
  EXPECT_FALSE(d.take_due(at(3)).has_value()) << "a burst is not settled by the settle window";
  EXPECT_FALSE(d.take_due(at(100)).has_value());
  std::optional<Batch> batch = d.take_due(at(101));
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->cogs, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(batch->files.size(), 2u);
}

TEST(DebouncerSettle, AFileMidSaveWaitsTheQuietWindow) {
  // vim's rename save: the file is renamed to its backup (MOVED_FROM, the
  // backup's name is ignored), then written anew (CREATE, CLOSE_WRITE).
  Debouncer d(times(100, 2));
  d.add("/src/a.cpp", {"a"}, at(0), kOther);  // MOVED_FROM
  EXPECT_EQ(d.time_until_due(at(0)), milliseconds(100));
  EXPECT_FALSE(d.take_due(at(5)).has_value()) << "the file is not written yet";
  d.add("/src/a.cpp", {"a"}, at(6), kOther);    // CREATE
  EXPECT_FALSE(d.take_due(at(9)).has_value());
  d.add("/src/a.cpp", {"a"}, at(7), kWritten);  // CLOSE_WRITE of the new content
  std::optional<Batch> batch = d.take_due(at(9));
  ASSERT_TRUE(batch.has_value()) << "written: its own settle window ends the wait";
  EXPECT_EQ(batch->first_event, at(0));
}

TEST(DebouncerSettle, ADeletionWaitsTheQuietWindow) {
  Debouncer d(times(100, 2));
  d.add("/src/a.cpp", {"a"}, at(0), kOther);  // DELETE: maybe a delete-then-create save
  EXPECT_FALSE(d.take_due(at(99)).has_value());
  EXPECT_TRUE(d.take_due(at(100)).has_value());
}

TEST(DebouncerSettle, ABurstOfWrittenFilesIsOneBatchOnceQuiet) {
  Debouncer d(times(100, 2));
  for (int i = 0; i < 20; ++i)  // a shell loop: one file every 30 us, here every ms
    d.add("/src/part_" + std::to_string(10 + i) + ".hpp", {"parts"}, at(i), kWritten);
  EXPECT_FALSE(d.take_due(at(21)).has_value());
  std::optional<Batch> batch = d.take_due(at(119));
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->files.size(), 20u);
}

TEST(DebouncerSettle, DebounceZeroStillMeansNoWait) {
  Debouncer d(times(0, 2));
  EXPECT_EQ(d.settle(), milliseconds(0)) << "a settle window longer than the quiet one is cut";
  d.add("/src/a.cpp", {"a"}, at(0), kWritten);
  EXPECT_EQ(d.time_until_due(at(0)), milliseconds(0));
  EXPECT_TRUE(d.take_due(at(0)).has_value());
  d.add("/src/a.cpp", {"a"}, at(1), kOther);
  d.add("/src/b.cpp", {"b"}, at(1), kWritten);
  EXPECT_TRUE(d.take_due(at(1)).has_value());
}

TEST(DebouncerSettle, ASettleWindowLongerThanTheQuietWindowIsTheQuietWindow) {
  Debouncer d(times(10, 50));
  d.add("/src/a.cpp", {"a"}, at(0), kWritten);
  EXPECT_EQ(d.time_until_due(at(0)), milliseconds(10));
}

TEST(DebouncerSettle, ZeroSettleLeavesALoneSaveAtOnce) {
  Debouncer d(times(100, 0));
  d.add("/src/a.cpp", {"a"}, at(0), kWritten);
  EXPECT_TRUE(d.take_due(at(0)).has_value());
}

TEST(DebouncerSettle, WithoutASettleWindowEverySaveWaitsTheQuietWindow) {
  Debouncer d(milliseconds(100));  // the constructor of before settle_ms
  d.add("/src/a.cpp", {"a"}, at(0), kWritten);
  EXPECT_FALSE(d.take_due(at(2)).has_value());
  EXPECT_TRUE(d.take_due(at(100)).has_value());
}

TEST(DebouncerSettle, ALoneFileStillIsCutAtMaxDelay) {
  Debouncer d(DebounceTimes{milliseconds(100), milliseconds(2), milliseconds(1000)});
  int t = 0;
  for (; t < 1000; t += 50) {  // a generator rewriting one file, never in one go
    d.add("/src/gen.cpp", {"gen"}, at(t), kOther);
    EXPECT_FALSE(d.take_due(at(t)).has_value()) << "at " << t;
  }
  EXPECT_TRUE(d.take_due(at(t)).has_value());
}

}  // namespace
}  // namespace hotcog::cli
