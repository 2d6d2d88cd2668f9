// Shared fixtures for the runtime tests: a temp build dir, the registry
// service the test cogs use, and "install a cog image" the way a rebuild does.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <hotcog/host.hpp>

#include "test_cogs/registry.hpp"

namespace runtime_test {

// A directory under $TMPDIR removed (recursively) at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// What a host service looks like: registrations keyed by name, each removed
// through on_unload when the registering version goes away.
class TestRegistry final : public test_cogs::Registry {
 public:
  void add(hotcog::CogContext& cog, const std::string& name,
           std::function<std::string()> answer) override;
  // The answer registered under `name`, or "<none>".
  std::string ask(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  struct Entry {
    std::function<std::string()> answer;
    unsigned long token;
  };
  std::map<std::string, Entry> entries_;
  unsigned long next_token_ = 0;
};

// Replaces `dst` with a copy of `src` through a temp file and rename(2), the
// way a linker leaves a finished output.
void install(const std::string& src, const std::string& dst);

// Log lines captured from the Host.
struct LogCapture {
  std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
  std::shared_ptr<std::mutex> mu = std::make_shared<std::mutex>();
  std::function<void(std::string_view)> sink();
  bool contains(const std::string& text) const;
  std::string all() const;
};

// Calls host.poll() until it applied something or `timeout_ms` passed,
// sleeping on host.wait_fd() in between.
std::vector<hotcog::ReloadResult> poll_until_applied(hotcog::Host& host, int timeout_ms = 10000);

// Lines of /proc/self/maps that mention `needle`.
std::vector<std::string> mappings_containing(const std::string& needle);

// Open file descriptors of this process.
int count_open_fds();

}  // namespace runtime_test
