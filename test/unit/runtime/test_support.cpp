#include "test_support.hpp"

#include <dirent.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace runtime_test {

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/hotcog-runtime-test-XXXXXX";
  if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void TestRegistry::add(hotcog::CogContext& cog, const std::string& name,
                       std::function<std::string()> answer) {
  const unsigned long token = ++next_token_;
  entries_[name] = Entry{std::move(answer), token};
  cog.on_unload([this, name, token] {
    auto it = entries_.find(name);
    if (it != entries_.end() && it->second.token == token) entries_.erase(it);
  });
}

std::string TestRegistry::ask(const std::string& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? "<none>" : it->second.answer();
}

std::vector<std::string> TestRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries_) out.push_back(name);
  return out;
}

void install(const std::string& src, const std::string& dst) {
  const std::string tmp = dst + ".tmp-install";
  std::filesystem::copy_file(src, tmp, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::rename(tmp, dst);
}

std::function<void(std::string_view)> LogCapture::sink() {
  auto l = lines;
  auto m = mu;
  return [l, m](std::string_view line) {
    std::lock_guard<std::mutex> lock(*m);
    l->emplace_back(line);
  };
}

bool LogCapture::contains(const std::string& text) const {
  std::lock_guard<std::mutex> lock(*mu);
  for (const std::string& line : *lines)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

std::string LogCapture::all() const {
  std::lock_guard<std::mutex> lock(*mu);
  std::string out;
  for (const std::string& line : *lines) out += line + "\n";
  return out;
}

std::vector<hotcog::ReloadResult> poll_until_applied(hotcog::Host& host, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    std::vector<hotcog::ReloadResult> results = host.poll();
    if (!results.empty()) return results;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return results;
    pollfd p{host.wait_fd(), POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(left.count()));
  }
}

std::vector<std::string> mappings_containing(const std::string& needle) {
  std::ifstream maps("/proc/self/maps");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(maps, line))
    if (line.find(needle) != std::string::npos) out.push_back(line);
  return out;
}

int count_open_fds() {
  int n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  while (dirent* e = ::readdir(d))
    if (e->d_name[0] != '.') ++n;
  ::closedir(d);
  return n - 1;  // the directory stream itself
}

}  // namespace runtime_test
