// Measures what a host pays for hot reload:
//   1. the pause inside Host::poll() for the reload of a small cog (the new
//      image is prepared on the background thread; poll() only runs
//      save_state/teardown/setup and swaps), median/p99/max over N reloads,
//      both as reported in ReloadResult::pause_ns and as the wall time of
//      the whole poll() call;
//   2. for comparison, a synchronous Host::reload() (copy + dlopen + setup on
//      the calling thread);
//   3. RSS added by constructing a Host (control socket on) and loading the
//      cog, and RSS / fd growth over all the reloads, sampled both times
//      right after a full reload (same patch chain length), also after
//      malloc_trim(0); the sample vectors are reserved up front so the
//      bench's own bookkeeping does not count as growth.
//
//   hotcog-bench-runtime [reloads=1000] [--no-isolate] [--patch | --patch-1000]
//
// --no-isolate turns HostOptions::isolate_static_init off (no probe fork per
// reload), to show what that safety costs.
// --patch writes a layout manifest beside every new image (200 records, the
// same each time, plus the cog's static), so each reload is a hot patch: the
// pause is the layout guard against the running version + the patch writes.
// --patch-1000 does the same with a generated cog of 1,000 functions and 100
// statics (bench/runtime/CMakeLists.txt). The bench host itself has no
// manifest, so the guard's comparison against the host is not in these
// numbers (hotcog-bench-layout-guard measures it: 200 records against 2,000).
#include <dirent.h>
#include <malloc.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <hotcog/host.hpp>

#include "bench_service.hpp"

namespace {

class Handlers final : public bench::Handlers {
 public:
  void set(hotcog::CogContext& cog, int (*handler)(int)) override {
    handler_ = handler;
    cog.on_unload([this] { handler_ = nullptr; });
  }
  int call(int x) const { return handler_ ? handler_(x) : -1; }

 private:
  int (*handler_)(int) = nullptr;
};

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(1 << 20, '\n');
  }
  return -1;
}

int open_fds() {
  int n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  while (dirent* e = ::readdir(d))
    if (e->d_name[0] != '.') ++n;
  ::closedir(d);
  return n - 1;
}

// Children of this thread (the probe zygote, if any): RSS and PSS in KiB.
void print_children_memory() {
  std::ifstream children("/proc/thread-self/children");
  long pid;
  while (children >> pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
    long rss = -1, pss = -1;
    std::string key;
    while (status >> key)
      if (key == "VmRSS:") status >> rss;
    while (rollup >> key)
      if (key == "Pss:") {
        rollup >> pss;
        break;
      }
    std::printf("child process %ld (the probe zygote): RSS %ld KiB, PSS %ld KiB (pages shared "
                "with the host count in both RSS figures)\n",
                pid, rss, pss);
  }
}

std::uint64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool install(const char* src, const std::string& dst) {
  const std::string tmp = dst + ".tmp";
  std::ifstream in(src, std::ios::binary);
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  out << in.rdbuf();
  out.close();
  return in && out && std::rename(tmp.c_str(), dst.c_str()) == 0;
}

// A manifest of `records` records with 4 fields each, plus `vars`; what the
// build would write beside an image whose layouts never change.
std::string synthetic_manifest(int records, const std::string& vars) {
  std::string text = "hotcog-layouts\t2\n";
  for (int r = 0; r < records; ++r) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016x", r + 1);
    text += "record\tbench::Record" + std::to_string(1000 + r) + "\t16\t4\t0\t" + hash +
            "\tbench.hpp\t" + std::to_string(r + 1) + "\n";
    for (int f = 0; f < 4; ++f)
      text += "field\t" + std::to_string(32 * f) + "\t-\td\tf" + std::to_string(f) + "\tint\n";
    text += "end\n";
  }
  return text + vars;
}

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

struct Summary {
  double median_us, p99_us, max_us;
};

Summary summarize(std::vector<std::uint64_t> ns) {
  std::sort(ns.begin(), ns.end());
  auto at = [&](double q) {
    return ns[std::min(ns.size() - 1, static_cast<size_t>(q * (ns.size() - 1) + 0.5))] / 1000.0;
  };
  return {at(0.5), at(0.99), ns.back() / 1000.0};
}

void print(const char* what, const Summary& s) {
  std::printf("  %-46s median %8.1f us   p99 %8.1f us   max %8.1f us\n", what, s.median_us,
              s.p99_us, s.max_us);
}

}  // namespace

