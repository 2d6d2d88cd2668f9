// The --trace file: Chrome trace-event JSON that Perfetto opens, read back
// with llvm::json as a trace viewer would.
#include "lib/trace_writer.h"

#include "temp_dir.h"

#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>

#include <fstream>
#include <sstream>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;
using std::chrono::microseconds;

SteadyTime at(int64_t us) { return SteadyTime(microseconds(us)); }

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class TraceFile : public ::testing::Test {
 protected:
  TempDir dir_{"hotcog-trace"};
  std::string path_ = dir_ / "trace.json";
};

// A batch as the watch loop records it: 1.000 s after watch started, a save
// of greeter.cpp, reloaded by the host.
BatchTimeline sample_batch() {
  BatchTimeline b;
  b.number = 1;
  b.cogs = {"greeter"};
  b.start = at(1'000'000);
  b.end = at(1'900'000);
  b.results["greeter"] = "patched";
  b.phases = {PhaseSpan::of("detect", at(1'000'000), at(1'002'000)),
              PhaseSpan::of("debounce", at(1'002'000), at(1'102'000)),
              PhaseSpan::of("decide", at(1'102'000), at(1'110'000)),
              PhaseSpan::of("build", at(1'110'000), at(1'800'000)),
              PhaseSpan::of("prepare", at(1'810'000), at(1'850'000), true),
              PhaseSpan::of("apply", at(1'860'000), at(1'860'081), true)};
  b.phases[5].pause_us["greeter"] = 81;
  return b;
}

TEST(TraceWriter, BatchEventsAreCompleteEventsInMicroseconds) {
  std::vector<std::string> lines = TraceWriter::batch_events(sample_batch(), at(0), 42);
  ASSERT_EQ(lines.size(), 7u);  // the batch and six phases
  std::vector<std::string> names;
  for (const std::string& line : lines) {
    llvm::Expected<json::Value> event = json::parse(line);
    ASSERT_TRUE(static_cast<bool>(event)) << llvm::toString(event.takeError());
    const json::Object* o = event->getAsObject();
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->getString("ph"), llvm::StringRef("X"));
    EXPECT_EQ(o->getInteger("pid"), llvm::Optional<int64_t>(42));
    EXPECT_EQ(o->getObject("args")->getInteger("batch"), llvm::Optional<int64_t>(1));
    EXPECT_EQ((*o->getObject("args")->getArray("cogs"))[0].getAsString(), llvm::StringRef("greeter"));
    names.push_back(o->getString("name")->str());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"batch", "detect", "debounce", "decide", "build",
                                             "prepare", "apply"}));
  json::Value batch = *json::parse(lines[0]);
  EXPECT_EQ(batch.getAsObject()->getInteger("ts"), llvm::Optional<int64_t>(1'000'000));
  EXPECT_EQ(batch.getAsObject()->getInteger("dur"), llvm::Optional<int64_t>(900'000));
  EXPECT_EQ(batch.getAsObject()->getInteger("tid"), llvm::Optional<int64_t>(1));
  EXPECT_EQ(batch.getAsObject()->getObject("args")->getObject("results")->getString("greeter"),
            llvm::StringRef("patched"));
  json::Value apply = *json::parse(lines[6]);
  EXPECT_EQ(apply.getAsObject()->getInteger("tid"), llvm::Optional<int64_t>(2));  // the host's thread
  EXPECT_EQ(apply.getAsObject()->getInteger("dur"), llvm::Optional<int64_t>(81));
  EXPECT_EQ(apply.getAsObject()->getObject("args")->getObject("pause_us")->getInteger("greeter"), llvm::Optional<int64_t>(81));
}

// While watch runs, every line ends with ","; the closing "{}]" makes it an
// array. A reader of a running trace appends "{}]" itself.
TEST_F(TraceFile, IsValidJsonAfterCloseAndReadableBefore) {
  auto writer = TraceWriter::create(path_, at(1'234'567));
  ASSERT_TRUE(static_cast<bool>(writer)) << llvm::toString(writer.takeError());
  (*writer)->write_batch(sample_batch());
  std::string running = read_all(path_);
  EXPECT_EQ(running.substr(0, 2), "[\n");
  EXPECT_EQ(running.substr(running.size() - 2), ",\n");
  EXPECT_TRUE(static_cast<bool>(json::parse(running + "{}]")));

  (*writer)->close();
  (*writer)->close();  // once only
  std::string closed = read_all(path_);
  EXPECT_EQ(closed.substr(closed.size() - 4), "{}]\n");
  llvm::Expected<json::Value> trace = json::parse(closed);
  ASSERT_TRUE(static_cast<bool>(trace)) << llvm::toString(trace.takeError());
  const json::Array* events = trace->getAsArray();
  ASSERT_NE(events, nullptr);
  // 2 thread names + 7 slices + the closing {}.
  ASSERT_EQ(events->size(), 10u);
  EXPECT_EQ((*events)[0].getAsObject()->getString("ph"), llvm::StringRef("M"));
  // ts 0 on the monotonic clock, for readers that timed the save themselves.
  EXPECT_EQ((*events)[0].getAsObject()->getObject("args")->getInteger("monotonic_origin_us"),
            llvm::Optional<int64_t>(1'234'567));
}

TEST_F(TraceFile, AnUnwritablePathIsAConfigurationError) {
  auto writer = TraceWriter::create(dir_ / "no/such/dir/trace.json", at(0));
  ASSERT_FALSE(static_cast<bool>(writer));
  std::string message = llvm::toString(writer.takeError());
  EXPECT_NE(message.find("cannot write the trace file"), std::string::npos) << message;
  EXPECT_NE(message.find("no/such/dir/trace.json"), std::string::npos) << message;
}

}  // namespace
}  // namespace hotcog::cli
