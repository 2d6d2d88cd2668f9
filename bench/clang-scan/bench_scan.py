"""hotcog-scan benchmarks on googletest (a compile database nobody here wrote).

usage: bench_scan.py HOTCOG_SCAN [--source /usr/src/googletest] [--runs 5] [--jobs N]

1. Include-only scan of the whole database, cold (no cache):
   `hotcog-scan --includes --no-cache` vs `clang-scan-deps-14` (its default,
   fastest mode: minimized sources) on the same database, alternating runs.
2. Rescan after an edit with a warm cache: one TU's source (a googletest
   sample, which pulls in gtest.h and a typical STL include set) gets a new
   comment, then `hotcog-scan` runs (a) on that TU alone (FILE argument, what
   hotcog does on a save) and (b) over the whole database, the other TUs
   coming from the cache. Reported: wall time of the process, clang's parse of
   the edited TU (the `parse` phase of --time, which also renders that TU's
   JSON on its thread), and everything else (wall - parse), for --includes
   and --layouts.
3. Rescan with nothing changed (every TU from the cache).
Prints medians; never asserts on time. bench/e2e/run.py calls the same
functions (cold_scans, rescans) on googletest and on its own corpus.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TIME_LINE = re.compile(r"load-db ([\d.]+) ms, cache-check ([\d.]+) ms, parse ([\d.]+) ms "
                       r"\((\d+) parsed, (\d+) cached\), write ([\d.]+) ms")


def wall(cmd, **kw):
    start = time.perf_counter()
    run = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    elapsed = (time.perf_counter() - start) * 1000
    if run.returncode != 0:
        raise RuntimeError("failed: %s\n%s" % (" ".join(cmd), run.stderr[-3000:]))
    return elapsed, run.stderr


def median(values):
    return statistics.median(values)


def tu_count(build):
    with open(os.path.join(build, "compile_commands.json")) as f:
        return len(json.load(f))


def cold_scans(scan, build, jobs, runs):
    """Include-only scans of the whole database without cache, hotcog-scan
    and clang-scan-deps-14 alternated (the order swaps run by run):
    ({"hotcog-scan": [ms...], "clang-scan-deps-14": [ms...]})."""
    db = os.path.join(build, "compile_commands.json")
    arms = [("hotcog-scan", [scan, "-p", build, "--includes", "--no-cache", "-j", jobs]),
            ("clang-scan-deps-14", ["clang-scan-deps-14", "-compilation-database=" + db, "-j", jobs])]
    out = {name: [] for name, _ in arms}
    for r in range(runs):
        for name, cmd in (arms if r % 2 == 0 else arms[::-1]):
            out[name].append(wall(cmd)[0])
    return out


def rescans(scan, build, edited, part, files, jobs, runs):
    """Warm-cache rescans after a new comment in `edited` (files: [] for the
    whole database, [edited] for that TU alone, what hotcog does on a save),
    then with nothing changed: {"wall_ms", "parse_ms", "other_ms",
    "unchanged_ms"}, each a list of runs. Restores the file."""
    cmd = [scan, "-p", build, part, "--time", "-j", jobs] + files
    with open(edited) as f:
        original = f.read()
    out = {"wall_ms": [], "parse_ms": [], "other_ms": [], "unchanged_ms": []}
    try:
        wall(cmd)  # warm the cache
        for i in range(runs):
            with open(edited, "w") as f:
                f.write(original + "\n// edit %d\n" % i)
            elapsed, err = wall(cmd)
            m = TIME_LINE.search(err)
            if not m or m.group(4) != "1":
                raise RuntimeError("%s: expected exactly one TU parsed, got: %s" % (" ".join(cmd), err))
            out["wall_ms"].append(elapsed)
            out["parse_ms"].append(float(m.group(3)))
            out["other_ms"].append(elapsed - float(m.group(3)))
        out["unchanged_ms"] = [wall(cmd)[0] for _ in range(runs)]
    finally:
        with open(edited, "w") as f:
            f.write(original)
    return out


def configure_googletest(source, work):
    """A copy of googletest (the edits must not touch /usr/src) configured
    with its samples; returns (build dir, the TU the rescans edit)."""
    copy = os.path.join(work, "googletest")
    shutil.copytree(source, copy)
    build = os.path.join(work, "build")
    subprocess.run(["cmake", "-S", copy, "-B", build, "-G", "Ninja",
                    "-DCMAKE_CXX_COMPILER=clang++-14", "-DCMAKE_C_COMPILER=clang-14",
                    "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", "-Dgtest_build_samples=ON"],
                   check=True, stdout=subprocess.DEVNULL)
    return build, os.path.join(copy, "googletest", "samples", "sample1_unittest.cc")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hotcog_scan")
    parser.add_argument("--source", default="/usr/src/googletest")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    opts = parser.parse_args()

    work = tempfile.mkdtemp(prefix="hotcog-bench-scan-")
    try:
        report(opts, work)
    except RuntimeError as err:
        sys.exit("bench_scan: %s" % err)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(opts, work):
    build, edited = configure_googletest(opts.source, work)
    jobs = str(opts.jobs)
    print("googletest compile database: %d TUs, %s jobs, %d runs each"
          % (tu_count(build), jobs, opts.runs))
    cold = cold_scans(opts.hotcog_scan, build, jobs, opts.runs)
    ours, theirs = cold["hotcog-scan"], cold["clang-scan-deps-14"]
    print("include-only scan, cold:  hotcog-scan %.0f ms, clang-scan-deps-14 %.0f ms "
          "(median; ratio hotcog/clang-scan-deps %.2f)"
          % (median(ours), median(theirs), median(ours) / median(theirs)))
    for part in ("--includes", "--layouts"):
        for scope, files in (("that TU alone", [edited]), ("whole database", [])):
            r = rescans(opts.hotcog_scan, build, edited, part, files, jobs, opts.runs)
            print("rescan after an edit of %s, %s, %s, warm cache: wall %.0f ms = clang parse "
                  "of the TU %.0f ms + everything else %.1f ms (medians)"
                  % (os.path.basename(edited), scope, part, median(r["wall_ms"]),
                     median(r["parse_ms"]), median(r["other_ms"])))
            print("rescan with nothing changed, %s, %s: wall %.1f ms (median)"
                  % (scope, part, median(r["unchanged_ms"])))
    print("(process startup, `--help`: hotcog-scan %.1f ms, clang-scan-deps-14 %.1f ms, medians)"
          % (median([wall([opts.hotcog_scan, "--help"])[0] for _ in range(opts.runs)]),
             median([wall(["clang-scan-deps-14", "--help"])[0] for _ in range(opts.runs)])))


if __name__ == "__main__":
    main()
