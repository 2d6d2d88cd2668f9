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
Prints medians; never asserts on time.
"""
import argparse
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
        sys.exit("failed: %s\n%s" % (" ".join(cmd), run.stderr))
    return elapsed, run.stderr


def median(values):
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hotcog_scan")
    parser.add_argument("--source", default="/usr/src/googletest")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    opts = parser.parse_args()

    work = tempfile.mkdtemp(prefix="hotcog-bench-scan-")
    try:
        source = os.path.join(work, "googletest")
        shutil.copytree(opts.source, source)  # the edits below must not touch /usr/src
        build = os.path.join(work, "build")
        subprocess.run(["cmake", "-S", source, "-B", build, "-G", "Ninja",
                        "-DCMAKE_CXX_COMPILER=clang++-14", "-DCMAKE_C_COMPILER=clang-14",
                        "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", "-Dgtest_build_samples=ON"],
                       check=True, stdout=subprocess.DEVNULL)
        db = os.path.join(build, "compile_commands.json")
        ntus = len(__import__("json").load(open(db)))
        jobs = str(opts.jobs)
        print("googletest compile database: %d TUs, %s jobs, %d runs each" % (ntus, jobs, opts.runs))

        ours, theirs = [], []
        for _ in range(opts.runs):
            ours.append(wall([opts.hotcog_scan, "-p", build, "--includes", "--no-cache", "-j", jobs])[0])
            theirs.append(wall(["clang-scan-deps-14", "-compilation-database=" + db, "-j", jobs])[0])
        print("include-only scan, cold:  hotcog-scan %.0f ms, clang-scan-deps-14 %.0f ms "
              "(median; ratio hotcog/clang-scan-deps %.2f)"
              % (median(ours), median(theirs), median(ours) / median(theirs)))

        edited = os.path.join(source, "googletest", "samples", "sample1_unittest.cc")
        original = open(edited).read()
        for part in ("--includes", "--layouts"):
            for scope, files in (("that TU alone", [edited]), ("whole database", [])):
                cmd = [opts.hotcog_scan, "-p", build, part, "--time", "-j", jobs] + files
                wall(cmd)  # warm the cache
                walls, parses, others = [], [], []
                for i in range(opts.runs):
                    with open(edited, "w") as f:
                        f.write(original + "\n// edit %d\n" % i)
                    elapsed, err = wall(cmd)
                    m = TIME_LINE.search(err)
                    if not m or m.group(4) != "1":
                        sys.exit("expected exactly one TU parsed, got: " + err)
                    walls.append(elapsed)
                    parses.append(float(m.group(3)))
                    others.append(elapsed - float(m.group(3)))
                print("rescan after an edit of %s, %s, %s, warm cache: wall %.0f ms = clang parse "
                      "of the TU %.0f ms + everything else %.1f ms (medians)"
                      % (os.path.basename(edited), scope, part, median(walls), median(parses),
                         median(others)))
                nochange = [wall(cmd)[0] for _ in range(opts.runs)]
                print("rescan with nothing changed, %s, %s: wall %.1f ms (median)"
                      % (scope, part, median(nochange)))
            open(edited, "w").write(original)
        print("(process startup, `--help`: hotcog-scan %.1f ms, clang-scan-deps-14 %.1f ms, medians)"
              % (median([wall([opts.hotcog_scan, "--help"])[0] for _ in range(opts.runs)]),
                 median([wall(["clang-scan-deps-14", "--help"])[0] for _ in range(opts.runs)])))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
