"""corpus.py: the generated project of bench/e2e/run.py.

A CMake project built against the hotcog package: one host and N cogs. Cog i
includes two of the M shared headers (include/shared/h<k>.hpp); every
`stl_every`-th cog is STL-heavy (<map>, <unordered_map>, <sstream>,
<algorithm>, <functional> instantiated in its body), the others are trivial.

How the driver sees new code run: each cog registers `marker()` (a function
returning a string literal) with the host's probe service in its setup. After
every Host::poll() that applied something, the host calls the marker of each
cog it reloaded or patched and prints one line on stdout:

    ran <cog> <marker> <CLOCK_MONOTONIC ns> <pause ns> <action>

A patch redirects marker() to its new body and a reload registers the new
one, so the line shows the new literal only once the new code runs. The time
is taken right after marker() returned: CLOCK_MONOTONIC is the clock of
Python's time.monotonic_ns(), so the driver subtracts the time of its write
without counting the pipe's delivery. The host sleeps in poll(2) on the
runtime's wait fd (and on stdin: EOF stops it).
"""
import os

CMAKE = """cmake_minimum_required(VERSION 3.25)
project(hotcog_bench_e2e LANGUAGES CXX)
find_package(hotcog REQUIRED)
add_executable(host host/main.cpp)
target_include_directories(host PRIVATE include)
target_compile_features(host PRIVATE cxx_std_17)
hotcog_add_host(host)
foreach(i RANGE 0 {last})
  hotcog_add_cog(cog${{i}} SOURCES cogs/cog${{i}}.cpp)
  target_include_directories(cog${{i}} PRIVATE include)
endforeach()
"""

PROBE = """// The host's service: cogs register the function the driver's edits change.
#pragma once
namespace bench {
using Marker = const char* (*)();
struct Probe {
  static constexpr const char* kName = "bench.probe";
  virtual void add(const char* cog, Marker marker) = 0;
  virtual void remove(const char* cog) = 0;
 protected:
  ~Probe() = default;
};
}  // namespace bench
"""

HOST = r"""// Host of the e2e bench: reports when a cog's new code runs (see corpus.py).
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>

#include <hotcog/host.hpp>

#include "bench/probe.hpp"

namespace {

struct HostProbe final : bench::Probe {
  void add(const char* cog, bench::Marker marker) override { markers[cog] = marker; }
  void remove(const char* cog) override { markers.erase(cog); }
  std::map<std::string, bench::Marker> markers;
};

unsigned long long monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<unsigned long long>(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

}  // namespace

int main() {
  HostProbe probe;
  unsigned long long constructing = monotonic_ns();
  hotcog::Host host;
  host.provide(bench::Probe::kName, &probe);
  unsigned long long start = monotonic_ns();
  hotcog::Status status = host.load_all();
  unsigned long long loaded = monotonic_ns();
  if (!status.ok()) std::fprintf(stderr, "host: %s\n", status.message.c_str());
  // ready <cogs> <load_all ns> <Host construction + load_all ns>
  std::printf("ready %zu %llu %llu\n", host.cogs().size(), loaded - start, loaded - constructing);
  std::fflush(stdout);
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {host.wait_fd(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;  // EINTR
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      char buf[256];
      if (read(STDIN_FILENO, buf, sizeof buf) <= 0) break;
    }
    for (const hotcog::ReloadResult& r : host.poll()) {
      auto it = probe.markers.find(r.cog);
      if (!r.status.ok() || it == probe.markers.end()) {
        std::printf("failed %s %s\n", r.cog.c_str(), r.status.message.c_str());
        continue;
      }
      const char* marker = it->second();
      unsigned long long now = monotonic_ns();
      std::printf("ran %s %s %llu %llu %s\n", r.cog.c_str(), marker, now,
                  static_cast<unsigned long long>(r.pause_ns), hotcog::to_string(r.action));
    }
    std::fflush(stdout);
  }
  return 0;
}
"""

SHARED = """// shared header {k}
#pragma once
namespace shared{k} {{
constexpr int kBase = {k};
struct Point {{ int x; int y; }};
inline int mix(int v) {{ return v * 31 + kBase; }}
template <class T> T twice(T v) {{ return v + v; }}
}}  // namespace shared{k}
"""

# The header edits of the compiles-per-header-edit bench (header_edits.py),
# in the order they cycle: (kind, the text of SHARED it replaces, the new
# text for edit n; {k}: the header's index). Which cogs use what: cog i
# calls mix() of h(i % M) and twice() of h((i + 1) % M) and nothing else, so
# a precise decision rebuilds about half of ninja's cogs for the first three
# kinds and none for the other three.
HEADER_EDITS = [
    ("mix() body", "return v * 31 + kBase;", "return v * 31 + kBase + {n};"),
    ("twice() body", "return v + v;", "return v + v + T({n});"),
    ("kBase value", "kBase = {k};", "kBase = {k} + {n};"),
    ("unused struct field", "int x; int y; }", "int x; int y; int z{n}; }"),
    ("unused function", "}  // namespace", "inline int added{n}() { return {n}; }\n}  // namespace"),
    ("comment", "// shared header {k}\n", "// shared header {k}, edit {n}\n"),
]

