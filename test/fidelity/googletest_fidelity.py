"""Fidelity check of hotcog-scan on real code nobody here wrote: googletest.

usage: googletest_fidelity.py HOTCOG_SCAN [--source /usr/src/googletest] [--jobs N] [--keep DIR]

Configures the googletest sources (with the samples, clang-14 as compiler) into
a temp dir to get a compile_commands.json, runs `hotcog-scan --includes
--layouts` over every TU, then runs clang-14 itself on every TU's command with
`-MD` (depfile) and `-fdump-record-layouts` (compiling to a scratch object, so every
record codegen needs is laid out), and compares:
  - includes: the scan's file + includes must equal the depfile, in order;
  - records: every record of the scan must have the same size, align, vptr,
    bases and fields as clang's dump (see clang_layout_dump.py). Clang only
    lays out what Sema and codegen need, so for the records missing from a
    TU's dump a wrapper source is compiled that #includes the TU and then
    forces their layout (force_layouts); records that even this cannot get
    laid out are counted as not equal, with the reason.
  - edges: the include-only scan (minimized sources, line numbers mapped back
    to the original files) must give the same includes and edges, lines
    included, as the full parse.
Prints "includes: N/N equal, records: M/M equal" (M: every record of the scan,
per TU; and the edges line) and exits 0 only if all are 100%.
"""
import argparse
import concurrent.futures
import json
import os
import re
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


def compile_args(entry):
    """The TU's compiler arguments without the compiler, output and depfile flags."""
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
    return out


