"""header_edits.py: compiles per shared-header edit, `hotcog watch` (its
declaration-level decision) vs `ninja` alone, on the bench's corpus.

The same header edit (corpus.HEADER_EDITS, cycling over kinds and headers)
is written into copy A, where a host and `hotcog watch --json` run, and into
copy B, which plain `ninja` then builds; the order alternates edit by edit.
Counted per edit, from each copy's .ninja_log: the TUs compiled (A: the
cogs watch's decision kept; B: every cog that includes the header). Timed:
watch's decision (`decision_s` of its `decision` event: rescan of the
includers + comparison), A's write -> end of watch's batch, B's write ->
ninja's exit. Then every cog ninja rebuilt in B and watch skipped in A is
compiled fresh from A's current sources with the build's own command and
its object compared with the one watch left in place (`objcopy
--strip-debug`, as test/e2e/semantic/mutation_test.py): a difference is a
stale cog, counted in the table (must be 0).
"""
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import tempfile
import time

import save_running
import stats

OBJECT = re.compile(r"(cog\d+)\.cpp\.o$")


def compiled_cogs(edges):
    return sorted({m.group(1) for m in (OBJECT.search(e[0]) for e in edges) if m})


class StaleCheck:
    """Fresh compiles of skipped cogs, compared with the objects in place."""

    def __init__(self, build, scratch):
        self.scratch = scratch
        self.commands = {}  # cog -> (argv, directory, index of the object after -o)
        with open(os.path.join(build, "compile_commands.json")) as f:
            for entry in json.load(f):
                argv = shlex.split(entry["command"])
                at = argv.index("-o") + 1 if "-o" in argv else None
                m = OBJECT.search(argv[at]) if at else None
                if m:
                    self.commands[m.group(1)] = (argv, entry["directory"], at)

    def stripped(self, obj):
        out = os.path.join(self.scratch, os.path.basename(obj) + ".stripped")
        subprocess.run(["objcopy", "--strip-debug", obj, out], check=True)
        with open(out, "rb") as f:
            return f.read()

    def is_stale(self, cog):
        argv, directory, at = self.commands[cog]
        in_place = os.path.join(directory, argv[at])
        fresh = os.path.join(self.scratch, cog + ".fresh.o")
        done = subprocess.run(argv[:at] + [fresh] + argv[at + 1:], cwd=directory,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:
            raise RuntimeError("fresh compile of %s failed:\n%s" % (cog, done.stdout[-2000:]))
        return self.stripped(fresh) != self.stripped(in_place)

    def stale_of(self, cogs):
        """The stale ones of cogs, compiled one per core at a time."""
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
            return [c for c, stale in zip(cogs, pool.map(self.is_stale, cogs)) if stale]


class HeaderSession(save_running.Session):
    """save_running's pair of copies, with header edits instead of cog edits."""

    def edit_a(self, n):
        """Edit n in copy A; waits for the end of watch's batch."""
        self.settle()
        log = stats.NinjaLogCursor(self.a.build)
        start = time.monotonic()
        k, kind = self.a.corpus.header_edit(n)
        timeout = self.opts.timeout
        change = self.watch.until({"change"}, timeout)
        decision, outcome = None, None
        while True:  # the batch ends with its timings ("batch")
            event = self.watch.until({"decision", "reload", "build", "batch"}, timeout)
            if event["phase"] == "decision":
                decision = event
            elif event["phase"] in ("reload", "build"):
                outcome = event
            else:
                break
        ms = (time.monotonic() - start) * 1000
        if outcome and outcome.get("result") not in ("ok", "unchanged"):
            raise RuntimeError("edit %d (%s of h%d.hpp): watch's batch ended with %s"
                               % (n, kind, k, outcome))
        self.settle()  # the background rescan of the rebuilt TUs
        return {"edit": n, "header": k, "kind": kind, "ms": ms,
                "decided_cogs": sorted(change.get("cogs", [])),
                "compiled": compiled_cogs(log.edges()),
                "decision_ms": round(1000 * decision["timings"]["decision_s"], 1) if decision else None,
                "rescanned": decision.get("rescanned") if decision else None,
                "shared": decision.get("shared") if decision else None,
                "fallback": decision.get("fallback") if decision else "no decision event"}

    def edit_b(self, n):
        log = stats.NinjaLogCursor(self.b.build)
        start = time.monotonic()
        self.b.corpus.header_edit(n)
        done = subprocess.run(["ninja", "-C", self.b.build], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        ms = (time.monotonic() - start) * 1000
        if done.returncode != 0:
            raise RuntimeError("ninja on copy B failed after header edit %d:\n%s"
                               % (n, done.stdout[-2000:]))
        return {"ms": ms, "compiled": compiled_cogs(log.edges())}


def run(opts, a, b, edits, warmup=1, verify=True):
    """edits header edits after warmup ones: one sample per edit."""
    session = HeaderSession(opts, a, b, 30, None)
    samples = []
    try:
        with tempfile.TemporaryDirectory(prefix="hotcog-bench-stale-") as scratch:
            check = StaleCheck(a.build, scratch)
            for r in range(edits + warmup):
                n = r  # the cycle starts with the mix() body of h0
                if r % 2:
                    sb, sa = session.edit_b(n), session.edit_a(n)
                else:
                    sa, sb = session.edit_a(n), session.edit_b(n)
                skipped = [c for c in sb["compiled"] if c not in sa["compiled"]]
                sa["ninja_compiled"], sa["ninja_ms"] = sb["compiled"], sb["ms"]
                sa["skipped"] = skipped
                sa["stale"] = check.stale_of(skipped) if verify else None
                if r >= warmup:  # warm-up edits warm both copies' caches
                    samples.append(sa)
    finally:
        session.stop()
    return samples
