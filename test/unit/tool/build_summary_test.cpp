#include "lib/build_summary.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

ninja::Diagnostic diagnostic(const char* severity, const char* file, int line, const char* message) {
  ninja::Diagnostic d;
  d.file = file;
  d.line = line;
  d.column = 3;
  d.severity = severity;
  d.message = message;
  return d;
}

TEST(BuildSummary, SuccessAndUpToDate) {
  ninja::BuildResult result;
  result.exit_code = 0;
  result.seconds = 0.25;
  result.output = "ninja: no work to do.\n";
  BuildSummary summary = summarize_build(result);
  EXPECT_TRUE(summary.ok);
  EXPECT_TRUE(summary.up_to_date);
  EXPECT_DOUBLE_EQ(summary.seconds, 0.25);
  EXPECT_TRUE(summary.first_error.empty());
}

TEST(BuildSummary, FirstErrorIsTheCompilersFirstErrorAndErrorsAreCounted) {
  ninja::BuildResult result;
  result.exit_code = 1;
  result.diagnostics = {diagnostic("error", "/s/a.cpp", 2, "expected ';'"),
                        diagnostic("fatal error", "/s/b.cpp", 1, "x.h: No such file"),
                        diagnostic("warning", "/s/a.cpp", 1, "unused")};
  BuildSummary summary = summarize_build(result);
  EXPECT_FALSE(summary.ok);
  EXPECT_EQ(summary.first_error, "/s/a.cpp:2:3: error: expected ';'");
  EXPECT_EQ(summary.error_count, 2);
}

TEST(BuildSummary, NinjaOwnFailureStillHasAReason) {
  ninja::BuildResult result;
  result.exit_code = 1;
  result.output = "ninja: error: unknown target 'nope'\n";
  BuildSummary summary = summarize_build(result);
  EXPECT_EQ(summary.first_error, "ninja: error: unknown target 'nope'");
  EXPECT_EQ(summary.error_count, 1);
}

TEST(BuildSummary, CancelledBuildIsNotOk) {
  ninja::BuildResult result;
  result.exit_code = 0;
  result.cancelled = true;
  EXPECT_FALSE(summarize_build(result).ok);
}

TEST(BuildSummary, NinjaKilledBySignalIsNamedAsTheCause) {
  ninja::BuildResult result;
  result.exit_code = 128 + 9;
  result.signal = 9;
  result.output = "ninja: Entering directory `/b'\n[1/2] Building CXX object a.o\n";
  BuildSummary summary = summarize_build(result);
  EXPECT_FALSE(summary.ok);
  EXPECT_EQ(summary.first_error,
            "ninja was killed by SIGKILL before it finished (not by hotcog); the next save builds "
            "again");
}

TEST(BuildSummary, NinjaThatNeverRanSaysWhy) {
  ninja::BuildResult result;
  result.error = "the build dir /b does not exist (deleted?); re-create it with cmake, then save again";
  result.output = result.error + "\n";
  EXPECT_EQ(summarize_build(result).first_error, result.error);
}

TEST(BuildSummary, NinjasOwnWarningsAreKept) {
  ninja::BuildResult result;
  result.exit_code = 0;
  result.output =
      "ninja: warning: bad deps log signature or version; starting over\n[1/1] Linking a.so\n";
  BuildSummary summary = summarize_build(result);
  EXPECT_TRUE(summary.ok);
  EXPECT_EQ(summary.warnings,
            (std::vector<std::string>{"ninja: bad deps log signature or version; starting over"}));
}

}  // namespace
}  // namespace hotcog::cli