def clang_reference(entry, work, index):
    """Runs clang-14 on one TU: returns (depfile paths, layout dump text)."""
    depfile = os.path.join(work, "tu%d.d" % index)
    cmd = [CLANG] + compile_args(entry) + ["-c", "-o", os.path.join(work, "tu%d.o" % index),
                                           "-MD", "-MF", depfile, "-Xclang", "-fdump-record-layouts"]
    run = subprocess.run(cmd, cwd=entry["directory"], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError("clang failed on %s:\n%s" % (entry["file"], run.stderr))
    text = open(depfile).read().replace("\\\n", " ")
    deps = text.partition(": ")[2].replace("\\ ", "\0").split()
    paths = [os.path.normpath(os.path.join(entry["directory"], p.replace("\0", " "))) for p in deps]
    return paths, run.stdout


# Explicit instantiation definitions instantiate the class, so the static_assert
# evaluates sizeof(T), which makes clang lay out T (and dump it). Access checks
# are waived for the names in an explicit instantiation ([temp.spec]/6), so
# private and protected nested classes can be named.
FORCE_TEMPLATE = ("template <class T> struct hotcog_force_layout "
                  "{ static_assert(sizeof(T) != 0, \"hotcog: force layout\"); };\n")


def spelling(name):
    """A C++ spelling of a record name as clang prints it. Members of an unnamed
    namespace are visible in the enclosing one, so "(anonymous namespace)::" is
    dropped; other unspellable parts (lambdas, function-local classes, which
    clang prints without their function) make the wrapper fail to compile."""
    return "::" + name.replace("(anonymous namespace)::", "")


def without_local_scopes(text):
    """hotcog-scan names a function-local class after its function,
    "(local in ns::f(int))::L"; clang's layout dump prints it as "L". Drops
    every such "(local in ...)::" (balanced parentheses) to compare."""
    out, i = [], 0
    marker = "(local in "
    while True:
        j = text.find(marker, i)
        if j < 0:
            return "".join(out) + text[i:]
        out.append(text[i:j])
        depth, k = 0, j
        while k < len(text):
            depth += {"(": 1, ")": -1}.get(text[k], 0)
            k += 1
            if depth == 0:
                break
        i = k + 2 if text.startswith("::", k) else k


def clang_names(tus):
    """The scanner's records as clang's dump names them (see without_local_scopes)."""
    for tu in tus:
        for record in tu.get("records", []):
            record["name"] = without_local_scopes(record["name"])
            for base in record.get("bases", []):
                base["name"] = without_local_scopes(base["name"])
            for field in record.get("fields", []):
                field["type"] = without_local_scopes(field["type"])
    return tus


def write_wrapper(path, tu_file, names):
    """Writes a source that includes the TU and forces the layout of each name;
    returns {wrapper line: name}."""
    lines = ["#include \"%s\"\n" % tu_file, FORCE_TEMPLATE]
    at_line = {}
    for name in names:
        lines.append("template struct hotcog_force_layout<%s>;\n" % spelling(name))
        at_line[len(lines)] = name
    with open(path, "w") as f:
        f.writelines(lines)
    return at_line


def failing_lines(stderr, wrapper, at_line):
    """Groups clang's diagnostics by error: returns [(error text, set of the
    wrapper's force lines it mentions)]; an error reached from a force line
    carries an "in instantiation ... requested here" note at that line."""
    position = re.compile(r"^(.*?):(\d+):\d+: (error|warning|note): (.*)$")
    errors = []
    in_error = False
    for raw in stderr.splitlines():
        m = position.match(raw)
        if not m:
            continue
        if m.group(3) != "note":
            # Notes belong to the diagnostic before them; a warning's are ignored.
            in_error = m.group(3) == "error"
            if in_error:
                errors.append((m.group(4), set()))
        if in_error and os.path.abspath(m.group(1)) == wrapper and int(m.group(2)) in at_line:
            errors[-1][1].add(int(m.group(2)))
    return errors


def force_layouts(entry, work, index, names):
    """Compiles a wrapper of the TU that forces the layout of each name (same
    flags and cwd, -fsyntax-only: the layouts are computed, and dumped, during
    Sema). Force lines that clang rejects are dropped and the wrapper retried.
    Returns (dump text, {name: why it could not be forced})."""
    wrapper = os.path.join(work, "force%d.cpp" % index)
    tu_file = os.path.join(entry["directory"], entry["file"])
    # The wrapper replaces the TU's source argument; every other flag stays.
    args = [a for a in compile_args(entry)
            if os.path.normpath(os.path.join(entry["directory"], a)) != os.path.normpath(tu_file)]
    unforced = {}
    names = list(names)
    while names:
        at_line = write_wrapper(wrapper, tu_file, names)
        cmd = [CLANG] + args + ["-fsyntax-only", "-ferror-limit=0",
                                "-Xclang", "-fdump-record-layouts", wrapper]
        run = subprocess.run(cmd, cwd=entry["directory"], capture_output=True, text=True)
        if run.returncode == 0:
            return run.stdout, unforced
        errors = failing_lines(run.stderr, wrapper, at_line)
        bad = set()
        for text, lines in errors:
            for line in lines:
                unforced[at_line[line]] = text
                bad.add(at_line[line])
        if not bad:
            # An error no force line explains: give up on this TU rather than guess.
            for name in names:
                unforced[name] = "wrapper failed: " + (run.stderr.strip().splitlines() or ["?"])[0]
            return "", unforced
        names = [n for n in names if n not in bad]
    return "", unforced


def plan_forcing(tu, dumped):
    """Names of the TU's records missing from clang's dump, to force in a
    wrapper; and {name: reason} for those that cannot be forced by name."""
    missing = [r for r in tu["records"] if r["name"] not in dumped]
    places = {}
    for record in tu["records"]:
        places.setdefault(record["name"], set()).add((record["file"], record["line"]))
    unforced = {}
    for record in missing:
        if len(places[record["name"]]) > 1:
            # E.g. function-local classes, which clang names without their
            # function: a name would pick one of them, perhaps the wrong one.
            unforced[record["name"]] = "%d records of the TU share this name" % len(
                places[record["name"]])
    names = sorted({r["name"] for r in missing} - set(unforced))
    return names, unforced


def merge_forced(names, dump, dumped, unforced):
    """Adds the wrapper's dump blocks of the forced names to the TU's dump. A
    name the wrapper compiled but clang still did not dump under it goes to
    unforced."""
    forced = clang_layout_dump.parse_dump(dump)
    for name in names:
        if name in unforced:
            continue
        if name in forced:
            dumped[name] = forced[name]
        else:
            unforced[name] = "the wrapper compiled, but clang dumped no record with this name"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hotcog_scan")
    parser.add_argument("--source", default="/usr/src/googletest")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--keep", help="work in this dir and keep it")
    opts = parser.parse_args()

    # Absolute: clang runs in each TU's directory and is given paths in here.
    work = os.path.abspath(opts.keep or tempfile.mkdtemp(prefix="hotcog-fidelity-"))
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
        tus = clang_names(json.loads(scan_run.stdout)["tus"])
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

        dumps = [clang_layout_dump.parse_dump(dump) for _, dump in refs]
        plans = [plan_forcing(tu, dumped) for tu, dumped in zip(tus, dumps)]
        jobs = [(i, names) for i, (names, _) in enumerate(plans) if names]
        with concurrent.futures.ThreadPoolExecutor(opts.jobs) as pool:
            forced = list(pool.map(lambda job: force_layouts(entries[job[0]], work, job[0], job[1]), jobs))
        for (i, names), (dump, unforced) in zip(jobs, forced):
            plans[i][1].update(unforced)
            merge_forced(names, dump, dumps[i], plans[i][1])

        inc_equal = rec_equal = rec_total = forced_count = not_forced = 0
        for entry, tu, (deps, _), dumped, (names, unforced) in zip(entries, tus, refs, dumps, plans):
            file = tu["file"]
            if [tu["file"]] + tu["includes"] == deps:
                inc_equal += 1
            else:
                print("includes differ: %s" % file)
                for p in sorted(set(deps) - set(tu["includes"] + [tu["file"]])):
                    print("  only in depfile: " + p)
                for p in sorted(set(tu["includes"] + [tu["file"]]) - set(deps)):
                    print("  only in scan: " + p)
            for record in tu["records"]:
                rec_total += 1
                if record["name"] in unforced:
                    not_forced += 1
                    print("record not laid out by clang, even when forced, in %s: %s (%s:%d): %s"
                          % (file, record["name"], record["file"], record["line"],
                             unforced[record["name"]]))
                    continue
                if record["name"] in names:
                    forced_count += 1
                diffs = clang_layout_dump.compare(record, dumped[record["name"]])
                if diffs:
                    print("record differs in %s: %s: %s" % (file, record["name"], "; ".join(diffs)))
                else:
                    rec_equal += 1
        print("TUs: %d; records: %d, of which %d laid out by clang only in a wrapper that forces "
              "their layout; records that could not be forced: %d"
              % (len(entries), rec_total, forced_count, not_forced))
        print("include-only scan (minimized sources) vs full parse: %d/%d TUs with equal "
              "includes and edges" % (edges_equal, len(tus)))
        print("includes: %d/%d equal, records: %d/%d equal"
              % (inc_equal, len(entries), rec_equal, rec_total))
        ok = (inc_equal == len(entries) and rec_total > 0 and rec_equal == rec_total
              and edges_equal == len(tus))
        return 0 if ok else 1
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
