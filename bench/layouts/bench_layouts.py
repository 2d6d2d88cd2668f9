"""What the layout step adds to a one-cog edit.

usage: bench_layouts.py HOTCOG_BUILD_DIR [--compiler g++] [--runs 15] [--build-type RelWithDebInfo]
                        [--cmake-arg -DHOTCOG_LAYOUTS_CLANG_PLUGIN=OFF]...

examples/bot is copied to a temp dir and configured twice against the hotcog
build tree, with the same compiler and flags: once as is (layout manifests on:
hotcog-cc runs `hotcog-scan --tu-manifest` beside every compile, or with
clang 14 the compile writes it through the plugin; a POST_BUILD merge writes
<cog>.layouts) and once with -DHOTCOG_LAYOUTS=OFF. Then, runs
alternating A/B in one session: a body edit of cogs/counter.cpp (a changed
comment), then `ninja -C <dir> counter`, timed (wall, and CPU of ninja's
children). Every ON run is checked to have rewritten libcounter.so.layouts.
Also reported: the edited TU's compile alone and its scan alone (without and
with --pch-cache, as the build runs it), each timed by itself.
Prints medians and the ON/OFF ratio; never asserts on time.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "examples", "bot")


def run(cmd, **kw):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if done.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), done.stdout))
    return done.stdout


def timed(cmd):
    """Wall ms and children's CPU ms (user + sys) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run(cmd)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
    return wall, cpu


def edit(path, n):
    with open(path) as f:
        lines = f.read().split("\n")
    lines[0] = "// !count: a counter that survives reloads (bench edit %d)" % n
    with open(path, "w") as f:
        f.write("\n".join(lines))


def compile_command(build, obj_suffix):
    """The edited TU's compile command from ninja, without the launcher."""
    out = run(["ninja", "-C", build, "-t", "commands", "counter"])
    for line in out.splitlines():
        if line.rstrip().endswith(obj_suffix) or obj_suffix + " " in line:
            cmd = line.split(" && ")[-1] if "&&" in line else line
            if "-c" in cmd.split():
                return cmd
    sys.exit("no compile command for %s in %s" % (obj_suffix, build))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hotcog_build")
    parser.add_argument("--compiler", default="g++")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--build-type", default="RelWithDebInfo")
    parser.add_argument("--cmake-arg", action="append", default=[],
                        help="passed to both configurations")
    opts = parser.parse_args()

    work = tempfile.mkdtemp(prefix="hotcog-bench-layouts-")
    try:
        source = os.path.join(work, "bot")
        shutil.copytree(SOURCE, source)
        dirs = {"on": os.path.join(work, "on"), "off": os.path.join(work, "off")}
        for mode, build in dirs.items():
            run(["cmake", "-S", source, "-B", build, "-G", "Ninja",
                 "-Dhotcog_DIR=" + os.path.abspath(opts.hotcog_build),
                 "-DCMAKE_CXX_COMPILER=" + opts.compiler,
                 "-DCMAKE_BUILD_TYPE=" + opts.build_type,
                 "-DHOTCOG_LAYOUTS=" + ("ON" if mode == "on" else "OFF")] + opts.cmake_arg)
            run(["ninja", "-C", build])
        manifest = os.path.join(dirs["on"], "libcounter.so.layouts")
        if not os.path.exists(manifest):
            sys.exit("the ON build wrote no %s" % manifest)
        if any(f.endswith(".layouts") for _, _, fs in os.walk(dirs["off"]) for f in fs):
            sys.exit("the OFF build wrote layout manifests")

        edited = os.path.join(source, "cogs", "counter.cpp")
        results = {"on": [], "off": []}
        for n in range(opts.runs + 1):  # the first round warms the page cache, not counted
            for mode in ("on", "off"):
                edit(edited, 2 * n + (mode == "off"))
                stamp = os.stat(manifest).st_mtime_ns
                sample = timed(["ninja", "-C", dirs[mode], "counter"])
                if mode == "on" and os.stat(manifest).st_mtime_ns == stamp:
                    sys.exit("the ON build did not rewrite %s" % manifest)
                if n:
                    results[mode].append(sample)

        # The two halves of the ON edge, each alone.
        cmd = compile_command(dirs["off"], "counter.cpp.o")
        scan = os.path.join(os.path.abspath(opts.hotcog_build), "bin", "hotcog-scan")
        pch = os.path.join(work, "pch")
        alone = {"compile": [], "scan": [], "scan-pch": []}
        scan_cmd = "cd %s && %s --tu-manifest %%s -o %s/scan.layouts -- %s" % (dirs["off"], scan, work, cmd)
        run(["sh", "-c", scan_cmd % ("--pch-cache=" + pch)])  # builds the PCH
        for _ in range(max(5, opts.runs // 3)):
            alone["compile"].append(timed(["sh", "-c", "cd %s && %s" % (dirs["off"], cmd)])[0])
            alone["scan"].append(timed(["sh", "-c", scan_cmd % ""])[0])
            alone["scan-pch"].append(timed(["sh", "-c", scan_cmd % ("--pch-cache=" + pch)])[0])

        med = {m: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
               for m, r in results.items()}
        rules = open(os.path.join(dirs["on"], "CMakeFiles", "rules.ninja")).read()
        how = "clang plugin" if "--clang-plugin" in rules else "parallel hotcog-scan"
        print("one-cog edit (examples/bot cogs/counter.cpp), `ninja counter`, %s %s, layouts by %s, "
              "%d alternated runs each" % (opts.compiler, opts.build_type, how, opts.runs))
        print("  layouts ON : wall %.0f ms, CPU %.0f ms (median)" % med["on"])
        print("  layouts OFF: wall %.0f ms, CPU %.0f ms (median)" % med["off"])
        print("  ratio ON/OFF: wall %.3f, CPU %.3f" % (med["on"][0] / med["off"][0],
                                                      med["on"][1] / med["off"][1]))
        print("  the edited TU alone (wall, median): compile %.0f ms; scan %.0f ms, with its "
              "precompiled system headers %.0f ms" % tuple(statistics.median(alone[k]) for k in
                                                         ("compile", "scan", "scan-pch")))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
