// Compiler launchers (CMAKE_CXX_COMPILER_LAUNCHER) go through ninja untouched:
// real ccache with a private cache dir, and real distcc against a distccd
// this test starts on 127.0.0.1.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "hotcog/ninja/build_runner.h"
#include "sample_project.h"

extern char** environ;

namespace hotcog::ninja {
namespace {

using testing::SampleProject;
using Env = std::vector<std::pair<std::string, std::string>>;

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

int compiles_in(const BuildResult& r) { return summarize(r.ran).compiles; }

// `ccache --print-stats` → counter name → value.
std::map<std::string, long> ccache_stats(const Env& env) {
  std::string out;
  std::map<std::string, long> stats;
  if (testing::run_command({"ccache", "--print-stats"}, &out, env) != 0) return stats;
  std::istringstream in(out);
  std::string name;
  long value;
  while (in >> name >> value) stats[name] = value;
  return stats;
}

TEST(Launchers, CcacheSecondBuildOfACogIsACacheHit) {
  SampleProject project;
  std::string err;
  ASSERT_TRUE(project.create("g++", &err, {"-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"})) << err;
  std::string cache = project.build_dir() + "/ccache";
  Env env = {{"CCACHE_DIR", cache}};

  std::string commands;
  testing::run_command({"ninja", "-C", project.build_dir(), "-t", "commands", "cog_a"}, &commands);
  EXPECT_NE(commands.find("ccache /usr/bin/g++"), std::string::npos) << commands;

  BuildRequest req;
  req.build_dir = project.build_dir();
  req.targets = {"cog_a"};
  req.env = env;
  BuildResult first = run_build(req);
  ASSERT_TRUE(first.ok()) << first.output;
  auto after_first = ccache_stats(env);
  EXPECT_EQ(after_first["cache_miss"], compiles_in(first));
  EXPECT_EQ(after_first["direct_cache_hit"] + after_first["preprocessed_cache_hit"], 0);

  // Same sources, objects gone: ninja compiles again, ccache answers.
  std::string out;
  ASSERT_EQ(testing::run_command({"ninja", "-C", project.build_dir(), "-t", "clean", "cog_a"}, &out), 0) << out;
  BuildResult second = run_build(req);
  ASSERT_TRUE(second.ok()) << second.output;
  ASSERT_GT(compiles_in(second), 0);
  auto after_second = ccache_stats(env);
  EXPECT_EQ(after_second["direct_cache_hit"] + after_second["preprocessed_cache_hit"], compiles_in(second));
  EXPECT_EQ(after_second["cache_miss"], after_first["cache_miss"]);
}

int free_tcp_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(s);
  return port;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// distccd in the foreground, in its own process group, logging to a file.
class Distccd {
 public:
  bool start(const std::string& dir, std::string* why) {
    log_ = dir + "/distccd.log";
    port_ = free_tcp_port();
    int log_fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    std::string port = std::to_string(port_);
    std::vector<std::string> args = {"distccd", "--daemon", "--no-detach", "--allow", "127.0.0.1",
                                     "--listen", "127.0.0.1", "--port", port, "--log-stderr",
                                     "--log-level", "info", "--jobs", "2"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = posix_spawnp(&pid_, "distccd", &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    close(log_fd);
    if (rc != 0) {
      pid_ = -1;
      *why = "cannot run distccd: " + std::string(strerror(rc));
      return false;
    }
    for (int i = 0; i < 500; ++i) {  // up to 5 s for "listening on"
      if (slurp(log_).find("listening on") != std::string::npos) return true;
      int status;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        *why = "distccd exited: " + slurp(log_);
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    *why = "distccd did not start listening: " + slurp(log_);
    return false;
  }
  ~Distccd() {
    if (pid_ > 0) {
      kill(-pid_, SIGTERM);
      int status;
      waitpid(pid_, &status, 0);
    }
  }
  int port() const { return port_; }
  std::string log() const { return slurp(log_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
};

TEST(Launchers, DistccCompilesOnTheDistccdTheTestStarted) {
  SampleProject project;
  std::string err;
  ASSERT_TRUE(project.create("g++", &err, {"-DCMAKE_CXX_COMPILER_LAUNCHER=distcc"})) << err;
  Distccd server;
  std::string why;
  if (!server.start(project.build_dir(), &why)) GTEST_SKIP() << "distccd could not start: " << why;

  std::filesystem::create_directories(project.build_dir() + "/distcc");
  BuildRequest req;
  req.build_dir = project.build_dir();
  req.targets = {"cog_a", "cog_b"};
  // Only the test's server; no silent local fallback.
  req.env = {{"DISTCC_HOSTS", "127.0.0.1:" + std::to_string(server.port()) + "/2"},
             {"DISTCC_FALLBACK", "0"},
             {"DISTCC_DIR", project.build_dir() + "/distcc"}};
  BuildResult r = run_build(req);
  ASSERT_TRUE(r.ok()) << r.output << "\ndistccd:\n" << server.log();
  int compiles = compiles_in(r);
  EXPECT_EQ(compiles, 3);  // a.cpp, b.cpp, util.cpp
  // distccd logs each job's summary after replying: give it a moment.
  for (int i = 0; i < 500 && count_of(server.log(), "COMPILE_OK") < compiles; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(count_of(server.log(), "COMPILE_OK"), compiles) << server.log();
}

}  // namespace
}  // namespace hotcog::ninja
