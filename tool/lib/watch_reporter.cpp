#include "lib/watch_reporter.h"

#include "lib/json_text.h"

#include <fmt/format.h>
#include <llvm/Support/JSON.h>

#include <cstdio>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

// Seconds rounded to the millisecond, so JSON consumers see stable numbers.
double rounded(double seconds) { return static_cast<double>(static_cast<long long>(seconds * 1000 + 0.5)) / 1000; }

// The per-cog line's colour: what the host did with it.
Paint result_paint(const CogReloadResult& r) {
  if (!r.ok) return r.action == "refused" ? Paint::Yellow : Paint::Red;
  return Paint::Green;
}

// The per-cog line's log level: a failure is an error, a refusal a warning.
LogLevel result_level(const CogReloadResult& r) {
  if (r.ok) return LogLevel::Info;
  return r.action == "refused" ? LogLevel::Warning : LogLevel::Error;
}

}  // namespace

std::string join_names(const std::vector<std::string>& names) {
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string count_noun(size_t n, const char* singular, const char* plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

void WatchReporter::emit(const json::Object& object) { line(json_text(json::Object(object))); }

void WatchReporter::clear_status() {
  if (!status_shown_) return;
  std::fputs("\r\x1b[K", stdout);
  status_shown_ = false;
}

void WatchReporter::line(const std::string& text, LogLevel level) {
  if (!json_ && level > level_) return;
  if (json_ && !hello_sent_) {  // before any other line, whoever rendered it
    hello_sent_ = true;
    line(json_text(json::Object{{"phase", "hello"}, {"schema", kJsonSchema}, {"tool", "hotcog watch"}}));
  }
  clear_status();
  std::fputs(text.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void WatchReporter::build_started() { early_error_.clear(); }

void WatchReporter::build_status(int finished, int total, const std::string& what) {
  if (json_ || !style_.status_line || level_ < LogLevel::Info) return;
  std::string text = fmt::format("[{}/{}] {}", finished, total, what);
  // Longer than the terminal, it would wrap and "\r" would not erase it.
  if (style_.width > 1 && text.size() >= static_cast<size_t>(style_.width))
    text.resize(static_cast<size_t>(style_.width - 1));
  std::fputs(("\r" + text + "\x1b[K").c_str(), stdout);
  std::fflush(stdout);
  status_shown_ = true;
}

void WatchReporter::early_error(const std::string& first_error) {
  early_error_ = first_error;
  if (!json_) line(error_text(first_error), LogLevel::Error);
}

std::string WatchReporter::error_text(const std::string& first_error) const {
  // "file:line:col: error: message" with the severity in red, as compilers do.
  for (const char* severity : {": fatal error: ", ": error: "}) {
    size_t at = first_error.find(severity);
    if (at == std::string::npos) continue;
    size_t len = std::string_view(severity).size();
    return style_.paint(first_error.substr(0, at + 1), Paint::Bold) + " " +
           style_.paint(first_error.substr(at + 2, len - 3), Paint::Red) + first_error.substr(at + len - 1);
  }
  return first_error;
}

void WatchReporter::first_error_line(const std::string& first_error) {
  if (first_error != early_error_) line(error_text(first_error), LogLevel::Error);
}

void WatchReporter::initial_build(const std::vector<std::string>& cogs,
                                  const BuildSummary& build) {
  if (json_) {
    json::Object event{{"phase", "initial_build"},
                       {"cogs", json_strings(cogs)},
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
  first_error_line(build.first_error);
  line(style_.paint(fmt::format("initial build failed in {:.2f}s ({}); watching anyway",
                                build.seconds,
                                count_noun(static_cast<size_t>(build.error_count), "error", "errors")),
                    Paint::Red),
       LogLevel::Error);
}

void WatchReporter::ready(size_t files, const std::vector<std::string>& cogs) {
  if (json_)
    return emit(json::Object{{"phase", "ready"},
                             {"watched_files", static_cast<int64_t>(files)},
                             {"cogs", json_strings(cogs)}});
  line(fmt::format("watching {} for {}", count_noun(files, "file", "files"),
                   count_noun(cogs.size(), "cog", "cogs")));
}

void WatchReporter::change(const ChangePlan& plan) {
  if (json_) {
    json::Array files;
    for (const auto& [path, change] : plan.changed)
      files.push_back(json::Object{{"path", path}, {"change", to_string(change)}});
    return emit(json::Object{{"phase", "change"}, {"files", std::move(files)}, {"cogs", json_strings(plan.cogs)}});
  }
  std::vector<std::string> parts;
  for (const auto& [path, change] : plan.changed)
    parts.push_back(fmt::format("{} ({})", path, to_string(change)));
  line(fmt::format("change: {} -> {}", join_names(parts),
                   plan.cogs.empty() ? std::string("no cog") : join_names(plan.cogs)));
}

void WatchReporter::host_changed(const std::vector<std::string>& files) {
  if (json_) return emit(json::Object{{"phase", "host_changed"}, {"files", json_strings(files)}});
  line(style_.paint("host source changed: restart needed", Paint::Yellow) +
           fmt::format(" ({})", join_names(files)),
       LogLevel::Warning);
}

void WatchReporter::deleted(const std::vector<std::string>& files) {
  if (json_) return emit(json::Object{{"phase", "deleted"}, {"files", json_strings(files)}});
  line(fmt::format("deleted: {}; the cogs built from it keep their last build",
                   join_names(files)));
}

void WatchReporter::build_failed(const std::vector<std::string>& cogs,
                                 const BuildSummary& build) {
  if (json_)
    return emit(json::Object{{"phase", "build"},
                 {"cogs", json_strings(cogs)},
                 {"timings", json::Object{{"build_s", rounded(build.seconds)}}},
                 {"result", "failed"},
                 {"errors", build.error_count},
                 {"error", build.first_error}});
  first_error_line(build.first_error);
  line(style_.paint(fmt::format("Build failed for {} in {:.2f}s ({}); the host keeps the old version",
                                join_names(cogs), build.seconds,
                                count_noun(static_cast<size_t>(build.error_count), "error", "errors")),
                    Paint::Red),
       LogLevel::Error);
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
                 {"cogs", json_strings(cogs)},
                 {"timings", json::Object{{"build_s", rounded(build_seconds)},
                                          {"total_s", rounded(total_seconds)}}},
                 {"result", failed == 0 ? "ok" : "failed"},
                 {"reloaded", static_cast<int64_t>(total - failed)},
                 {"failed", static_cast<int64_t>(failed)},
                 {"results", std::move(results)}});
  }
  line(style_.paint(fmt::format("Reloaded {}/{} cogs in {:.2f}s ({} failed)", total - failed,
                                total, total_seconds, failed),
                    failed == 0 ? Paint::Green : Paint::Red),
       failed == 0 ? LogLevel::Info : LogLevel::Error);
  for (const CogReloadResult& r : reply.results)
    line("  " + style_.paint(describe_result(r), result_paint(r)), result_level(r));
}

void WatchReporter::no_host(const std::vector<std::string>& cogs, double build_seconds) {
  if (json_)
    return emit(json::Object{{"phase", "reload"},
                 {"cogs", json_strings(cogs)},
                 {"timings", json::Object{{"build_s", rounded(build_seconds)}}},
                 {"result", "no_host"}});
  line(fmt::format("Built {} in {:.2f}s; no host is running, nothing reloaded", join_names(cogs),
                   build_seconds));
}

void WatchReporter::nothing_relinked(const std::vector<std::string>& cogs,
                                     double build_seconds) {
  if (json_)
    return emit(json::Object{{"phase", "reload"},
                 {"cogs", json_strings(cogs)},
                 {"timings", json::Object{{"build_s", rounded(build_seconds)}}},
                 {"result", "unchanged"}});
  line(fmt::format("Built {} in {:.2f}s; ninja relinked none of them, nothing to reload",
                   join_names(cogs), build_seconds));
}

void WatchReporter::reload_failed(const std::vector<std::string>& cogs, const std::string& result,
                                  const std::string& message, double total_seconds) {
  if (json_)
    return emit(json::Object{{"phase", "reload"},
                 {"cogs", json_strings(cogs)},
                 {"timings", json::Object{{"total_s", rounded(total_seconds)}}},
                 {"result", result},
                 {"error", message}});
  line(style_.paint("reload failed:", Paint::Red) + " " + message, LogLevel::Error);
}

void WatchReporter::warning(const std::string& message) {
  if (json_) return emit(json::Object{{"phase", "warning"}, {"error", message}});
  line(style_.paint("warning:", Paint::Yellow) + " " + message, LogLevel::Warning);
}

void WatchReporter::batch_timings(const BatchTimeline& batch) {
  if (!json_) {
    if (level_ < LogLevel::Debug) return;
    std::vector<std::string> parts;
    for (const auto& [name, us] : batch.phase_durations_us())
      parts.push_back(fmt::format("{} {:.1f} ms", name, static_cast<double>(us) / 1000));
    return line(fmt::format("batch {}: {}; total {:.1f} ms", batch.number, join_names(parts),
                            static_cast<double>(batch.total_us()) / 1000),
                LogLevel::Debug);
  }
  json::Object timings, results;
  for (const auto& [name, us] : batch.phase_durations_us()) timings[name + "_us"] = us;
  timings["total_us"] = batch.total_us();
  for (const auto& [cog, what] : batch.results) results[cog] = what;
  emit(json::Object{{"phase", "batch"},
                    {"batch", static_cast<int64_t>(batch.number)},
                    {"cogs", json_strings(batch.cogs)},
                    {"results", std::move(results)},
                    {"timings", std::move(timings)}});
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