STL_BODY = """#include <algorithm>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {{
std::string heavy(int n) {{
  std::map<std::string, std::vector<int>> groups;
  std::unordered_map<int, std::string> names;
  for (int i = 0; i < n; ++i) {{
    std::ostringstream key;
    key << "k" << (i % 7);
    groups[key.str()].push_back(shared{a}::mix(i));
    names[i] = key.str();
  }}
  std::vector<std::pair<std::string, int>> sums;
  for (auto& [k, v] : groups) {{
    std::sort(v.begin(), v.end(), std::greater<int>());
    sums.emplace_back(k, v.empty() ? 0 : v.front());
  }}
  std::function<int(int)> f = [](int v) {{ return shared{b}::twice(v); }};
  std::ostringstream out;
  for (auto& [k, v] : sums) out << k << '=' << f(v) << ';';
  return out.str() + names[0];
}}
}}  // namespace
"""

TRIVIAL_BODY = """namespace {{
int light(int n) {{ return shared{a}::mix(n) + shared{b}::twice(n); }}
}}  // namespace
"""

COG = """// cog {i}: {kind}
#include <hotcog/cog.hpp>

#include "bench/probe.hpp"
#include "shared/h{a}.hpp"
#include "shared/h{b}.hpp"
{body}
namespace {{
__attribute__((noinline)) const char* marker() {{ return "{marker}"; }}

void setup(hotcog::CogContext& ctx) {{
  auto* probe = ctx.service<bench::Probe>(bench::Probe::kName);
  if (!probe) return;
  probe->add("cog{i}", &marker);
  ctx.on_unload([probe] {{ probe->remove("cog{i}"); }});
  (void){use};
}}
}}  // namespace

HOTCOG_COG(setup);
"""


def put_file(root, rel, text):
    """Writes root/rel unless it already holds text: unchanged files keep their
    mtime, so a reused directory rebuilds little."""
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return
    with open(path, "w") as f:
        f.write(text)


def cog_name(i):
    return "cog%d" % i


def marker_text(i, n):
    """The literal cog i returns after its n-th edit (n = 0: as generated)."""
    return "cog%d-e%d" % (i, n)


class Corpus:
    def __init__(self, root, cogs, headers, stl_every=4):
        self.root = root
        self.cogs = cogs
        self.headers = max(1, headers)
        self.stl_every = stl_every
        self.header_edits = {}  # header -> {kind: the edit number it shows}

    def headers_of(self, i):
        return i % self.headers, (i + 1) % self.headers

    def is_stl(self, i):
        return self.stl_every > 0 and i % self.stl_every == 0

    def source(self, i):
        return os.path.join(self.root, "cogs", "cog%d.cpp" % i)

    def header(self, k):
        return os.path.join(self.root, "include", "shared", "h%d.hpp" % k)

    def render_cog(self, i, edit):
        a, b = self.headers_of(i)
        stl = self.is_stl(i)
        body = (STL_BODY if stl else TRIVIAL_BODY).format(a=a, b=b)
        return COG.format(i=i, a=a, b=b, body=body, marker=marker_text(i, edit),
                          kind="STL-heavy" if stl else "trivial",
                          use="heavy(3).size()" if stl else "light(3)")

    def write(self):
        def put(rel, text):
            put_file(self.root, rel, text)
        put("CMakeLists.txt", CMAKE.format(last=self.cogs - 1))
        put("include/bench/probe.hpp", PROBE)
        put("host/main.cpp", HOST)
        for k in range(self.headers):
            put("include/shared/h%d.hpp" % k, SHARED.format(k=k))
        for i in range(self.cogs):
            put("cogs/cog%d.cpp" % i, self.render_cog(i, 0))

    def edit_cog(self, i, n):
        """Rewrites cog i's marker literal: a new content and mtime, same layout."""
        with open(self.source(i), "w") as f:
            f.write(self.render_cog(i, n))

    def header_edit(self, n):
        """Applies edit n of the cycle of HEADER_EDITS to one shared header:
        each header keeps the latest edit of every kind, so the file differs
        from its previous version by this one kind. Returns (header, kind)."""
        k = n % self.headers
        kind_no = (n + n // self.headers) % len(HEADER_EDITS)
        latest = self.header_edits.setdefault(k, {})
        latest[kind_no] = n
        text = SHARED.format(k=k)
        for no, edit_n in sorted(latest.items()):
            old, new = (t.replace("{k}", str(k)).replace("{n}", str(edit_n))
                        for t in HEADER_EDITS[no][1:])
            if old not in text:
                raise RuntimeError("corpus: header edit %r finds no %r in h%d.hpp"
                                   % (HEADER_EDITS[no][0], old, k))
            text = text.replace(old, new, 1)
        with open(self.header(k), "w") as f:
            f.write(text)
        return k, HEADER_EDITS[kind_no][0]

    def edit_header(self, k, n):
        """A body edit of shared header k: every includer must recompile for ninja."""
        text = SHARED.format(k=k).replace("return v * 31 + kBase;",
                                          "return v * 31 + kBase + %d;" % n)
        with open(self.header(k), "w") as f:
            f.write(text)
