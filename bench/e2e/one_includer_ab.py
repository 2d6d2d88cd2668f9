#!/usr/bin/env python3
"""one_includer_ab.py: the edit of a header that ONE cog TU includes, save ->
built, under two `hotcog watch` binaries and under `ninja` alone, alternated
round by round in one run (tool/lib/decision_shortcut.h: such an edit is
built without a declaration-level decision since the decision's parse costs
about what the compile does).

  one_includer_ab.py --hotcog build/dev/bin/hotcog --baseline /tmp/main/hotcog
                     [--runs 10] [--work DIR] [--cxx g++]

The project is test/lit/tool/Inputs/make_project.py's "one_includer" one
(tone.h is included by greeter.cpp alone), with greeter.cpp made STL-heavy so
that its parse and compile weigh what a real TU's do. One copy per arm. A
sample writes tone.h (a new string) and times until the watch's `reload`
event (no host runs: "no_host", right after the build), or for the ninja arm
until `ninja greeter` exits. Before each sample every watch is idle (no
child: its background rescan is over). Prints a Markdown table; the hotcog
binaries each need hotcog-scan beside them.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import procs  # noqa: E402
import run as run_mod  # noqa: E402  (commit(), machine())
import stats  # noqa: E402

GREETER = """#include "style.h"
#include "tone.h"
#include <algorithm>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>
const char* greet() { return greeting(); }
std::string greet_tone(int n) {
  std::map<std::string, std::vector<int>> groups;
  std::unordered_map<int, std::string> names;
  for (int i = 0; i < n; ++i) {
    std::ostringstream key;
    key << tone() << (i % 7);
    groups[key.str()].push_back(i);
    names[i] = key.str();
  }
  std::function<int(int)> f = [](int v) { return v * 2; };
  std::ostringstream out;
  for (auto& [k, v] : groups) {
    std::sort(v.begin(), v.end(), std::greater<int>());
    out << k << '=' << f(v.empty() ? 0 : v.front()) << ';';
  }
  return out.str() + names[0];
}
"""


def make_copy(root, cxx):
    subprocess.run([sys.executable, os.path.join(ROOT, "test", "lit", "tool", "Inputs",
                                                 "make_project.py"), root, cxx, "one_includer"],
                   check=True)
    with open(os.path.join(root, "src", "greeter.cpp"), "w") as f:
        f.write(GREETER)
    subprocess.run(["ninja", "-C", os.path.join(root, "build")], check=True,
                   stdout=subprocess.DEVNULL)
    return root


def write_tone(root, n):
    with open(os.path.join(root, "src", "tone.h"), "w") as f:
        f.write('#pragma once\ninline const char* tone() { return "tone%d"; }\n' % n)


class WatchArm:
    def __init__(self, name, hotcog, root, timeout):
        self.name, self.root, self.timeout = name, root, timeout
        self.watch = procs.Watch([hotcog, "watch", "--json", "-C", os.path.join(root, "build"),
                                  "--debounce-ms", "0"], dict(os.environ), timeout)
        self.watch.until({"semantic"}, timeout)  # the first background scan is over
        self.decisions = []

    def sample(self, n):
        self.watch.drain()
        start = time.monotonic()
        write_tone(self.root, n)
        decision = self.watch.until({"decision"}, self.timeout)
        reload = self.watch.until({"reload", "build_failed"}, self.timeout)
        ms = (time.monotonic() - start) * 1000
        if reload.get("phase") != "reload":
            raise RuntimeError("%s: the build failed: %s" % (self.name, reload))
        self.decisions.append(decision)
        return ms

    def stop(self):
        self.watch.stop()


class NinjaArm:
    def __init__(self, root):
        self.name, self.root = "`ninja greeter` alone", root

    def sample(self, n):
        start = time.monotonic()
        write_tone(self.root, n)
        subprocess.run(["ninja", "-C", os.path.join(self.root, "build"), "greeter"], check=True,
                       stdout=subprocess.DEVNULL)
        return (time.monotonic() - start) * 1000

    def stop(self):
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hotcog", required=True)
    ap.add_argument("--baseline", required=True, help="the other hotcog binary")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--work", default=None)
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--timeout", type=float, default=120.0)
    opts = ap.parse_args()
    print("- commit: %s; %s UTC" % (run_mod.commit(), time.strftime("%Y-%m-%d %H:%M", time.gmtime())))
    print("- machine at start: " + run_mod.machine())
    print("- command: `%s`" % " ".join(["python3", "bench/e2e/one_includer_ab.py"] + sys.argv[1:]))
    print("- %d alternated rounds after 1 warm-up round; --debounce-ms 0\n" % opts.runs, flush=True)
    work = opts.work or tempfile.mkdtemp(prefix="hotcog-one-includer-")
    shutil.rmtree(work, ignore_errors=True)
    arms = []
    try:
        arms.append(WatchArm("hotcog watch (%s)" % opts.hotcog, os.path.abspath(opts.hotcog),
                             make_copy(os.path.join(work, "a"), opts.cxx), opts.timeout))
        arms.append(WatchArm("hotcog watch (%s)" % opts.baseline, os.path.abspath(opts.baseline),
                             make_copy(os.path.join(work, "c"), opts.cxx), opts.timeout))
        arms.append(NinjaArm(make_copy(os.path.join(work, "b"), opts.cxx)))
        samples = [[] for _ in arms]
        watches = [a.watch.proc.pid for a in arms if isinstance(a, WatchArm)]
        for r in range(opts.runs + 1):  # round 0: warm-up
            order = list(range(len(arms)))
            order = order[r % len(arms):] + order[:r % len(arms)]
            for i in order:
                if not procs.wait_settled(watches):
                    raise RuntimeError("a watch still runs a child after 60 s")
                ms = arms[i].sample(2 * r + 1 + i)
                if r > 0:
                    samples[i].append(ms)
        print("| arm | save -> built (median / p90 ms) | decision: TUs parsed, median decision_s | n |")
        print("|---|---:|---:|---:|")
        for arm, values in zip(arms, samples):
            s = stats.summary(values)
            decided = ""
            if isinstance(arm, WatchArm):
                ds = arm.decisions[1:]
                decided = "%s TU(s), %.3f s%s" % (
                    "/".join(sorted({str(d.get("rescanned")) for d in ds})),
                    stats.median([d.get("timings", {}).get("decision_s", 0) for d in ds]),
                    "; shortcut" if any("shortcut" in d for d in ds) else "")
            print("| %s | %.0f / %.0f | %s | %d |" % (arm.name, s["median"], s["p90"], decided,
                                                     s["n"]))
        print("\nraw samples (ms): " + "; ".join(
            "%s: %s" % (a.name, ", ".join("%.0f" % v for v in vals)) for a, vals in zip(arms, samples)))
        print("\n- machine at end: " + run_mod.machine())
    finally:
        for arm in arms:
            arm.stop()
        if not opts.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
