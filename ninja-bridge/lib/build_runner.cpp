#include "hotcog/ninja/build_runner.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "hotcog/base/paths.h"

namespace hotcog::ninja {
namespace {

constexpr std::string_view kStatusPrefix = "[hotcog ";
constexpr const char* kStatusFormat = "[hotcog %f/%t] ";

// "[hotcog 3/7] Building CXX object ..." → 3, 7 and the description.
bool parse_status(std::string_view line, int* finished, int* total, std::string_view* rest) {
  if (line.rfind(kStatusPrefix, 0) != 0) return false;
  size_t slash = line.find('/', kStatusPrefix.size());
  size_t close = line.find("] ", kStatusPrefix.size());
  if (slash == std::string_view::npos || close == std::string_view::npos || slash > close) return false;
  try {
    *finished = std::stoi(std::string(line.substr(kStatusPrefix.size(), slash - kStatusPrefix.size())));
    *total = std::stoi(std::string(line.substr(slash + 1, close - slash - 1)));
  } catch (...) {
    return false;
  }
  *rest = line.substr(close + 2);
  return true;
}

// Follows ninja's output line by line: status lines, "FAILED:" blocks (the
// command line, then the command's output up to the next status or "ninja:"
// line), and everything else.
class OutputFollower {
 public:
  explicit OutputFollower(BuildResult* result, const BuildRequest& req) : result_(result), req_(req) {}

  void line(std::string_view line) {
    int finished = 0, total = 0;
    std::string_view rest;
    if (parse_status(line, &finished, &total, &rest)) {
      close_failure();
      result_->finished = finished;
      result_->total = total;
      append("[" + std::to_string(finished) + "/" + std::to_string(total) + "] " + std::string(rest));
      if (req_.on_progress) req_.on_progress(finished, total);
      if (req_.on_status) req_.on_status(finished, total, rest);
      return;
    }
    append(std::string(line));
    if (line.rfind("FAILED: ", 0) == 0) {
      close_failure();
      result_->failed.push_back({std::string(line.substr(8)), "", ""});
      state_ = State::Command;
      return;
    }
    if (line.rfind("ninja: ", 0) == 0) {
      close_failure();
      return;
    }
    if (state_ == State::Command) {
      result_->failed.back().command = std::string(line);
      state_ = State::Output;
    } else if (state_ == State::Output) {
      result_->failed.back().output.append(line).append("\n");
      if (req_.on_failure_line) req_.on_failure_line(line);
    } else {
      other_output_.append(line).append("\n");  // output of edges that succeeded
    }
  }

  const std::string& other_output() const { return other_output_; }

 private:
  enum class State { None, Command, Output };
  void append(const std::string& text) { result_->output.append(text).append("\n"); }
  void close_failure() { state_ = State::None; }

  BuildResult* result_;
  const BuildRequest& req_;
  State state_ = State::None;
  std::string other_output_;
};

// The value of `key` ("CMAKE_MAKE_PROGRAM:") in <build_dir>/CMakeCache.txt.
std::string cmake_cache_value(const std::string& build_dir, std::string_view key) {
  std::ifstream cache(build_dir + "/CMakeCache.txt");
  std::string line;
  while (std::getline(cache, line)) {
    if (line.rfind(key, 0) != 0) continue;
    size_t eq = line.find('=');
    if (eq != std::string::npos && eq + 1 < line.size()) return line.substr(eq + 1);
  }
  return "";
}

}  // namespace

const Diagnostic* BuildResult::first_error() const {
  for (const Diagnostic& d : diagnostics)
    if (d.is_error()) return &d;
  return nullptr;
}

std::string find_ninja(const std::string& build_dir) {
  if (const char* env = std::getenv("HOTCOG_NINJA"); env && *env) return env;
  std::string from_cache = cmake_cache_value(build_dir, "CMAKE_MAKE_PROGRAM:");
  if (!from_cache.empty() && from_cache.find("ninja") != std::string::npos) return from_cache;
  return "ninja";
}

BuildResult run_build(const BuildRequest& req) {
  BuildResult result;
  OutputFollower follower(&result, req);
  SubprocessRequest sub;
  sub.argv = {req.ninja.empty() ? find_ninja(req.build_dir) : req.ninja, "-C", req.build_dir};
  int jobs = req.jobs;
  if (const char* env = std::getenv("HOTCOG_NINJA_JOBS"); jobs <= 0 && env && *env) jobs = std::atoi(env);
  if (jobs > 0) sub.argv.push_back("-j" + std::to_string(jobs));
  sub.argv.insert(sub.argv.end(), req.targets.begin(), req.targets.end());
  sub.env = req.env;
  sub.env.emplace_back("NINJA_STATUS", kStatusFormat);
  sub.on_line = [&](std::string_view line) { follower.line(line); };
  sub.cancel = req.cancel;

  std::optional<BuildLock> lock;
  if (req.lock) {
    lock = BuildLock::acquire(req.build_dir, req.cancel, &result.error, &result.lock_waits);
    if (!lock) {
      result.cancelled = req.cancel && req.cancel->cancelled();
      result.output = result.error + "\n";
      return result;
    }
  }
  NinjaLogCursor log_cursor(req.build_dir);

  auto start = std::chrono::steady_clock::now();
  SubprocessResult run = run_subprocess(sub);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.exit_code = run.exit_code;
  result.cancelled = run.cancelled;
  if (!run.started) {
    result.error = run.error;
    result.output = run.error + "\n";
    return result;
  }
  if (!log_cursor.edges_since(&result.ran, &result.ran_error)) result.ran.clear();

  // Failing edges first: their errors are what the user must see.
  std::string base = absolute_path(req.build_dir, std::filesystem::current_path().string());
  std::string text;
  for (const FailedEdge& f : result.failed) text += f.output;
  text += follower.other_output();
  result.diagnostics = parse_diagnostics(text, base, cmake_cache_value(base, "CMAKE_HOME_DIRECTORY:"));
  return result;
}

}  // namespace hotcog::ninja
