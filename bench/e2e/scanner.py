"""scanner.py: hotcog-scan vs clang-scan-deps-14 on two real compile
databases, googletest (/usr/src/googletest with its samples, clang-14) and
the bench's corpus (configured only, with clang++-14: a scan needs no build,
and clang-scan-deps-14 rejects the GCC-only flags the package adds for g++),
with the
functions of bench/clang-scan/bench_scan.py: the include-only scan of the
whole database without cache, both scanners alternated run by run, and the
warm single-TU rescan after an edit (`hotcog-scan -p BUILD FILE`, what
`hotcog watch` runs on a save) split into clang's parse and the rest."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "clang-scan"))
import bench_scan  # noqa: E402


def databases(opts, work):
    """(name, build dir, the TU the rescan edits): googletest when its
    sources are installed, and a configured copy of the corpus."""
    out = []
    if os.path.isdir(opts.googletest):
        gtest = os.path.join(work, "googletest")
        os.makedirs(gtest)
        build, edited = bench_scan.configure_googletest(opts.googletest, gtest)
        out.append(("googletest (%s)" % opts.googletest, build, edited))
    corpus = opts.make_corpus(os.path.join(work, "corpus"))
    done = subprocess.run(["cmake", "-S", corpus.src, "-B", corpus.build, "-G", "Ninja",
                           "-Dhotcog_DIR=" + opts.build, "-DCMAKE_CXX_COMPILER=clang++-14",
                           "-DCMAKE_BUILD_TYPE=RelWithDebInfo"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError("configuring the corpus for the scanner failed:\n" + done.stdout[-2000:])
    stl = next(i for i in range(corpus.corpus.cogs) if corpus.corpus.is_stl(i))
    out.append(("bench corpus (%d cogs, clang++-14)" % corpus.corpus.cogs,
                corpus.build, corpus.corpus.source(stl)))
    return out


def run(opts, runs):
    """One row per database: TUs, the cold scans of both scanners and the
    one-TU rescans (lists of ms, every run)."""
    scan = os.path.join(opts.build, "bin", "hotcog-scan")
    if not os.path.exists(scan):
        raise RuntimeError("no %s (configure with the scanner and build hotcog-scan)" % scan)
    jobs = str(os.cpu_count())
    rows = []
    with tempfile.TemporaryDirectory(prefix="hotcog-bench-scan-", dir=opts.work) as work:
        for name, build, edited in databases(opts, work):
            print("    %s: %d alternated cold scans, %d rescans" % (name, runs, runs), flush=True)
            rows.append({"database": name, "tus": bench_scan.tu_count(build), "jobs": int(jobs),
                         "edited": os.path.basename(edited),
                         "cold": bench_scan.cold_scans(scan, build, jobs, runs),
                         "rescan_one": bench_scan.rescans(scan, build, edited, "--includes",
                                                          [edited], jobs, runs)})
    return rows
