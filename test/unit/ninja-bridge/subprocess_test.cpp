// run_subprocess edge cases with real processes.
#include "hotcog/ninja/subprocess.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sample_project.h"

namespace hotcog::ninja {
namespace {

TEST(Subprocess, OutputLinesArriveAsWritten) {
  SubprocessRequest req;
  req.argv = {"sh", "-c", "echo one; echo two >&2; printf three"};
  std::vector<std::string> lines;
  req.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  SubprocessResult r = run_subprocess(req);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(r.output, "one\ntwo\nthree");
}

TEST(Subprocess, ExitCodesAndSignals) {
  SubprocessRequest req;
  req.argv = {"sh", "-c", "exit 3"};
  EXPECT_EQ(run_subprocess(req).exit_code, 3);
  req.argv = {"sh", "-c", "kill -TERM $$"};
  EXPECT_EQ(run_subprocess(req).exit_code, 128 + 15);
  req.argv = {"/nonexistent/program"};
  SubprocessResult r = run_subprocess(req);
  EXPECT_FALSE(r.started);
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.error.find("/nonexistent/program"), std::string::npos);
}

// True while `pid` runs (a zombie nobody reaps does not count).
bool running(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  return stat >> pid_field >> comm >> state && state != "Z";
}

// Like ninja killed mid-build: what it started (a compiler) must not live on
// and race the next build on the same outputs.
TEST(Subprocess, KilledBySignalTakesItsProcessGroupWithIt) {
  SubprocessRequest req;
  req.argv = {"sh", "-c", "sleep 30 & echo $!; kill -KILL $$"};
  SubprocessResult r = run_subprocess(req);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_EQ(r.exit_code, 128 + SIGKILL);
  const int grandchild = std::stoi(r.output);
  for (int i = 0; i < 200 && running(grandchild); ++i) usleep(10 * 1000);
  EXPECT_FALSE(running(grandchild)) << "pid " << grandchild;
}

TEST(Subprocess, ANormalExitIsNoSignal) {
  SubprocessRequest req;
  req.argv = {"sh", "-c", "exit 137"};
  SubprocessResult r = run_subprocess(req);
  EXPECT_EQ(r.exit_code, 137);
  EXPECT_EQ(r.signal, 0);
}

TEST(Subprocess, EnvironmentIsAddedAndOverridden) {
  SubprocessRequest req;
  req.argv = {"sh", "-c", "printf '%s %s' \"$HOTCOG_TEST_A\" \"$HOME\""};
  req.env = {{"HOTCOG_TEST_A", "a"}, {"HOME", "/elsewhere"}};
  EXPECT_EQ(run_subprocess(req).output, "a /elsewhere");
}

TEST(Subprocess, ADaemonHoldingThePipeDoesNotHangTheCaller) {
  std::string dir = testing::make_temp_dir("hotcog-daemon");
  ASSERT_FALSE(dir.empty());
  SubprocessRequest req;
  // The background job inherits the pipe and outlives the shell; it leaves a
  // marker when it ends (if the dir is still there). Waiting for the pipe's
  // EOF would mean waiting for it.
  req.argv = {"sh", "-c", "(sleep 5; [ -d '" + dir + "' ] && touch '" + dir + "/done') & echo started"};
  SubprocessResult r = run_subprocess(req);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, "started\n");
  EXPECT_FALSE(std::filesystem::exists(dir + "/done")) << "waited for the background job";
  testing::remove_tree(dir);
}

TEST(Subprocess, CancelEscalatesToSigkillWhenSigintIsIgnored) {
  CancelToken cancel;
  SubprocessRequest req;
  req.argv = {"sh", "-c", "trap '' INT; echo ready; sleep 30; echo survived"};
  req.cancel = &cancel;
  req.kill_after_ms = 300;
  req.on_line = [&](std::string_view l) {
    if (l == "ready") cancel.cancel();
  };
  SubprocessResult r = run_subprocess(req);
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.exit_code, 128 + 9);
  EXPECT_EQ(r.output.find("survived"), std::string::npos);
  EXPECT_TRUE(cancel.cancelled());
}

}  // namespace
}  // namespace hotcog::ninja
