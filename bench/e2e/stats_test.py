#!/usr/bin/env python3
"""stats_test.py: stats.NinjaLogCursor against a real ninja: the edges of
each run, including the run at which ninja recompacts its .ninja_log (it
rewrites the file with the latest entry of each output before appending the
run's own entries; a cursor that only kept its byte offset then read
nothing)."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stats  # noqa: E402

OUTPUTS = 8
BUILD = "rule touch\n  command = touch $out\n" + "".join(
    "build out%d: touch in%d\n" % (i, i) for i in range(OUTPUTS))


def check(cond, what):
    if not cond:
        sys.exit("stats_test: FAILED: " + what)


def main():
    if not shutil.which("ninja"):
        sys.exit("stats_test: ninja is not on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "build.ninja"), "w") as f:
            f.write(BUILD)
        for i in range(OUTPUTS):
            open(os.path.join(tmp, "in%d" % i), "w").close()
        subprocess.run(["ninja", "-C", tmp], check=True, stdout=subprocess.DEVNULL)
        cursor = stats.NinjaLogCursor(tmp)
        check(cursor.edges() == [], "nothing ran since the cursor was made")
        compacted = False
        for run in range(60):  # enough stale entries for ninja to recompact (> 100)
            os.utime(os.path.join(tmp, "in%d" % (run % 3)))  # now: newer than its output
            os.utime(os.path.join(tmp, "in%d" % (run % 3 + 3)))
            before = os.path.getsize(os.path.join(tmp, ".ninja_log"))
            subprocess.run(["ninja", "-C", tmp], check=True, stdout=subprocess.DEVNULL)
            compacted |= os.path.getsize(os.path.join(tmp, ".ninja_log")) < before
            got = sorted(e[0] for e in cursor.edges())
            check(got == ["out%d" % (run % 3), "out%d" % (run % 3 + 3)],
                  "run %d: edges %s (log recompacted so far: %s)" % (run, got, compacted))
        check(compacted, "ninja never recompacted its log: the test did not test that case")
    print("stats_test: ok")


if __name__ == "__main__":
    main()
