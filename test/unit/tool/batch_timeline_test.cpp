#include "lib/batch_timeline.h"

#include "temp_dir.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace hotcog::cli {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

SteadyTime at(int64_t us) { return SteadyTime(microseconds(us)); }

Batch batch_of(std::vector<std::string> cogs, SteadyTime first) {
  Batch batch;
  batch.cogs = std::move(cogs);
  batch.files = {"/src/greeter.cpp"};
  batch.first_event = batch.last_event = first;
  return batch;
}

ControlReply reply_with(int64_t prepare_start, int64_t prepare, int64_t apply_start, int64_t pause) {
  ControlReply reply;
  reply.ok = true;
  CogReloadResult r;
  r.cog = "greeter";
  r.ok = true;
  r.action = "patched";
  r.pause_us = pause;
  r.prepare_start_us = prepare_start;
  r.prepare_us = prepare;
  r.apply_start_us = apply_start;
  reply.results.push_back(r);
  return reply;
}

TEST(BatchRecorder, RecordsTheWatchPhasesAndTheHostsFromItsClock) {
  BatchRecorder recorder;
  recorder.begin(batch_of({"greeter"}, at(1'000)), at(400), at(101'000));
  recorder.phase("decide", at(101'000), at(102'000));
  recorder.phase("build", at(102'000), at(500'000));
  recorder.reply(reply_with(501'000, 3'000, 510'000, 80), at(500'500), at(511'000));
  std::optional<BatchTimeline> b = recorder.finish();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->number, 1u);
  EXPECT_EQ(b->start, at(400));    // the save
  EXPECT_EQ(b->end, at(511'000));  // the reply
  ASSERT_NE(b->phase("detect"), nullptr);
  EXPECT_EQ(b->phase("detect")->end, at(1'000));
  EXPECT_EQ(b->phase("debounce")->end, at(101'000));
  const PhaseSpan* prepare = b->phase("prepare");
  ASSERT_NE(prepare, nullptr);
  EXPECT_TRUE(prepare->host);
  EXPECT_FALSE(prepare->estimated);
  EXPECT_EQ(prepare->start, at(501'000));
  EXPECT_EQ(prepare->end, at(504'000));
  EXPECT_EQ(b->phase("apply")->start, at(510'000));
  EXPECT_EQ(b->phase("apply")->end, at(510'080));
  EXPECT_EQ(b->results.at("greeter"), "patched");
  EXPECT_FALSE(recorder.finish());  // idle until the next begin
}

// Time points outside the request/reply window (an older host sends none,
// a host in another clock namespace sends others): durations, placed before
// the reply and marked as estimated.
TEST(BatchRecorder, HostTimesOffOurClockArePlacedBeforeTheReply) {
  BatchRecorder recorder;
  recorder.begin(batch_of({"greeter"}, at(1'000)), std::nullopt, at(101'000));
  recorder.phase("build", at(102'000), at(500'000));
  recorder.reply(reply_with(9'000'000'000, 3'000, 9'000'010'000, 80), at(500'500), at(511'000));
  std::optional<BatchTimeline> b = recorder.finish();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->start, at(1'000));  // no save time: the first event's read
  const PhaseSpan* apply = b->phase("apply");
  ASSERT_NE(apply, nullptr);
  EXPECT_TRUE(apply->estimated);
  EXPECT_EQ(apply->end, at(511'000));
  EXPECT_EQ(apply->start, at(510'920));
  EXPECT_EQ(b->phase("prepare")->end, at(510'920));
  EXPECT_EQ(b->phase("prepare")->start, at(507'920));
}

TEST(BatchRecorder, ABatchThatChangedNothingIsNotRecorded) {
  BatchRecorder recorder;
  recorder.begin(batch_of({"greeter"}, at(1'000)), std::nullopt, at(101'000));
  EXPECT_FALSE(recorder.finish());
  recorder.begin(batch_of({"greeter"}, at(2'000)), std::nullopt, at(102'000));
  recorder.phase("decide", at(102'000), at(103'000));
  recorder.result({"greeter"}, "build_failed", at(150'000));
  std::optional<BatchTimeline> b = recorder.finish();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->number, 1u);
  EXPECT_EQ(b->results.at("greeter"), "build_failed");
  EXPECT_EQ(b->end, at(150'000));  // when the outcome was known
  EXPECT_EQ(b->total_us(), 148'000);
  EXPECT_EQ(b->phase_durations_us().at("decide"), 1'000);
}

// A real file just written: its mtime is the save. One from long ago (a
// file renamed into place, a checkout keeping times) is not.
TEST(SavedAt, RecentMtimeIsTheSaveAndAnOldOneIsNot) {
  TempDir dir("hotcog-saved");
  std::string file = dir / "a.cpp";
  std::ofstream(file) << "int a;\n";
  SteadyTime read = std::chrono::steady_clock::now() + milliseconds(5);
  std::optional<SteadyTime> saved = saved_at_from_mtimes({file, dir / "gone.cpp"}, read);
  ASSERT_TRUE(saved);
  EXPECT_LE(*saved, read);
  EXPECT_GT(*saved, read - milliseconds(2000));

  struct timespec old_times[2] = {{1'000'000'000, 0}, {1'000'000'000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, file.c_str(), old_times, 0), 0);
  EXPECT_FALSE(saved_at_from_mtimes({file}, read));
}

}  // namespace
}  // namespace hotcog::cli
