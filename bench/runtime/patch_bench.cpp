// Measures hot patching (runtime/lib/patcher.h, thread_gate.h):
//   1. for a small cog (bench_cog, one handler) and a generated cog with
//      1,000 functions and 100 statics: plan_patch() (reads both ELF files and
//      matches; can run off the host thread) and apply_patch() (mprotect, the
//      jumps, the variable copies: the pause at the safe point), median and
//      p99 over N patches, each of a fresh pair of dlopen'ed copies;
//   2. ThreadGate: try_quiesce() with 0, 1 and 4 registered workers looping
//      over safe_point() (on this 2-core machine 4 workers share the cores
//      with the quiescing thread), and the cost of safe_point() when nothing
//      is pending.
//
//   hotcog-bench-patch [patches=200]
//
// The variables to keep are every writable _Z object of the new image (a
// stand-in for the layout manifest's `var` lines). Prints measured numbers only.
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "elf_symbols.h"
#include "patcher.h"
#include "thread_gate.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace rt = hotcog::rt;

struct Stats {
  double median_us, p99_us;
};

Stats stats(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

void print(const char* what, const Stats& s) {
  std::printf("  %-44s median %9.1f us   p99 %9.1f us\n", what, s.median_us, s.p99_us);
}

std::vector<rt::PatchVar> vars_of(const std::string& image) {
  rt::ElfSymbolTable table;
  std::string error;
  if (!rt::read_elf_symbols(image, &table, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::exit(1);
  }
  std::vector<rt::PatchVar> vars;
  for (const auto& s : table.symbols)
    if (s.kind == rt::ElfSymbol::Kind::Object && s.writable && s.name.compare(0, 2, "_Z") == 0 &&
        s.name.compare(0, 4, "_ZGV") != 0)
      vars.push_back({s.name, s.size, true, s.name});
  return vars;
}

struct Loaded {
  std::string path;
  void* handle;
};

Loaded load_copy(const std::string& dir, const char* image, const std::string& name) {
  const std::string path = dir + "/" + name;
  std::filesystem::copy_file(image, path, std::filesystem::copy_options::overwrite_existing);
  void* h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    std::fprintf(stderr, "dlopen %s: %s\n", path.c_str(), ::dlerror());
    std::exit(1);
  }
  return {path, h};
}

void bench_patch(const char* label, const char* v1, const char* v2, int patches,
                 const std::string& dir) {
  const auto vars = vars_of(v2);
  std::vector<double> plan_us, apply_us, total_us;
  rt::PatchReport last;
  for (int i = 0; i < patches; ++i) {
    const Loaded old = load_copy(dir, v1, "old" + std::to_string(i) + ".so");
    const Loaded fresh = load_copy(dir, v2, "new" + std::to_string(i) + ".so");
    const auto t0 = Clock::now();
    const rt::PatchPlan plan =
        rt::plan_patch({{old.handle, old.path}}, {fresh.handle, fresh.path}, vars);
    const auto t1 = Clock::now();
    last = rt::apply_patch(plan);
    const auto t2 = Clock::now();
    if (!last.ok()) {
      std::fprintf(stderr, "patch failed: %s\n", last.error.c_str());
      std::exit(1);
    }
    plan_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    apply_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    total_us.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count());
    ::dlclose(old.handle);  // oldest first: its destructors run through its jumps
    ::dlclose(fresh.handle);
    std::filesystem::remove(old.path);
    std::filesystem::remove(fresh.path);
  }
  std::printf(
      "%s: %zu entries redirected (%zu near, %zu far), %zu too small (+%zu unchanged), %zu "
      "ambiguous, "
      "%zu not in new, %zu not patchable; %zu variables kept, %zu not kept; %d patches\n",
      label, last.redirected, last.near_jumps, last.far_jumps, last.too_small.size(),
      last.too_small_unchanged, last.ambiguous.size(), last.not_in_new, last.not_patchable,
      last.vars_kept.size(), last.vars_not_kept.size(), patches);
  print("plan_patch (off the host thread)", stats(plan_us));
  print("apply_patch (pause at the safe point)", stats(apply_us));
  print("plan + apply", stats(total_us));
}

// Each round starts after every worker is running again (passed a safe
// point since the last release), so the time includes waking and reaching
// the next safe point, not just re-counting threads still parked.
void bench_gate(int workers, int rounds) {
  rt::ThreadGate gate;
  std::atomic<bool> stop{false};
  std::vector<std::atomic<long>> passes(workers);
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      hotcog::WorkerThread self = gate.register_thread();
      while (!stop.load(std::memory_order_relaxed)) {
        self.safe_point();
        passes[w].fetch_add(1, std::memory_order_relaxed);
      }
    });
  std::vector<double> us;
  std::vector<long> seen(workers, 0);
  for (int i = 0; i < rounds; ++i) {
    for (int w = 0; w < workers; ++w) {
      while (passes[w].load() == seen[w]) std::this_thread::yield();
    }
    const auto t0 = Clock::now();
    if (!gate.try_quiesce(std::chrono::seconds(5))) std::fprintf(stderr, "quiesce timed out\n");
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    for (int w = 0; w < workers; ++w) seen[w] = passes[w].load();
    gate.release();
  }
  stop = true;
  for (auto& t : threads) t.join();
  char what[80];
  std::snprintf(what, sizeof what, "try_quiesce, %d running worker(s)", workers);
  print(what, stats(us));
}

void bench_safe_point() {
  rt::ThreadGate gate;
  hotcog::WorkerThread self = gate.register_thread();
  constexpr long kCalls = 100'000'000;
  const auto t0 = Clock::now();
  for (long i = 0; i < kCalls; ++i) {
    self.safe_point();
    asm volatile("" ::: "memory");  // keep the loop
  }
  const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / kCalls;
  std::printf("  %-44s %9.2f ns per call\n", "safe_point(), nothing pending", ns);
}

}  // namespace

int main(int argc, char** argv) {
  const int patches = argc > 1 ? std::atoi(argv[1]) : 200;
  char templ[] = "/tmp/hotcog-bench-patch-XXXXXX";
  if (!::mkdtemp(templ)) return 1;
  const std::string dir = templ;
  bench_patch("small cog (bench_cog)", BENCH_COG_V1, BENCH_COG_V2, patches, dir);
  bench_patch("generated cog (1,000 functions, 100 statics)", BENCH_GEN_COG_V1, BENCH_GEN_COG_V2,
              patches, dir);
  std::printf("thread gate (%u hardware threads):\n", std::thread::hardware_concurrency());
  bench_gate(0, 1000);
  bench_gate(1, 1000);
  bench_gate(4, 1000);
  bench_safe_point();
  std::filesystem::remove_all(dir);
  return 0;
}
