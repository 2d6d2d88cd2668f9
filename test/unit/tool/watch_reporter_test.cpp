// What `hotcog watch` prints around a build: the status line, the early
// first error (printed once), colours only when asked, JSON's hello first.
#include "lib/watch_reporter.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

using testing::internal::CaptureStdout;
using testing::internal::GetCapturedStdout;

TerminalStyle terminal(bool color) {
  TerminalStyle style;
  style.color = color;
  style.status_line = true;
  style.width = 20;
  return style;
}

BuildSummary failed_build(const std::string& first_error) {
  BuildSummary build;
  build.seconds = 0.5;
  build.error_count = 1;
  build.first_error = first_error;
  return build;
}

TEST(WatchReporter, StatusLineIsErasedBeforeTheNextLineAndFitsTheTerminal) {
  WatchReporter reporter(false, terminal(false));
  CaptureStdout();
  reporter.build_started();
  reporter.build_status(1, 2, "a_rather_long_file_name.cpp");
  reporter.warning("x");
  // 19 columns: the 20th would wrap on some terminals.
  EXPECT_EQ(GetCapturedStdout(), "\r[1/2] a_rather_long\x1b[K\r\x1b[Kwarning: x\n");
}

TEST(WatchReporter, TheEarlyFirstErrorIsNotRepeatedAtTheEnd) {
  WatchReporter reporter(false, terminal(false));
  CaptureStdout();
  reporter.build_started();
  reporter.early_error("/src/a.cpp:3:14: error: boom");
  EXPECT_TRUE(reporter.early_error_shown());
  reporter.build_failed({"a"}, failed_build("/src/a.cpp:3:14: error: boom"));
  // The next build starts afresh: its error is printed at the end.
  reporter.build_started();
  reporter.build_failed({"a"}, failed_build("/src/a.cpp:4:1: error: again"));
  EXPECT_EQ(GetCapturedStdout(),
            "/src/a.cpp:3:14: error: boom\n"
            "Build failed for a in 0.50s (1 error); the host keeps the old version\n"
            "/src/a.cpp:4:1: error: again\n"
            "Build failed for a in 0.50s (1 error); the host keeps the old version\n");
}

TEST(WatchReporter, ColoursTheSeverityLikeACompiler) {
  WatchReporter reporter(false, terminal(true));
  CaptureStdout();
  reporter.early_error("/src/a.cpp:3:14: fatal error: x.h: No such file");
  EXPECT_EQ(GetCapturedStdout(),
            "\x1b[1m/src/a.cpp:3:14:\x1b[0m \x1b[1;31mfatal error:\x1b[0m x.h: No such file\n");
}

TEST(WatchReporter, JsonStartsWithHelloAndHasNoStatusLine) {
  WatchReporter reporter(true, terminal(true));
  CaptureStdout();
  reporter.build_status(1, 2, "a.cpp");
  reporter.early_error("/src/a.cpp:3:14: error: boom");  // in the build event instead
  reporter.stopped("SIGINT");
  EXPECT_EQ(GetCapturedStdout(),
            "{\"phase\":\"hello\",\"schema\":1,\"tool\":\"hotcog watch\"}\n"
            "{\"phase\":\"stop\",\"result\":\"SIGINT\"}\n");
}

CogReloadResult result(const std::string& cog, bool ok, const std::string& action) {
  CogReloadResult r;
  r.cog = cog;
  r.ok = ok;
  r.action = action;
  if (!ok) r.message = "boom";
  return r;
}

// The log_level setting: "error" keeps what failed, "warning" adds warnings,
// refusals and restarts, "info" is everything but the debug timings.
TEST(WatchReporter, LogLevelKeepsOnlyWhatIsAtLeastThatSevere) {
  ControlReply reply;
  reply.ok = true;
  reply.results = {result("a", true, "patched"), result("b", false, "refused"),
                   result("c", false, "failed")};
  auto render = [&](LogLevel level) {
    WatchReporter reporter(false, terminal(false), level);
    CaptureStdout();
    reporter.ready(3, {"a", "b", "c"});
    reporter.warning("w");
    reporter.host_changed({"/src/host.cpp"});
    reporter.reloaded({"a", "b", "c"}, reply, 0.1, 0.2);
    reporter.build_failed({"a"}, failed_build("/src/a.cpp:1:1: error: e"));
    return GetCapturedStdout();
  };
  std::string error = render(LogLevel::Error);
  EXPECT_EQ(error.find("watching"), std::string::npos) << error;
  EXPECT_EQ(error.find("warning: w"), std::string::npos) << error;
  EXPECT_EQ(error.find("  a: patched"), std::string::npos) << error;
  EXPECT_EQ(error.find("  b:"), std::string::npos) << error;
  EXPECT_NE(error.find("Reloaded 1/3 cogs"), std::string::npos) << error;
  EXPECT_NE(error.find("  c: failed"), std::string::npos) << error;
  EXPECT_NE(error.find("/src/a.cpp:1:1: error: e\nBuild failed for a"), std::string::npos) << error;

  std::string warning = render(LogLevel::Warning);
  EXPECT_NE(warning.find("warning: w"), std::string::npos) << warning;
  EXPECT_NE(warning.find("host source changed: restart needed"), std::string::npos) << warning;
  EXPECT_NE(warning.find("  b: refused"), std::string::npos) << warning;
  EXPECT_EQ(warning.find("  a: patched"), std::string::npos) << warning;

  std::string info = render(LogLevel::Info);
  EXPECT_NE(info.find("watching 3 files for 3 cogs"), std::string::npos) << info;
  EXPECT_NE(info.find("  a: patched"), std::string::npos) << info;
}

TEST(WatchReporter, DebugLevelPrintsEachBatchsPhaseTimings) {
  BatchTimeline batch;
  batch.number = 4;
  batch.start = SteadyTime{};
  batch.end = batch.start + std::chrono::milliseconds(250);
  PhaseSpan build;
  build.name = "build";
  build.start = batch.start;
  build.end = batch.start + std::chrono::milliseconds(200);
  batch.phases.push_back(build);
  WatchReporter info(false, terminal(false), LogLevel::Info);
  CaptureStdout();
  info.batch_timings(batch);
  EXPECT_EQ(GetCapturedStdout(), "");
  WatchReporter debug(false, terminal(false), LogLevel::Debug);
  CaptureStdout();
  debug.batch_timings(batch);
  EXPECT_EQ(GetCapturedStdout(), "batch 4: build 200.0 ms; total 250.0 ms\n");
}

TEST(WatchReporter, JsonIsNeverFilteredByTheLogLevel) {
  WatchReporter reporter(true, terminal(false), LogLevel::Error);
  CaptureStdout();
  reporter.ready(1, {"a"});
  EXPECT_NE(GetCapturedStdout().find("\"phase\":\"ready\""), std::string::npos);
}

}  // namespace
}  // namespace hotcog::cli
