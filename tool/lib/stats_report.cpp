#include "lib/stats_report.h"

#include <fmt/format.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include <ctime>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

std::string local_time(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
  return text;
}

std::string latency_row(const std::string& name, const Latency& l) {
  return fmt::format("{:<12}{:>7}{:>10}{:>10}{:>10}{:>10}\n", name, l.count,
                     format_duration_us(l.p50), format_duration_us(l.p90),
                     format_duration_us(l.p99), format_duration_us(l.max));
}

size_t count_results(const CogStats& c, bool (*pred)(const std::string&)) {
  size_t n = 0;
  for (const auto& [result, count] : c.results) n += pred(result) ? count : 0;
  return n;
}

bool is_build_failed(const std::string& r) { return r == "build_failed"; }
bool is_refused_or_failed(const std::string& r) {
  return r == "refused" || r == "failed" || r == "error" || r == "timeout";
}

// Integers: exact, and free of the binary fractions of 0.1 ms.
json::Object latency_json(const Latency& l) {
  return json::Object{{"count", static_cast<int64_t>(l.count)},
                      {"p50_us", l.p50},
                      {"p90_us", l.p90},
                      {"p99_us", l.p99},
                      {"max_us", l.max}};
}

}  // namespace

std::string format_duration_us(int64_t us) {
  if (us < 1000) return fmt::format("{}us", us);
  if (us < 1000000) return fmt::format("{:.1f}ms", static_cast<double>(us) / 1e3);
  return fmt::format("{:.2f}s", static_cast<double>(us) / 1e6);
}

std::string stats_text(const BatchStats& stats, const std::string& history_path) {
  if (stats.batches == 0)
    return fmt::format("no batches recorded in {} yet (hotcog watch records one per batch)\n",
                       history_path);
  std::string out = fmt::format(
      "{} batches from {} to {} in {} (keeps the last {})\n", stats.batches,
      local_time(stats.first_time), local_time(stats.last_time), history_path, BatchHistory::kKeep);
  if (stats.unreadable)
    out += fmt::format("{} unreadable {} skipped\n", stats.unreadable,
                       stats.unreadable == 1 ? "line" : "lines");
  out += fmt::format("\n{:<12}{:>7}{:>10}{:>10}{:>10}{:>10}\n", "phase", "count", "p50", "p90",
                     "p99", "max");
  for (const auto& [name, latency] : stats.phases) out += latency_row(name, latency);
  out += latency_row("save->reply", stats.total);
  out += fmt::format("\n{:<16}{:>8}{:>10}{:>14}{:>16}{:>7}{:>10}{:>10}\n", "cog", "batches",
                     "reloaded", "build failed", "refused/failed", "other", "p50", "p90");
  for (const auto& [cog, c] : stats.cogs) {
    size_t reloaded = count_results(c, is_reloaded);
    size_t build_failed = count_results(c, is_build_failed);
    size_t failed = count_results(c, is_refused_or_failed);
    size_t other = c.batches > reloaded + build_failed + failed
                       ? c.batches - reloaded - build_failed - failed : 0;
    bool timed = c.latency.count > 0;
    out += fmt::format("{:<16}{:>8}{:>10}{:>14}{:>16}{:>7}{:>10}{:>10}\n", cog, c.batches,
                       reloaded, build_failed, failed, other,
                       timed ? format_duration_us(c.latency.p50) : "-",
                       timed ? format_duration_us(c.latency.p90) : "-");
  }
  return out;
}

std::string stats_json(const BatchStats& stats, const std::string& history_path) {
  json::Object phases, cogs;
  for (const auto& [name, latency] : stats.phases) phases[name] = latency_json(latency);
  for (const auto& [cog, c] : stats.cogs) {
    json::Object results;
    for (const auto& [result, count] : c.results) results[result] = static_cast<int64_t>(count);
    cogs[cog] = json::Object{{"batches", static_cast<int64_t>(c.batches)},
                             {"reloaded", static_cast<int64_t>(count_results(c, is_reloaded))},
                             {"results", std::move(results)},
                             {"latency", latency_json(c.latency)}};
  }
  json::Object history{{"path", history_path},
                       {"batches", static_cast<int64_t>(stats.batches)},
                       {"unreadable_lines", static_cast<int64_t>(stats.unreadable)},
                       {"keeps", static_cast<int64_t>(BatchHistory::kKeep)},
                       {"first_time", stats.first_time},
                       {"last_time", stats.last_time}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << json::Value(json::Object{{"schema", 1},
                                 {"history", std::move(history)},
                                 {"total", latency_json(stats.total)},
                                 {"phases", std::move(phases)},
                                 {"cogs", std::move(cogs)}});
  return os.str() + "\n";
}

}  // namespace hotcog::cli
