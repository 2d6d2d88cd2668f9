#!/usr/bin/env python3
"""bench/e2e/run.py: what a user feels, save -> new code running, against
the build alone, in one run; see bench/README.md.

  run.py [--build build/dev] [--out DIR] [--runs 20] [--quick] [--work DIR]

Generates the corpus (corpus.py) twice (copy A runs under a host and
`hotcog watch`, copy B is built by plain ninja), configures both against the
hotcog build tree, then alternates A/B samples (save_running.py) for: one
trivial cog, one STL-heavy cog, at debounce 0 and the default (100 ms), and
1..8 cogs edited at once. Then the pause inside Host::poll() and the soak
figures (runtime_bench.py), and in the full run the scanner and header-edit
benches of bench/clang-scan and bench/semantic-deps, their outputs verbatim.
Writes DIR/results.md (tables, plots when gnuplot exists) and DIR/samples.json
(every sample). Never asserts on time: --quick (CI) only proves it runs.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import corpus as corpus_mod  # noqa: E402
import report  # noqa: E402
import runtime_bench  # noqa: E402
import save_running  # noqa: E402
import scale  # noqa: E402


class Copy:
    def __init__(self, root, opts):
        self.src = os.path.join(root, "src")
        self.build = os.path.join(root, "build")
        self.corpus = corpus_mod.Corpus(self.src, opts.cogs, opts.headers, opts.stl_every)


def run(cmd, **kw):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if done.returncode != 0:
        sys.exit("bench/e2e: failed: %s\n%s" % (" ".join(cmd), done.stdout[-3000:]))
    return done.stdout


def prepare(opts, name):
    copy = Copy(os.path.join(opts.work, name), opts)
    copy.corpus.write()
    run(["cmake", "-S", copy.src, "-B", copy.build, "-G", "Ninja",
         "-Dhotcog_DIR=" + opts.build, "-DCMAKE_CXX_COMPILER=" + opts.cxx,
         "-DCMAKE_BUILD_TYPE=RelWithDebInfo"])
    run(["ninja", "-C", copy.build])
    return copy


def machine():
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return "%s, %d cores (%s), load average %s" % (platform.platform(), os.cpu_count(), model, load)


def commit():
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                             stdout=subprocess.PIPE, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               stdout=subprocess.PIPE, text=True).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        return "unknown"


def watch_has_trace(hotcog):
    out = subprocess.run([hotcog, "watch", "--help-hidden"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True).stdout
    return "--trace" in out


def e2e_scenarios(opts, a, b):
    """(name, cogs, debounce, touched, back_to_back) of the save -> running series."""
    trivial = 1  # corpus.py: cog 0 is STL-heavy, cog 1 trivial
    stl = next(i for i in range(opts.cogs) if a.corpus.is_stl(i))
    out = []
    for debounce in (0, 100):
        out.append(("trivial cog, debounce %d ms" % debounce, [trivial], debounce, None, False))
        if debounce == 0 or not opts.quick:
            out.append(("STL-heavy cog, debounce %d ms" % debounce, [stl], debounce, None, False))
    # The next save right after a reload: watch's background rescan of the
    # first save's TU (and ninja's leftovers) may compete with this build.
    out.append(("trivial cog, saved again at once, debounce 0 ms", [trivial], 0, None, True))
    if not opts.quick:
        out.append(("STL-heavy cog, saved again at once, debounce 0 ms", [stl], 0, None, True))
    for k in opts.touched:
        if 1 < k < opts.cogs:  # cogs 1..k: the trivial cog of k = 1 and the next ones
            out.append(("%d cogs at once, debounce 0 ms" % k, list(range(1, k + 1)), 0, k, False))
    return out


def run_e2e(opts, a, b, c, state, checkpoint):
    """The save -> running scenarios into state["results"]; with c (a copy
    for --baseline-hotcog), that binary's watch on c is a third arm of every
    round. checkpoint() after each scenario."""
    results, startups = state["results"], state["startups"]
    use_trace = watch_has_trace(opts.hotcog)
    by_debounce = {}
    for name, cogs, debounce, touched, again in e2e_scenarios(opts, a, b):
        if opts.only and not any(word in name for word in opts.only):
            continue
        by_debounce.setdefault(debounce, []).append((name, cogs, touched, again))
    for debounce, scenarios in by_debounce.items():
        trace_path = os.path.join(opts.work, "trace-%d.json" % debounce) if use_trace else None
        sessions = [save_running.Session(opts, a, b, debounce, trace_path)]
        try:
            if c:
                sessions.append(save_running.Session(opts, c, b, debounce, None,
                                                     hotcog=opts.baseline_hotcog))
            startups += [s.startup for s in sessions]
            for name, cogs, touched, again in scenarios:
                print("  %s: %d alternated rounds" % (name, opts.runs), flush=True)
                sa, sb = save_running.run_compare(sessions, cogs, opts.runs, back_to_back=again)
                results.append({"name": name, "cogs": cogs, "debounce_ms": debounce,
                                "touched": touched or (1 if name.startswith("trivial cog, debounce 0")
                                                       else None),
                                "a": sa[0], "b": sb})
                if c:
                    results.append({"name": name + " [baseline hotcog]", "cogs": cogs,
                                    "debounce_ms": debounce, "touched": None, "a": sa[1], "b": sb})
                checkpoint()
        finally:
            for s in sessions:
                s.stop()


def other_benches(opts):
    """The scanner and header-edit benches, their outputs verbatim (full run only)."""
    sections = []
    scan = os.path.join(opts.build, "bin", "hotcog-scan")
    if os.path.exists(scan) and os.path.isdir("/usr/src/googletest"):
        print("  scanner vs clang-scan-deps-14 (bench/clang-scan)", flush=True)
        sections.append(("Scanner: googletest vs clang-scan-deps-14 (bench/clang-scan/bench_scan.py)",
                         run([sys.executable, os.path.join(ROOT, "bench", "clang-scan", "bench_scan.py"),
                              scan, "--runs", "5", "--jobs", str(os.cpu_count())])))
    print("  header edits (bench/semantic-deps)", flush=True)
    sections.append(("Header edits: compiles per edit, decision time (bench/semantic-deps/run.py)",
                     run([sys.executable, os.path.join(ROOT, "bench", "semantic-deps", "run.py"),
                          "--hotcog", opts.hotcog, "--cxx", opts.cxx, "--cogs", "8", "--headers",
                          "3", "--edits", "29", "--cpp-edits", "4",
                          "--work", os.path.join(opts.work, "semantic")])))
    return sections


def rewrite_report(opts):
    with open(opts.from_samples) as f:
        data = json.load(f)
    out = os.path.abspath(opts.out or os.path.dirname(os.path.abspath(opts.from_samples)))
    os.makedirs(out, exist_ok=True)
    path = report.write(out, data["header"], data["e2e"], data.get("runtime", {}), [],
                        data.get("startup", []))
    if os.path.abspath(opts.from_samples) != os.path.join(out, "samples.json"):
        shutil.copy(opts.from_samples, os.path.join(out, "samples.json"))
    if opts.publish:
        report.publish(out, os.path.join(HERE, "results"), os.path.join(ROOT, "bench", "README.md"))
    print("bench/e2e: rewrote %s from %s" % (path, opts.from_samples))


def run_scale(opts):
    opts.build = os.path.abspath(opts.build)
    opts.hotcog = os.path.join(opts.build, "bin", "hotcog")
    opts.work = os.path.abspath(opts.work or os.path.join(opts.build, "bench-e2e-scale"))
    opts.out = os.path.abspath(opts.out or "bench-e2e-results")
    opts.readme = os.path.join(ROOT, "bench", "README.md")
    opts.timeout = max(opts.timeout, 900.0)  # the first scan of 500 TUs, a 500-cog graph
    os.makedirs(opts.out, exist_ok=True)
    header = ["# bench/e2e scale results", "",
              "- commit: %s; %s UTC" % (commit(), datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M")),
              "- machine at start: " + machine(),
              "- command: `%s`" % " ".join(["python3", "bench/e2e/run.py"] + sys.argv[1:]),
              "- tree: %d trivial cogs, each with its own 19 small headers, 6 shared headers, 4 "
              "touch headers; %s, RelWithDebInfo; %s" % (
                  opts.scale_cogs, opts.cxx,
                  "%d fresh watches per build (--scale-only memory)" % opts.scale_watch_runs
                  if opts.scale_only else
                  "%d alternated rounds per series after 1 warm-up round" % opts.runs)]
    path = scale.run(opts, header, machine)
    with open(path) as f:
        print(f.read())
    print("bench/e2e --scale: wrote %s and scale-samples.json" % path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "dev"),
                    help="hotcog build tree (hotcog, hotcog-bench-runtime, the package)")
    ap.add_argument("--out", default=None, help="results dir (default: ./bench-e2e-results)")
    ap.add_argument("--work", default=None, help="scratch dir (default: a new temp dir)")
    ap.add_argument("--runs", type=int, default=None,
                    help="alternated rounds per scenario (default 20; --scale: 12)")
    ap.add_argument("--cogs", type=int, default=26)
    ap.add_argument("--headers", type=int, default=6)
    ap.add_argument("--stl-every", type=int, default=4)
    ap.add_argument("--touched", type=int, nargs="*", default=[2, 4, 8])
    ap.add_argument("--runtime-count", type=int, default=1000)
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--quick", action="store_true",
                    help="proves the bench works (CI): 4 cogs, 3 rounds, no scanner/header benches")
    ap.add_argument("--only", action="append", default=[],
                    help="run the save -> running scenarios whose name contains this (repeatable)")
    ap.add_argument("--baseline-hotcog", default=None,
                    help="another hotcog binary (with hotcog-scan beside it): its watch on a "
                         "third copy is alternated with this one's in every round (A/B of a change)")
    ap.add_argument("--no-runtime", action="store_true", help="skip hotcog-bench-runtime")
    ap.add_argument("--publish", action="store_true",
                    help="copy results.md and the plots into bench/e2e/results/ and the tables "
                         "into bench/README.md (between its bench/e2e markers)")
    ap.add_argument("--from-samples", default=None, metavar="SAMPLES_JSON",
                    help="measure nothing: rewrite results.md and the plots from an earlier "
                         "run's samples.json (with --publish: publish them)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch dir")
    ap.add_argument("--scale", action="store_true",
                    help="only the scale scenario (scale.py): the 10,000-file / 500-cog tree, cached "
                         "in <build>/bench-e2e-scale (or --work); writes scale.md (not part of --quick)")
    ap.add_argument("--scale-cogs", type=int, default=500)
    ap.add_argument("--scale-host-runs", type=int, default=7)
    ap.add_argument("--scale-watch-runs", type=int, default=3)
    ap.add_argument("--scale-only", choices=["memory"], default=None,
                    help="with --scale: only `hotcog watch`'s start-up, first scan and memory "
                         "(scale_memory.py; with --baseline-hotcog: alternated with that binary's)")
    ap.add_argument("--scale-memory-saves", type=int, default=12,
                    help="--scale-only memory: touch-header saves after the first scan, then "
                         "memory again (0: none)")
    opts = ap.parse_args()
    opts.runs = opts.runs or (12 if opts.scale else 20)
    if opts.scale:
        return run_scale(opts)
    if opts.quick:
        opts.runs, opts.cogs, opts.headers, opts.touched, opts.runtime_count = 3, 4, 2, [2], 30
    if opts.from_samples:
        return rewrite_report(opts)
    opts.build = os.path.abspath(opts.build)
    opts.hotcog = os.path.join(opts.build, "bin", "hotcog")
    made_work = opts.work is None
    opts.work = os.path.abspath(opts.work or tempfile.mkdtemp(prefix="hotcog-bench-e2e-"))
    opts.out = os.path.abspath(opts.out or "bench-e2e-results")
    os.makedirs(opts.out, exist_ok=True)
    began = time.monotonic()
    header = ["# bench/e2e results", "",
              "- commit: %s; %s UTC" % (commit(), datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M")),
              "- machine at start: " + machine(),
              "- command: `%s`" % " ".join(["python3", "bench/e2e/run.py"] + sys.argv[1:]),
              "- corpus: %d cogs (every %dth STL-heavy), %d shared headers, %s, RelWithDebInfo; "
              "%d alternated rounds per scenario after 1 warm-up round" % (
                  opts.cogs, opts.stl_every, opts.headers, opts.cxx, opts.runs)]
    state = {"results": [], "startups": [], "runtime": {}, "extra": []}

    def save(final):
        """results.md and samples.json as they stand: a run cut short still
        leaves every scenario it finished."""
        lines = header + ["- machine at end: " + machine(),
                          "- run time: %.0f s%s" % (time.monotonic() - began,
                                                   "" if final else " (run still going)")]
        path = report.write(opts.out, lines, state["results"], state["runtime"], state["extra"],
                            state["startups"])
        with open(os.path.join(opts.out, "samples.json"), "w") as f:
            json.dump({"header": lines, "e2e": state["results"], "startup": state["startups"],
                       "runtime": {k: {x: y for x, y in v.items() if x != "output"}
                                   for k, v in state["runtime"].items()}}, f, indent=1)
        if opts.publish:
            report.publish(opts.out, os.path.join(HERE, "results"),
                           os.path.join(ROOT, "bench", "README.md"))
        return path

    try:
        print("bench/e2e: building two copies of the corpus in %s" % opts.work, flush=True)
        a, b = prepare(opts, "a"), prepare(opts, "b")
        c = prepare(opts, "c") if opts.baseline_hotcog else None
        if not opts.no_runtime:
            print("  hotcog-bench-runtime x3 (%d each)" % opts.runtime_count, flush=True)
            state["runtime"] = runtime_bench.run_all(
                os.path.join(opts.build, "bin", "hotcog-bench-runtime"), opts.runtime_count,
                opts.timeout * 5)
        run_e2e(opts, a, b, c, state, lambda: save(False))
        if not (opts.quick or opts.only):
            state["extra"] = other_benches(opts)
        path = save(True)
        with open(path) as f:
            print(f.read())
        print("bench/e2e: wrote %s and samples.json" % path)
    finally:
        if made_work and not opts.keep:
            shutil.rmtree(opts.work, ignore_errors=True)


if __name__ == "__main__":
    main()
