#include "lib/batch_history.h"

#include "temp_dir.h"

#include <gtest/gtest.h>

#include <llvm/Support/FileSystem.h>

#include <fstream>
#include <sstream>

namespace hotcog::cli {
namespace {

using std::chrono::microseconds;

SteadyTime at(int64_t us) { return SteadyTime(microseconds(us)); }

class BatchHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(llvm::sys::fs::create_directories(build_ + "/hotcog")); }

  size_t file_lines() {
    std::ifstream in(BatchHistory::path_for(build_));
    size_t n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
  }

  TempDir dir_{"hotcog-history"};
  std::string build_ = dir_.path();
};

BatchTimeline batch(unsigned number) {
  BatchTimeline b;
  b.number = number;
  b.cogs = {"greeter"};
  b.start = at(0);
  b.end = at(900);
  b.phases = {PhaseSpan::of("detect", at(0), at(10)), PhaseSpan::of("build", at(100), at(700))};
  b.results["greeter"] = "patched";
  return b;
}

TEST_F(BatchHistoryTest, AppendsRecordsThatReadBack) {
  auto history = BatchHistory::open(build_);
  ASSERT_TRUE(static_cast<bool>(history)) << llvm::toString(history.takeError());
  ASSERT_FALSE(static_cast<bool>(history->append(batch(1), 1700000000)));
  ASSERT_FALSE(static_cast<bool>(history->append(batch(2), 1700000001)));
  auto read = BatchHistory::read(build_);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  ASSERT_EQ(read->records.size(), 2u);
  const HistoryRecord& r = read->records[1];
  EXPECT_EQ(r.time, 1700000001);
  EXPECT_EQ(r.batch, 2);
  EXPECT_EQ(r.cogs, std::vector<std::string>{"greeter"});
  EXPECT_EQ(r.phases_us.at("detect"), 10);
  EXPECT_EQ(r.phases_us.at("build"), 600);
  EXPECT_EQ(r.total_us, 900);
  EXPECT_EQ(r.results.at("greeter"), "patched");
}

TEST_F(BatchHistoryTest, MissingFileIsAnEmptyHistory) {
  auto read = BatchHistory::read(build_);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_TRUE(read->records.empty());
}

// Bounded: appends past kTrimAt lines cut the file to the last kKeep.
TEST_F(BatchHistoryTest, StaysBounded) {
  auto history = BatchHistory::open(build_);
  ASSERT_TRUE(static_cast<bool>(history));
  for (unsigned i = 1; i < BatchHistory::kTrimAt; ++i)
    ASSERT_FALSE(static_cast<bool>(history->append(batch(i), 1700000000)));
  EXPECT_EQ(file_lines(), BatchHistory::kTrimAt - 1);
  ASSERT_FALSE(static_cast<bool>(history->append(batch(BatchHistory::kTrimAt), 1700000000)));
  EXPECT_EQ(file_lines(), BatchHistory::kKeep);
  auto read = BatchHistory::read(build_);
  ASSERT_TRUE(static_cast<bool>(read));
  ASSERT_EQ(read->records.size(), BatchHistory::kKeep);
  EXPECT_EQ(read->records.back().batch, static_cast<int64_t>(BatchHistory::kTrimAt));  // the newest kept
  EXPECT_EQ(read->records.front().batch, static_cast<int64_t>(BatchHistory::kTrimAt - BatchHistory::kKeep + 1));
}

TEST_F(BatchHistoryTest, OpeningTrimsAnOversizedFileAndReadersSkipBrokenLines) {
  {
    std::ofstream out(BatchHistory::path_for(build_));
    for (unsigned i = 1; i <= BatchHistory::kKeep + 5; ++i)
      out << BatchHistory::to_line(BatchHistory::to_record(batch(i), 1700000000)) << "\n";
    out << "{\"v\":1,\"time\":17\n";  // cut by a crash
    out << "{\"v\":99,\"total_us\":1,\"phases\":{}}\n";  // a future format
  }
  auto history = BatchHistory::open(build_);
  ASSERT_TRUE(static_cast<bool>(history));
  EXPECT_EQ(file_lines(), BatchHistory::kKeep);
  auto read = BatchHistory::read(build_);
  ASSERT_TRUE(static_cast<bool>(read));
  EXPECT_EQ(read->unreadable, 2u);
  EXPECT_EQ(read->records.size(), BatchHistory::kKeep - 2);
}

TEST_F(BatchHistoryTest, AnUnreadableFileIsAnError) {
  ASSERT_FALSE(llvm::sys::fs::create_directories(BatchHistory::path_for(build_)));  // a directory
  auto read = BatchHistory::read(build_);
  ASSERT_FALSE(static_cast<bool>(read));
  std::string message = llvm::toString(read.takeError());
  EXPECT_NE(message.find("cannot read the batch history"), std::string::npos) << message;
}

}  // namespace
}  // namespace hotcog::cli
