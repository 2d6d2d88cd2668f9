#!/usr/bin/env python3
"""bench/e2e/run.py: what a user feels, save -> new code running, against
the build alone, in one run; see bench/README.md.

  run.py [--build build/dev] [--out DIR] [--runs 20] [--quick] [--work DIR]

Generates the corpus (corpus.py) twice (copy A runs under a host and
`hotcog watch`, copy B is built by plain ninja), configures both against the
hotcog build tree, then runs its sections in this order (--only picks some):
  runtime       the pause inside Host::poll() and the soak (runtime_bench.py)
  save-running  alternated A/B samples (save_running.py) for one trivial cog,
                one STL-heavy cog, at debounce 0 and the default (100 ms), and
                1..8 cogs edited at once
  header-edits  compiles per shared-header edit under watch vs ninja alone, the
                decision time, stale cogs (header_edits.py)
  scanner       hotcog-scan vs clang-scan-deps-14 on googletest and the corpus,
                warm single-TU rescan (scanner.py)
A section that fails is reported as failed; the others still run. Writes
DIR/results.md (tables, plots when gnuplot exists) and DIR/samples.json
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
import header_edits  # noqa: E402
import report  # noqa: E402
import report_sections  # noqa: E402
import runtime_bench  # noqa: E402
import save_running  # noqa: E402
import scale  # noqa: E402
import scanner  # noqa: E402


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


def written_copy(root, opts):
    copy = Copy(root, opts)
    copy.corpus.write()
    return copy


def prepare(opts, name):
    copy = written_copy(os.path.join(opts.work, name), opts)
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
        words = [w for w in opts.only if w not in SECTIONS]
        if opts.only and "save-running" not in words and not any(w in name for w in words):
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
                began = time.monotonic()
                sa, sb = save_running.run_compare(sessions, cogs, opts.runs, back_to_back=again)
                results.append({"name": name, "cogs": cogs, "debounce_ms": debounce,
                                "seconds": round(time.monotonic() - began, 1),
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


# The sections besides the save -> running scenarios, in run order; --only
# takes these names too. Each runs in a try: one that fails is reported as
# failed (with its error) and the others still run.
SECTIONS = ["runtime", "header-edits", "scanner"]


def wanted_sections(opts):
    """(section, why it does not run or None) in order; "save-running"
    stands for the scenarios of e2e_scenarios()."""
    out = []
    for name in SECTIONS[:1] + ["save-running"] + SECTIONS[1:]:
        why = None
        if opts.only and name not in opts.only and not (
                name == "save-running" and any(w not in SECTIONS for w in opts.only)):
            why = "not asked for (--only)"
        elif name == "runtime" and opts.no_runtime:
            why = "--no-runtime"
        elif name == "scanner" and not os.path.exists(os.path.join(opts.build, "bin", "hotcog-scan")):
            why = "no hotcog-scan in the build tree"
        out.append((name, why))
    return out


def run_section(state, name, fn, checkpoint):
    """fn() -> the section's data, stored in state[name] (unless None); an
    exception is recorded in state["failed"] so the report says so."""
    began = time.monotonic()
    try:
        data = fn()
        if data is not None:
            state[name] = data
    except Exception as err:  # noqa: BLE001 - any failure goes into the report
        state["failed"].append({"section": name, "error": "%s: %s" % (type(err).__name__, err)})
        print("  %s FAILED: %s" % (name, err), flush=True)
    state["seconds"][name] = round(time.monotonic() - began, 1)
    checkpoint()


def rewrite_report(opts):
    with open(opts.from_samples) as f:
        data = json.load(f)
    out = os.path.abspath(opts.out or os.path.dirname(os.path.abspath(opts.from_samples)))
    os.makedirs(out, exist_ok=True)
    path = report.write(out, data["header"], data["e2e"], data.get("runtime", {}), [],
                        data.get("startup", []), data)
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
                    help="proves the bench works (CI): 4 cogs, 3 rounds, 2 header edits, 1 scan "
                         "of each database")
    ap.add_argument("--only", action="append", default=[],
                    help="run only this (repeatable): a section (save-running, %s) or the "
                         "save -> running scenarios whose name contains it" % ", ".join(SECTIONS))
    ap.add_argument("--header-edits", type=int, default=None,
                    help="header edits of the header-edits section (default: --runs)")
    ap.add_argument("--scan-runs", type=int, default=None,
                    help="alternated scans and rescans per database of the scanner section "
                         "(default: --runs)")
    ap.add_argument("--googletest", default="/usr/src/googletest",
                    help="googletest sources for the scanner section (skipped when absent)")
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
        opts.header_edits, opts.scan_runs = 1, 1
    opts.header_edits = opts.header_edits or opts.runs
    opts.scan_runs = opts.scan_runs or opts.runs
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
    state = {"results": [], "startups": [], "runtime": {}, "extra": [], "failed": [],
             "seconds": {}}
    sections = wanted_sections(opts)
    header.append("- header edits: %d (after %d warm-up), hotcog watch at debounce 30 ms vs "
                  "`ninja` alone; scanner: %d alternated runs per database, -j %d"
                  % (opts.header_edits, 0 if opts.quick else 1, opts.scan_runs, os.cpu_count()))

    def save(final):
        """results.md and samples.json as they stand: a run cut short still
        leaves every scenario it finished."""
        lines = header + ["- machine at end: " + machine(),
                          "- run time: %.0f s%s" % (time.monotonic() - began,
                                                   "" if final else " (run still going)"),
                          "- " + report_sections.sections_line(sections, state, final)]
        data = {"header": lines, "e2e": state["results"], "startup": state["startups"],
                "runtime": {k: {x: y for x, y in v.items() if x != "output"}
                            for k, v in state["runtime"].items()},
                "header_edits": state.get("header-edits", []), "scanner": state.get("scanner", []),
                "failed": state["failed"], "seconds": state["seconds"]}
        path = report.write(opts.out, lines, state["results"], state["runtime"], state["extra"],
                            state["startups"], data)
        with open(os.path.join(opts.out, "samples.json"), "w") as f:
            json.dump(data, f, indent=1)
        if opts.publish:
            report.publish(opts.out, os.path.join(HERE, "results"),
                           os.path.join(ROOT, "bench", "README.md"))
        return path

    runs = {name for name, why in sections if why is None}
    checkpoint = lambda: save(False)  # noqa: E731
    try:
        a = b = c = None
        if runs & {"save-running", "header-edits"}:
            print("bench/e2e: building two copies of the corpus in %s" % opts.work, flush=True)
            a, b = prepare(opts, "a"), prepare(opts, "b")
            c = prepare(opts, "c") if opts.baseline_hotcog else None
        if "runtime" in runs:
            print("  hotcog-bench-runtime x3 (%d each)" % opts.runtime_count, flush=True)
            run_section(state, "runtime", lambda: runtime_bench.run_all(
                os.path.join(opts.build, "bin", "hotcog-bench-runtime"), opts.runtime_count,
                opts.timeout * 5), checkpoint)
        if "save-running" in runs:
            run_section(state, "save-running", lambda: run_e2e(opts, a, b, c, state, checkpoint),
                        checkpoint)
        if "header-edits" in runs:
            print("  header edits: %d, watch vs ninja alone alternated" % opts.header_edits, flush=True)
            run_section(state, "header-edits", lambda: header_edits.run(
                opts, a, b, opts.header_edits, warmup=0 if opts.quick else 1), checkpoint)
        if "scanner" in runs:
            print("  scanner: hotcog-scan vs clang-scan-deps-14", flush=True)
            opts.make_corpus = lambda root: written_copy(root, opts)
            run_section(state, "scanner", lambda: scanner.run(opts, opts.scan_runs), checkpoint)
        path = save(True)
        with open(path) as f:
            print(f.read())
        print("bench/e2e: wrote %s and samples.json" % path)
        if state["failed"]:
            sys.exit("bench/e2e: %s failed (see %s)"
                     % (", ".join(f["section"] for f in state["failed"]), path))
    finally:
        if made_work and not opts.keep:
            shutil.rmtree(opts.work, ignore_errors=True)


if __name__ == "__main__":
    main()
