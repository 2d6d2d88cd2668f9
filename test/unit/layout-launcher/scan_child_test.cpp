#include "scan_child.h"

#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

namespace hotcog::launcher {
namespace {

int wait_for(pid_t pid) {
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  return status;
}

TEST(ScanChild, CapturesOutputAndReportsTheExitStatus) {
  int capture = open_capture_file();
  ASSERT_GE(capture, 0);
  std::string err;
  pid_t pid = start_process({"sh", "-c", "echo out; echo err >&2; exit 3"}, -1, capture, capture, &err);
  ASSERT_GT(pid, 0) << err;
  int status = wait_for(pid);
  EXPECT_EQ(exit_code_of(status), 3);
  EXPECT_EQ(describe_status(status), "exit 3");
  EXPECT_EQ(read_capture_file(capture), "out\nerr\n");
  close(capture);
}

TEST(ScanChild, AProgramThatCannotRunExits127WithTheReason) {
  int capture = open_capture_file();
  std::string err;
  pid_t pid = start_process({"/nonexistent/hotcog-scan"}, -1, capture, capture, &err);
  ASSERT_GT(pid, 0) << err;
  EXPECT_EQ(exit_code_of(wait_for(pid)), 127);
  EXPECT_EQ(read_capture_file(capture),
            "hotcog-cc: cannot run '/nonexistent/hotcog-scan': No such file or directory\n");
  close(capture);
}

TEST(ScanChild, ASignalIsDescribedAndMapsTo128PlusIt) {
  std::string err;
  pid_t pid = start_process({"sh", "-c", "kill -TERM $$"}, -1, -1, -1, &err);
  ASSERT_GT(pid, 0) << err;
  int status = wait_for(pid);
  EXPECT_EQ(exit_code_of(status), 128 + SIGTERM);
  EXPECT_EQ(describe_status(status), "signal 15 (Terminated)");
}

}  // namespace
}  // namespace hotcog::launcher
