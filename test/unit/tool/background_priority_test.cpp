#include "lib/background_priority.h"

#include "hotcog/ninja/subprocess.h"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

namespace hotcog::cli {
namespace {

int this_thread_nice() {
  errno = 0;
  return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
}

// What watch relies on: the thread that runs a background scan, and the
// scanner process it starts, run at nice 19; the rest of watch (the thread
// that runs the user's build) keeps its priority.
TEST(BackgroundPriority, LowersTheThreadAndTheProcessesItStartsOnly) {
  int before = this_thread_nice();
  int in_thread = -100;
  std::string child_nice;
  std::thread worker([&] {
    lower_this_thread_priority();
    in_thread = this_thread_nice();
    ninja::SubprocessRequest request;
    request.argv = {"nice"};  // prints the niceness it runs at
    child_nice = ninja::run_subprocess(request).output;
  });
  worker.join();
  EXPECT_EQ(in_thread, 19);
  EXPECT_EQ(child_nice, "19\n");
  EXPECT_EQ(this_thread_nice(), before);
}

}  // namespace
}  // namespace hotcog::cli
