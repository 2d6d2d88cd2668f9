#include "lib/watch_reporter.h"

#include <fmt/format.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdio>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

json::Array to_array(const std::vector<std::string>& items) {
  json::Array array;
  for (const std::string& item : items) array.push_back(item);
  return array;
}

// Seconds rounded to the millisecond, so JSON consumers see stable numbers.
double rounded(double seconds) { return static_cast<double>(static_cast<long long>(seconds * 1000 + 0.5)) / 1000; }

void emit(json::Object object) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << json::Value(std::move(object));
  os.flush();
  std::fputs(text.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace

std::string join_names(const std::vector<std::string>& names) {
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string count_noun(size_t n, const char* singular, const char* plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

void WatchReporter::line(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void WatchReporter::initial_build(const std::vector<std::string>& cogs,
                                  const BuildSummary& build) {
  if (json_) {
    json::Object event{{"phase", "initial_build"},
                       {"cogs", to_array(cogs)},
                       {"timings", json::Object{{"build_s", rounded(build.seconds)}}},
                       {"result", build.ok ? (build.up_to_date ? "up_to_date" : "ok") : "failed"}};
    if (!build.ok) event["error"] = build.first_error;
    return emit(std::move(event));
  }
  if (build.ok && build.up_to_date)
    return line(fmt::format("initial build: {} up to date in {:.2f}s",
                            count_noun(cogs.size(), "cog", "cogs"), build.seconds));
  if (build.ok)
    return line(fmt::format("initial build: built {} in {:.2f}s",
                            count_noun(cogs.size(), "cog", "cogs"), build.seconds));
  line(build.first_error);
  line(fmt::format("initial build failed in {:.2f}s ({}); watching anyway", build.seconds,
                   count_noun(static_cast<size_t>(build.error_count), "error", "errors")));
}

void WatchReporter::ready(size_t files, const std::vector<std::string>& cogs) {
  if (json_)
    return emit(json::Object{{"phase", "ready"},
                             {"watched_files", static_cast<int64_t>(files)},
                             {"cogs", to_array(cogs)}});
  line(fmt::format("watching {} for {}", count_noun(files, "file", "files"),
                   count_noun(cogs.size(), "cog", "cogs")));
}

void WatchReporter::change(const ChangePlan& plan) {
  if (json_) {
    json::Array files;
    for (const auto& [path, change] : plan.changed)
      files.push_back(json::Object{{"path", path}, {"change", to_string(change)}});
    return emit(json::Object{{"phase", "change"}, {"files", std::move(files)}, {"cogs", to_array(plan.cogs)}});
  }
  std::vector<std::string> parts;
  for (const auto& [path, change] : plan.changed)
    parts.push_back(fmt::format("{} ({})", path, to_string(change)));
  line(fmt::format("change: {} -> {}", join_names(parts),
                   plan.cogs.empty() ? std::string("no cog") : join_names(plan.cogs)));
}

void WatchReporter::host_changed(const std::vector<std::string>& files) {
  if (json_) return emit(json::Object{{"phase", "host_changed"}, {"files", to_array(files)}});
  line(fmt::format("host source changed: restart needed ({})", join_names(files)));
}

void WatchReporter::deleted(const std::vector<std::string>& files) {
  if (json_) return emit(json::Object{{"phase", "deleted"}, {"files", to_array(files)}});
  line(fmt::format("deleted: {}; the cogs built from it keep their last build",
                   join_names(files)));
}

void WatchReporter::build_failed(const std::vector<std::string>& cogs,
                                 const BuildSummary& build) {
  if (json_)
    return emit(json::Object{{"phase", "build"},
                 {"cogs", to_array(cogs)},
                 {"timings", json::Object{{"build_s", rounded(build.seconds)}}},
                 {"result", "failed"},
                 {"errors", build.error_count},
                 {"error", build.first_error}});
  line(build.first_error);
  line(fmt::format("Build failed for {} in {:.2f}s ({}); the host keeps the old version",
                   join_names(cogs), build.seconds,
                   count_noun(static_cast<size_t>(build.error_count), "error", "errors")));
}

void WatchReporter::reloaded(const std::vector<std::string>& cogs, const ControlReply& reply,
                             double build_seconds, double total_seconds) {
  size_t failed = reply.failed_count();
  size_t total = reply.results.empty() ? cogs.size() : reply.results.size();
  if (json_) {
    json::Array results;
    for (const CogReloadResult& r : reply.results)
      results.push_back(json::Object{{"cog", r.cog},
                                     {"ok", r.ok},
                                     {"kind", r.kind},
                                     {"action", r.action},
                                     {"reason", r.reason},
                                     {"version", r.version},
                                     {"pause_us", r.pause_us},
                                     {"message", r.message}});
    return emit(json::Object{{"phase", "reload"},
                 {"cogs", to_array(cogs)},
                 {"timings", json::Object{{"build_s", rounded(build_seconds)},
                                          {"total_s", rounded(total_seconds)}}},
                 {"result", failed == 0 ? "ok" : "failed"},
                 {"reloaded", static_cast<int64_t>(total - failed)},
                 {"failed", static_cast<int64_t>(failed)},
                 {"results", std::move(results)}});
  }
  line(fmt::format("Reloaded {}/{} cogs in {:.2f}s ({} failed)", total - failed, total,
                   total_seconds, failed));
  for (const CogReloadResult& r : reply.results) line("  " + describe_result(r));
}

void WatchReporter::no_host(const std::vector<std::string>& cogs, double build_seconds) {
  if (json_)
    return emit(json::Object{{"phase", "reload"},
                 {"cogs", to_array(cogs)},
                 {"timings", json::Object{{"build_s", rounded(build_seconds)}}},
                 {"result", "no_host"}});
  line(fmt::format("Built {} in {:.2f}s; no host is running, nothing reloaded", join_names(cogs),
                   build_seconds));
}

void WatchReporter::nothing_relinked(const std::vector<std::string>& cogs,
                                     double build_seconds) {
  if (json_)
    return emit(json::Object{{"phase", "reload"},
                 {"cogs", to_array(cogs)},
                 {"timings", json::Object{{"build_s", rounded(build_seconds)}}},
                 {"result", "unchanged"}});
  line(fmt::format("Built {} in {:.2f}s; ninja relinked none of them, nothing to reload",
                   join_names(cogs), build_seconds));
}

void WatchReporter::reload_failed(const std::vector<std::string>& cogs, const std::string& result,
                                  const std::string& message, double total_seconds) {
  if (json_)
    return emit(json::Object{{"phase", "reload"},
                 {"cogs", to_array(cogs)},
                 {"timings", json::Object{{"total_s", rounded(total_seconds)}}},
                 {"result", result},
                 {"error", message}});
  line(fmt::format("reload failed: {}", message));
}

void WatchReporter::warning(const std::string& message) {
  if (json_) return emit(json::Object{{"phase", "warning"}, {"error", message}});
  line(fmt::format("warning: {}", message));
}

void WatchReporter::build_warnings(const BuildSummary& build) {
  for (const std::string& text : build.warnings) warning(text);
}

void WatchReporter::print_lines(const std::vector<std::string>& lines) {
  for (const std::string& text : lines) line(text);
}

void WatchReporter::stopped(const std::string& reason) {
  if (json_) return emit(json::Object{{"phase", "stop"}, {"result", reason}});
  line(fmt::format("stopped ({})", reason));
}

}  // namespace hotcog::cli
