"""Fidelity check of hotcog-scan on real code nobody here wrote: googletest.

usage: googletest_fidelity.py HOTCOG_SCAN [--source /usr/src/googletest] [--jobs N] [--keep DIR]

Configures the googletest sources (with the samples, clang-14 as compiler) into
a temp dir to get a compile_commands.json, runs `hotcog-scan --includes
--layouts` over every TU, then runs clang-14 itself on every TU's command with
`-MD` (depfile) and `-fdump-record-layouts` (compiling to a scratch object, so every
record codegen needs is laid out), and compares:
  - includes: the scan's file + includes must equal the depfile, in order;
  - records: each record of the scan that clang laid out must have the same
    size, align, vptr, bases and fields (see clang_layout_dump.py).
  - edges: the include-only scan (minimized sources, line numbers mapped back
    to the original files) must give the same includes and edges, lines
    included, as the full parse.
Prints "includes: N/N equal, records: M/M equal" (and the edges line) and
exits 0 only if all are 100% (records that clang did not lay out in a TU are
counted, not compared).
"""
import argparse
import concurrent.futures
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clang_layout_dump  # noqa: E402

CLANG = "clang++-14"


def configure(source, build):
    subprocess.run(["cmake", "-S", source, "-B", build, "-G", "Ninja",
                    "-DCMAKE_CXX_COMPILER=" + CLANG, "-DCMAKE_C_COMPILER=clang-14",
                    "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", "-Dgtest_build_samples=ON"],
                   check=True, stdout=subprocess.DEVNULL)


def clang_reference(entry, work, index):
    """Runs clang-14 on one TU: returns (depfile paths, layout dump text)."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    out = []
    skip = False
    for arg in args[1:]:
        if skip:
            skip = False
            continue
        if arg in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if arg in ("-c", "-MD", "-MMD"):
            continue
        out.append(arg)
    depfile = os.path.join(work, "tu%d.d" % index)
    cmd = [CLANG] + out + ["-c", "-o", os.path.join(work, "tu%d.o" % index), "-MD", "-MF", depfile,
                           "-Xclang", "-fdump-record-layouts"]
    run = subprocess.run(cmd, cwd=entry["directory"], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError("clang failed on %s:\n%s" % (entry["file"], run.stderr))
    text = open(depfile).read().replace("\\\n", " ")
    deps = text.partition(": ")[2].replace("\\ ", "\0").split()
    paths = [os.path.normpath(os.path.join(entry["directory"], p.replace("\0", " "))) for p in deps]
    return paths, run.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hotcog_scan")
    parser.add_argument("--source", default="/usr/src/googletest")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--keep", help="work in this dir and keep it")
    opts = parser.parse_args()

    work = opts.keep or tempfile.mkdtemp(prefix="hotcog-fidelity-")
    try:
        build = os.path.join(work, "build")
        configure(opts.source, build)
        entries = json.load(open(os.path.join(build, "compile_commands.json")))
        scan_run = subprocess.run([opts.hotcog_scan, "-p", build, "--includes", "--layouts",
                                   "--no-cache", "--jobs", str(opts.jobs)],
                                  capture_output=True, text=True)
        if scan_run.returncode != 0:
            print("hotcog-scan failed (%d):\n%s" % (scan_run.returncode, scan_run.stderr))
            return 1
        # hotcog-scan prints TUs in database order (a file may appear twice).
        tus = json.loads(scan_run.stdout)["tus"]
        fast_run = subprocess.run([opts.hotcog_scan, "-p", build, "--includes", "--no-cache",
                                   "--jobs", str(opts.jobs)], capture_output=True, text=True)
        if fast_run.returncode != 0:
            print("hotcog-scan --includes failed (%d):\n%s" % (fast_run.returncode, fast_run.stderr))
            return 1
        fast = json.loads(fast_run.stdout)["tus"]
        edges_equal = 0
        for quick, tu in zip(fast, tus):
            if quick["includes"] == tu["includes"] and quick["edges"] == tu["edges"]:
                edges_equal += 1
            else:
                print("include-only scan differs from the full parse: " + tu["file"])

        with concurrent.futures.ThreadPoolExecutor(opts.jobs) as pool:
            refs = list(pool.map(lambda ie: clang_reference(ie[1], work, ie[0]), enumerate(entries)))

        inc_equal = rec_equal = rec_compared = not_laid_out = 0
        for entry, tu, (deps, dump) in zip(entries, tus, refs):
            file = tu["file"]
            if [tu["file"]] + tu["includes"] == deps:
                inc_equal += 1
            else:
                print("includes differ: %s" % file)
                for p in sorted(set(deps) - set(tu["includes"] + [tu["file"]])):
                    print("  only in depfile: " + p)
                for p in sorted(set(tu["includes"] + [tu["file"]]) - set(deps)):
                    print("  only in scan: " + p)
            dumped = clang_layout_dump.parse_dump(dump)
            for record in tu["records"]:
                if record["name"] not in dumped:
                    not_laid_out += 1
                    continue
                rec_compared += 1
                diffs = clang_layout_dump.compare(record, dumped[record["name"]])
                if diffs:
                    print("record differs in %s: %s: %s" % (file, record["name"], "; ".join(diffs)))
                else:
                    rec_equal += 1
        print("TUs: %d; user records not laid out by clang in their TU (not compared): %d"
              % (len(entries), not_laid_out))
        print("include-only scan (minimized sources) vs full parse: %d/%d TUs with equal "
              "includes and edges" % (edges_equal, len(tus)))
        print("includes: %d/%d equal, records: %d/%d equal"
              % (inc_equal, len(entries), rec_equal, rec_compared))
        ok = (inc_equal == len(entries) and rec_compared > 0 and rec_equal == rec_compared
              and edges_equal == len(tus))
        return 0 if ok else 1
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
