// hotcog-bench-layout-guard: what the layout guard costs for a cog of 200
// records against a host of 2,000 (issue 10: layout comparison + patching of
// such a cog <= 1 ms). Manifests are generated as text and parsed once;
// check_batch is what runs per reload, parsing the cog's manifest too.
// Google Benchmark prints the median of the repetitions (`_median` rows).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "layout_guard.h"
#include "layout_manifest.h"

namespace {

using hotcog::rt::GuardCog;
using hotcog::rt::LayoutManifest;

constexpr int kHostRecords = 2000;
constexpr int kCogRecords = 200;
constexpr int kSharedRecords = 100;  // of the cog's, also in the host

// A plausible record: 8 fields, every 4th one dynamic with 4 vtable slots.
// `variant` changes the last field's type (a private layout change).
std::string record_text(const std::string& name, int variant) {
  const bool dynamic = name.size() % 4 == 0;
  std::string text = "record\t" + name + "\t" + std::to_string(dynamic ? 72 : 64) + "\t8\t" +
                     (dynamic ? "1" : "0") + "\th" + std::to_string(std::hash<std::string>{}(name)) +
                     "-" + std::to_string(variant) + "\t/src/include/" + name + ".h\t12\n";
  const unsigned base = dynamic ? 64 : 0;
  for (int f = 0; f < 8; ++f)
    text += "field\t" + std::to_string(base + 64u * static_cast<unsigned>(f)) + "\t-\td\tmember_" +
            std::to_string(f) + "\t" + (f == 7 && variant ? "double" : "long") + "\n";
  if (dynamic)
    for (int s = 0; s < 4; ++s)
      text += "vslot\t" + name + "::method_" + std::to_string(s) + "()\n";
  return text + "end\n";
}

std::string host_name(int i) { return "game::Type" + std::to_string(10000 + i); }
std::string private_name(int i) { return "cog::Private" + std::to_string(10000 + i); }

std::string host_manifest() {
  std::string text = "hotcog-layouts\t2\n";
  for (int i = 0; i < kHostRecords; ++i) text += record_text(host_name(i), 0);
  return text;
}

// Records sorted by name: "cog::" < "game::".
std::string cog_manifest(int private_variant) {
  std::string text = "hotcog-layouts\t2\n";
  for (int i = 0; i < kCogRecords - kSharedRecords; ++i)
    text += record_text(private_name(i), i == 0 ? private_variant : 0);
  for (int i = 0; i < kSharedRecords; ++i) text += record_text(host_name(i * 7), 0);
  for (int i = 0; i < 50; ++i)
    text += "var\t_ZL7counter" + std::to_string(1000 + i) + "\t8\t1\tcounter\t/src/c.cpp\t3\n";
  return text;
}

LayoutManifest parse(const std::string& text) {
  LayoutManifest m;
  std::string err;
  if (!hotcog::rt::parse_layout_manifest(text, &m, &err)) {
    std::fprintf(stderr, "generated manifest does not parse: %s\n", err.c_str());
    std::abort();
  }
  return m;
}

struct Inputs {
  LayoutManifest host = parse(host_manifest());
  LayoutManifest running = parse(cog_manifest(0));
  LayoutManifest same = parse(cog_manifest(0));
  LayoutManifest changed = parse(cog_manifest(1));
  LayoutManifest other = parse(cog_manifest(0));  // a second cog sharing the same types
};

const Inputs& inputs() {
  static const Inputs in;
  return in;
}

void expect(const std::vector<hotcog::rt::GuardVerdict>& v, hotcog::rt::GuardVerdict::Action a) {
  if (v.size() != 1 || v[0].action != a) {
    std::fprintf(stderr, "unexpected verdict: %s\n", v.empty() ? "none" : v[0].reason.c_str());
    std::abort();
  }
}

// Every record identical: the full comparison runs (worst case of a patch).
void BM_CheckBatchUnchanged(benchmark::State& state) {
  const Inputs& in = inputs();
  const std::vector<GuardCog> batch = {{"fire", &in.running, &in.same}};
  const std::vector<std::pair<std::string, const LayoutManifest*>> others = {{"ice", &in.other}};
  for (auto _ : state) {
    auto v = hotcog::rt::check_batch(&in.host, batch, others, true);
    benchmark::DoNotOptimize(v);
  }
  expect(hotcog::rt::check_batch(&in.host, batch, others, true), hotcog::rt::GuardVerdict::Patch);
}

// One private record changed: the diff text is built too.
void BM_CheckBatchPrivateChange(benchmark::State& state) {
  const Inputs& in = inputs();
  const std::vector<GuardCog> batch = {{"fire", &in.running, &in.changed}};
  for (auto _ : state) {
    auto v = hotcog::rt::check_batch(&in.host, batch, {}, true);
    benchmark::DoNotOptimize(v);
  }
  expect(hotcog::rt::check_batch(&in.host, batch, {}, true), hotcog::rt::GuardVerdict::Reload);
}

// Reading the new image's manifest (done off the host thread, with the copy).
void BM_ParseCogManifest(benchmark::State& state) {
  const std::string text = cog_manifest(0);
  for (auto _ : state) {
    LayoutManifest m = parse(text);
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

// Reading the host's manifest (once, when the host starts).
void BM_ParseHostManifest(benchmark::State& state) {
  const std::string text = host_manifest();
  for (auto _ : state) {
    LayoutManifest m = parse(text);
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

BENCHMARK(BM_CheckBatchUnchanged)->Unit(benchmark::kMicrosecond)->Repetitions(11)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_CheckBatchPrivateChange)->Unit(benchmark::kMicrosecond)->Repetitions(11)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_ParseCogManifest)->Unit(benchmark::kMicrosecond)->Repetitions(11)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_ParseHostManifest)->Unit(benchmark::kMicrosecond)->Repetitions(11)
    ->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
