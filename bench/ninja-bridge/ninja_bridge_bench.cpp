// Benchmark for ninja-bridge on a generated build dir (see
// generated_build_dir.h). Prints medians; asserts nothing.
//
//   hotcog_ninja_bench [ROOT]   ROOT defaults to $TMPDIR/hotcog-ninja-bench
//                               (kept between runs; delete it to regenerate)
//
// "cold load" means a fresh process-level load from a file in the page cache
// (what a new `hotcog watch` does), not an uncached disk read.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <random>
#include <vector>

#include "generated_build_dir.h"
#include "hotcog/ninja/build_graph.h"
#include "hotcog/ninja/build_runner.h"
#include "hotcog/ninja/deps_log.h"
#include "hotcog/ninja/ninja_tool.h"
#include "hotcog/ninja/target_map.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
using hotcog::bench::BuildDirShape;
namespace nb = hotcog::ninja;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Stats {
  double median, p99, max;
};
Stats stats_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back()};
}

template <class F>
Stats repeat(int n, F&& f) {
  std::vector<double> times;
  for (int i = 0; i < n; ++i) {
    auto start = Clock::now();
    f();
    times.push_back(ms_since(start));
  }
  return stats_of(times);
}

[[noreturn]] void die(const std::string& why) {
  fmt::print(stderr, "hotcog_ninja_bench: {}\n", why);
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const char* tmp = std::getenv("TMPDIR");
  std::string root = argc > 1 ? argv[1] : std::string(tmp && *tmp ? tmp : "/tmp") + "/hotcog-ninja-bench";
  BuildDirShape shape;
  int tus = shape.cogs * shape.tus_per_cog;
  fmt::print("ninja-bridge bench: {} TUs, {} cogs, {} headers per TU, build dir {}/build\n", tus,
             shape.cogs, shape.shared_headers + shape.headers_per_cog, root);
  std::string loadavg;
  std::getline(std::ifstream("/proc/loadavg"), loadavg);
  fmt::print("load average at start: {}\n", loadavg);

  std::string build = hotcog::bench::write_build_dir(root, shape);
  hotcog::CogManifest manifest = hotcog::bench::manifest_for(root, shape);
  {
    nb::BuildRequest req;
    req.build_dir = build;
    auto start = Clock::now();
    nb::BuildResult r = nb::run_build(req);
    if (!r.ok()) die("initial build failed:\n" + r.output);
    if (!r.ran.empty())
      fmt::print("initial build (real ninja, {} edges ran): {:.0f} ms\n", r.ran.size(), ms_since(start));
  }

  // 1. Deps log: native reader vs `ninja -t deps`.
  nb::DepsLog log;
  std::string err;
  Stats native = repeat(21, [&] {
    if (nb::load_deps_log(build + "/.ninja_deps", &log, &err) != nb::LoadStatus::Ok) die(err);
  });
  size_t dep_entries = 0;
  for (const auto& r : log.records) dep_entries += r.inputs.size();
  std::string out;
  Stats tool_run = repeat(11, [&] {
    if (!nb::run_ninja_tool(build, {"deps"}, &out, &err)) die(err);
  });
  Stats tool_parse = repeat(11, [&] { (void)nb::parse_deps_tool_output(out); });
  fmt::print("\n.ninja_deps: {} records, {} paths, {} dependency entries\n", log.records.size(),
             log.paths.size(), dep_entries);
  fmt::print("  native load (median of 21)         {:8.2f} ms\n", native.median);
  fmt::print("  ninja -t deps run (median of 11)   {:8.2f} ms\n", tool_run.median);
  fmt::print("  ninja -t deps run + parse          {:8.2f} ms\n", tool_run.median + tool_parse.median);
  fmt::print("  ratio (ninja -t deps / native)     {:8.1f}x\n", tool_run.median / native.median);

  // 2. TargetMap: cold load and warm lookups.
  std::optional<nb::TargetMap> map;
  Stats load = repeat(5, [&] {
    map = nb::TargetMap::load(build, manifest, &err);
    if (!map) die(err);
  });
  nb::BuildGraph graph;
  Stats graph_read = repeat(5, [&] {
    if (nb::read_build_graph(build, &graph, &err) != nb::GraphLoad::Ok) die(err);
  });
  Stats one_query = repeat(5, [&] {
    if (!nb::run_ninja_tool(build, {"query", "cog0"}, &out, &err)) die(err);
  });
  fmt::print("\nbuild.ninja ({} edges): native graph read {:.1f} ms; one `ninja -t query cog0` run {:.1f} ms (medians of 5)\n",
             graph.edges.size(), graph_read.median, one_query.median);
  fmt::print("TargetMap::load (graph from {}, deps from {}), median of 5: {:.1f} ms\n",
             map->graph_source(), map->deps_source(), load.median);

  std::vector<std::string> files;
  for (int c = 0; c < shape.cogs; ++c) {
    for (int t = 0; t < shape.tus_per_cog; ++t) files.push_back(hotcog::bench::cog_source(root, c, t));
    for (int h = 0; h < shape.headers_per_cog; ++h) files.push_back(hotcog::bench::cog_header(root, c, h));
  }
  for (int h = 0; h < shape.shared_headers; ++h) files.push_back(hotcog::bench::shared_header(root, h));
  std::shuffle(files.begin(), files.end(), std::mt19937(42));
  std::vector<double> per_lookup;
  size_t answers = 0;
  for (int round = 0; round < 3; ++round)
    for (const std::string& f : files) {
      auto start = Clock::now();
      answers += map->cogs_for_file(f).size();
      per_lookup.push_back(ms_since(start));
    }
  Stats lookups = stats_of(per_lookup);
  Stats shared_lookups = repeat(1000, [&] { answers += map->cogs_for_file(hotcog::bench::shared_header(root, 3)).size(); });
  fmt::print("lookups (warm): {} files x 3 rounds: median {:.4f} ms, p99 {:.4f} ms, max {:.4f} ms\n",
             files.size(), lookups.median, lookups.p99, lookups.max);
  fmt::print("  shared header (answer: {} cogs), median of 1000: {:.4f} ms\n",
             map->cogs_for_file(hotcog::bench::shared_header(root, 3)).size(), shared_lookups.median);
  fmt::print("  a cog's own header answers {} cog(s); {} answers in all\n",
             map->cogs_for_file(hotcog::bench::cog_header(root, 17, 2)).size(), answers);

  // 3. hotcog's time around a build: lookup + lock + spawn + .ninja_log read,
  //    i.e. everything outside the ninja subprocess's own wall time.
  auto around_build = [&](const std::string& changed, int runs, double* ninja_ms) {
    std::vector<double> overhead, ninja;
    for (int i = 0; i < runs; ++i) {
      if (!changed.empty()) std::ofstream(changed) << "// edit " << i << "\n";
      auto start = Clock::now();
      nb::BuildRequest req;
      req.build_dir = build;
      req.targets = map->cogs_for_file(changed.empty() ? hotcog::bench::cog_source(root, 5, 0) : changed);
      nb::BuildResult r = nb::run_build(req);
      double total = ms_since(start);
      if (!r.ok()) die(r.output);
      overhead.push_back(total - r.seconds * 1000);
      ninja.push_back(r.seconds * 1000);
    }
    *ninja_ms = stats_of(ninja).median;
    return stats_of(overhead);
  };
  // Baseline: the same no-op ninja run spawned bare (posix_spawn, output to
  // /dev/null, waitpid), against hotcog's whole path for the same build.
  auto bare_ninja = [&] {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::string dir = build;
    char* args[] = {const_cast<char*>("ninja"), const_cast<char*>("-C"), dir.data(),
                    const_cast<char*>("cog5"), nullptr};
    pid_t pid;
    if (posix_spawnp(&pid, "ninja", &actions, nullptr, args, environ) != 0) die("cannot spawn ninja");
    posix_spawn_file_actions_destroy(&actions);
    int status;
    waitpid(pid, &status, 0);
  };
  std::vector<double> bare, whole;
  for (int i = 0; i < 51; ++i) {  // interleaved, so load changes hit both alike
    auto start = Clock::now();
    bare_ninja();
    bare.push_back(ms_since(start));
    start = Clock::now();
    nb::BuildRequest req;
    req.build_dir = build;
    req.targets = map->cogs_for_file(hotcog::bench::cog_source(root, 5, 0));
    if (!nb::run_build(req).ok()) die("build failed");
    whole.push_back(ms_since(start));
  }
  double bare_median = stats_of(bare).median, whole_median = stats_of(whole).median;
  fmt::print("\nnothing to do (cog5), medians of 51 interleaved runs: bare `ninja` spawn+wait {:.2f} ms, "
             "hotcog lookup+run_build {:.2f} ms, difference {:.2f} ms\n",
             bare_median, whole_median, whole_median - bare_median);

  double noop_ninja = 0, one_ninja = 0;
  Stats noop = around_build("", 21, &noop_ninja);
  Stats one = around_build(hotcog::bench::cog_source(root, 9, 3), 11, &one_ninja);
  // The pieces of that time, each alone.
  Stats procs = repeat(21, [&] { (void)nb::find_ninja_processes(build); });
  Stats lock = repeat(21, [&] {
    if (!nb::BuildLock::acquire(build, nullptr, &err)) die(err);
  });
  Stats cursor = repeat(21, [&] {
    nb::NinjaLogCursor c(build);
    std::vector<nb::RanEdge> ran;
    if (!c.edges_since(&ran, &err)) die(err);
  });
  Stats which = repeat(21, [&] { (void)nb::find_ninja(build); });
  fmt::print("\nphases: /proc scan {:.2f} ms, lock (incl. scan) {:.2f} ms, .ninja_log cursor {:.3f} ms, find_ninja {:.3f} ms\n",
             procs.median, lock.median, cursor.median, which.median);
  fmt::print("\naround a build (median): ninja subprocess wall / hotcog's own time outside it\n");
  fmt::print("  nothing to do (cog5)        {:7.2f} ms / {:5.2f} ms\n", noop_ninja, noop.median);
  fmt::print("  one TU edited (cog9)        {:7.2f} ms / {:5.2f} ms\n", one_ninja, one.median);

  // Refresh after a build that rewrote one deps record.
  std::vector<double> refreshes;
  for (int i = 0; i < 5; ++i) {
    std::ofstream(hotcog::bench::cog_source(root, 11, 1)) << "// edit " << i << "\n";
    nb::BuildRequest req;
    req.build_dir = build;
    req.targets = {"cog11"};
    if (!nb::run_build(req).ok()) die("build failed");
    auto start = Clock::now();
    if (!map->refresh(&err)) die(err);
    refreshes.push_back(ms_since(start));
  }
  fmt::print("TargetMap::refresh after a one-TU build (deps log re-read, index rebuilt), median of 5: {:.1f} ms\n",
             stats_of(refreshes).median);
  return 0;
}
