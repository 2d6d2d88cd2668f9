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

}  // namespace
}  // namespace hotcog::cli