int main(int argc, char** argv) {
  int reloads = 1000;
  bool isolate = true;
  enum { Reload, Patch, Patch1000 } mode = Reload;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--no-isolate")
      isolate = false;
    else if (arg == "--patch")
      mode = Patch;
    else if (arg == "--patch-1000")
      mode = Patch1000;
    else
      reloads = std::atoi(argv[i]);
  }
  if (reloads < 1) {
    std::fprintf(stderr,
                 "usage: hotcog-bench-runtime [reloads] [--no-isolate] [--patch | --patch-1000]\n");
    return 2;
  }
  const char* v1 = mode == Patch1000 ? BENCH_GEN_COG_V1 : BENCH_COG_V1;
  const char* v2 = mode == Patch1000 ? BENCH_GEN_COG_V2 : BENCH_COG_V2;
  std::string vars;
  if (mode == Patch) vars = "var\t_ZN12_GLOBAL__N_15callsE\t4\t1\tcalls\tbench_cog.cpp\t9\n";
  if (mode == Patch1000)
    for (int c = 0; c < 100; ++c)
      vars += "var\t_ZN3gen" + std::to_string(c < 10 ? 9 : 10) + "counter_" + std::to_string(c) +
              "E\t4\t1\tgen::counter_" + std::to_string(c) + "\tgen.cpp\t" + std::to_string(c + 4) +
              "\n";
  const std::string manifest = mode == Reload ? "" : synthetic_manifest(200, vars);
  char templ[] = "/tmp/hotcog-bench-XXXXXX";
  if (!::mkdtemp(templ)) return 1;
  const std::string dir = templ;
  const std::string image = dir + "/libbench_cog.so";
  if (!install(v1, image)) return 1;
  if (!manifest.empty() && !write_text(image + ".layouts", manifest)) return 1;

  Handlers handlers;
  const long rss_start = rss_kib();
  const int fds_start = open_fds();
  int exit_code = 0;
  {
    hotcog::HostOptions options;
    options.build_dir = dir;  // socket at <dir>/hotcog/control.sock, images below
    options.isolate_static_init = isolate;
    options.log = [](std::string_view line) {
      std::fprintf(stderr, "hotcog: %.*s\n", static_cast<int>(line.size()), line.data());
    };
    hotcog::Host host(options);
    host.provide(bench::Handlers::kServiceName, &handlers);
    const long rss_host = rss_kib();
    host.add_cog("bench", image);
    if (!host.load("bench").ok()) return 1;
    const long rss_loaded = rss_kib();

    std::vector<std::uint64_t> pause, poll_wall, prepare_wait, sync_reload, full_pause;
    for (auto* v : {&pause, &poll_wall, &prepare_wait, &full_pause}) v->reserve(reloads);
    long rss_warm = 0;
    int fds_warm = 0;
    const int warmup = 50;
    // One reload (a patch in the patch modes) of iteration i; false on failure.
    hotcog::ReloadAction last = hotcog::ReloadAction::Failed;
    auto reload_once = [&](int i, bool measured) {
      install(i % 2 ? v1 : v2, image);
      if (!manifest.empty()) write_text(image + ".layouts", manifest);  // after the image, as the build
      const std::uint64_t requested = now_ns();
      host.request_reload("bench");
      pollfd p{host.wait_fd(), POLLIN, 0};
      std::vector<hotcog::ReloadResult> results;
      while (results.empty()) {
        ::poll(&p, 1, 1000);
        const std::uint64_t ready = now_ns();
        const std::uint64_t t0 = now_ns();
        results = host.poll();
        const std::uint64_t t1 = now_ns();
        if (results.empty()) continue;
        if (!results[0].status.ok()) {
          std::fprintf(stderr, "reload failed: %s\n", results[0].status.message.c_str());
          return false;
        }
        last = results[0].action;
        // In patch modes every 16th is a full reload (kMaxPatchChain): kept apart.
        const bool counted = mode == Reload || last == hotcog::ReloadAction::Patched;
        if (measured && !counted) full_pause.push_back(results[0].pause_ns);
        if (measured && counted) {
          pause.push_back(results[0].pause_ns);
          poll_wall.push_back(t1 - t0);
          prepare_wait.push_back(ready - requested);
        }
      }
      if (mode != Patch1000 && handlers.call(0) != (i % 2 ? 1 : 2)) {
        std::fprintf(stderr, "wrong version answered after reload %d\n", i);
        exit_code = 1;
      }
      return true;
    };
    // RSS is compared at the same point of the patch cycle: right after a
    // full reload, once the background thread has closed the images it
    // retired. Between two full reloads each patch keeps one more image
    // mapped, so samples taken at different chain lengths differ by up to
    // 15 images without anything accumulating.
    // Also after malloc_trim(0): the temporaries of a patch plan (the symbol
    // tables of every image in the chain: megabytes for the 1,000-function
    // cog) leave free heap that glibc returns to the system or not depending
    // on where the last live block sits, which moves RSS by +-1.5 MB.
    long trimmed_warm = 0, trimmed_end = 0;
    auto settled_rss = [](long* trimmed) {
      ::usleep(100 * 1000);
      const long rss = rss_kib();
      ::malloc_trim(0);
      *trimmed = rss_kib();
      return rss;
    };
    int i = 0;
    for (; i < warmup || last != hotcog::ReloadAction::Reloaded; ++i)
      if (!reload_once(i, false)) return 1;
    rss_warm = settled_rss(&trimmed_warm);
    fds_warm = open_fds();
    for (int n = 0; n < reloads; ++n, ++i)
      if (!reload_once(i, true)) return 1;
    for (; last != hotcog::ReloadAction::Reloaded; ++i)  // on to the next full reload, not counted
      if (!reload_once(i, false)) return 1;
    const long rss_end = settled_rss(&trimmed_end);
    const int fds_end = open_fds();

    const int sync_count = std::min(reloads, 200);
    for (int i = 0; i < sync_count; ++i) {
      install(i % 2 ? v1 : v2, image);
      if (!manifest.empty()) write_text(image + ".layouts", manifest);
      const std::uint64_t t0 = now_ns();
      host.reload("bench");
      sync_reload.push_back(now_ns() - t0);
    }

    const char* what = mode == Reload    ? "reloads of a small cog"
                       : mode == Patch   ? "hot patches of a small cog (200 records)"
                                         : "hot patches of a 1,000-function cog (200 records)";
    std::printf("hotcog runtime benchmark: %d %s (%d+ warm-up reloads not counted), "
                "isolate_static_init=%s\n",
                reloads, what, warmup, isolate ? "on" : "off");
    if (mode != Reload)
      std::printf("  %zu patched, %zu full reloads (the patch chain limit)\n",
                  pause.size(), full_pause.size());
    if (pause.empty()) {
      std::fprintf(stderr, "nothing was %s\n", mode == Reload ? "reloaded" : "patched");
      return 1;
    }
    print(mode == Reload ? "pause inside poll() (ReloadResult::pause_ns)"
                         : "pause inside poll() for a patch (pause_ns)",
          summarize(pause));
    if (!full_pause.empty()) print("pause inside poll() for those full reloads", summarize(full_pause));
    print("wall time of the whole poll() call", summarize(poll_wall));
    print("request_reload -> wait_fd readable", summarize(prepare_wait));
    std::printf("  synchronous Host::reload(), %d times:\n", sync_count);
    print("copy + dlopen + checks + swap on the caller", summarize(sync_reload));
    std::printf("RSS: %ld KiB at start, +%ld KiB with a Host (socket, thread), +%ld KiB more "
                "with the cog loaded\n",
                rss_start, rss_host - rss_start, rss_loaded - rss_host);
    std::printf("RSS over %d reloads or patches: %ld KiB -> %ld KiB (%+ld KiB)\n", reloads, rss_warm,
                rss_end, rss_end - rss_warm);
    std::printf("  the same after malloc_trim(0): %ld KiB -> %ld KiB (%+ld KiB)\n", trimmed_warm,
                trimmed_end, trimmed_end - trimmed_warm);
    std::printf("fds: %d before the Host, %d after warm-up, %d after %d reloads\n", fds_start,
                fds_warm, fds_end, reloads);
    print_children_memory();
  }
  std::printf("fds after the Host is gone: %d\n", open_fds());
  std::fflush(stdout);
  ::rmdir((dir + "/hotcog/images").c_str());
  ::rmdir((dir + "/hotcog").c_str());
  ::unlink(image.c_str());
  ::rmdir(dir.c_str());
  return exit_code;
}
