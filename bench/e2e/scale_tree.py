"""scale_tree.py: generates and builds the two copies (A: watched, B: ninja
alone) of the scale tree (scale_corpus.py), cached across runs.

The first build of 500 cogs takes many minutes on 2 cores, so the copies
live under the hotcog build dir (<build>/bench-e2e-scale/{a,b}) and a later
run only rewrites the files its edits changed (corpus.put_file keeps the
others' mtime) and rebuilds those cogs. Each copy's first generation and build
time is kept in <copy>/first-build.json, so every run can say how long it took.
"""
import json
import os
import subprocess
import sys
import time

import scale_corpus


class ScaleCopy:
    def __init__(self, root, cogs):
        self.root = root
        self.src = os.path.join(root, "src")
        self.build = os.path.join(root, "build")
        self.corpus = scale_corpus.ScaleCorpus(self.src, cogs)


def run(cmd):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        sys.exit("bench/e2e --scale: failed: %s\n%s" % (" ".join(cmd), done.stdout[-3000:]))
    return done.stdout


def prepare(root, cogs, hotcog_build, cxx):
    """Returns (copy, timings): timings of this run's generation, configure and
    build (seconds) and of the copy's first ever build (first-build.json)."""
    copy = ScaleCopy(root, cogs)
    stamp = os.path.join(root, "first-build.json")
    first = None
    if os.path.exists(stamp):
        with open(stamp) as f:
            first = json.load(f)
        if first.get("cogs") != cogs:
            first = None  # another size: its timings do not describe this tree
    t0 = time.monotonic()
    copy.corpus.write()
    t1 = time.monotonic()
    run(["cmake", "-S", copy.src, "-B", copy.build, "-G", "Ninja", "-Dhotcog_DIR=" + hotcog_build,
         "-DCMAKE_CXX_COMPILER=" + cxx, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"])
    t2 = time.monotonic()
    run(["ninja", "-C", copy.build])
    t3 = time.monotonic()
    now = {"cogs": cogs, "files": len(copy.corpus.files()), "generate_s": t1 - t0,
           "configure_s": t2 - t1, "build_s": t3 - t2}
    if first is None:
        first = dict(now)
        with open(stamp, "w") as f:
            json.dump(first, f)
    return copy, {"this_run": now, "first": first}


if __name__ == "__main__":  # prepare a copy ahead of a run: scale_tree.py ROOT COGS HOTCOG_BUILD CXX
    print(json.dumps(prepare(sys.argv[1], int(sys.argv[2]), os.path.abspath(sys.argv[3]),
                             sys.argv[4])[1]))
