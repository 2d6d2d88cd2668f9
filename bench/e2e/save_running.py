"""save_running.py: save -> new code running in a real host under
`hotcog watch`, against `ninja <same targets>` alone on an identical copy,
alternated sample by sample in one session (this machine's speed drifts by
+-30% over minutes: only side-by-side figures mean anything).

A sample of A: the write of k cog sources in copy A, then the host's report
that every one of them runs its new marker (corpus.py). A sample of B: the
same write in copy B, then `ninja -C B/build <those cogs>`, timed to its exit.
Odd rounds run B first. Before each sample, nothing runs below watch or the
driver (watch's background rescan, a ninja) so samples never overlap.
"""
import os
import subprocess
import time

import procs
import stats
import trace


class Session:
    """Copy A under a host and `hotcog watch`, copy B built by ninja alone."""

    def __init__(self, opts, a, b, debounce_ms, trace_path):
        self.opts, self.a, self.b = opts, a, b
        self.edit_no = 0
        self.host = procs.Host(os.path.join(a.build, "host"), opts.timeout)
        argv = [opts.hotcog, "watch", "--json", "-C", a.build, "--debounce-ms", str(debounce_ms)]
        self.trace = None
        if trace_path:
            self.trace = trace.TraceReader(trace_path)
            argv += ["--trace", trace_path]
        self.watch = procs.Watch(argv, dict(os.environ), opts.timeout)
        # The first background scan of every TU runs after "ready": wait for
        # its note, or it competes with the first samples.
        self.watch.until({"semantic", "warning"}, opts.timeout)
        self.settle()

    def stop(self):
        self.watch.stop()
        self.host.stop()

    def settle(self):
        if not procs.wait_settled([self.watch.proc.pid]):
            raise RuntimeError("hotcog watch still runs a child after 60 s: %s"
                               % procs.descendants(self.watch.proc.pid))
        self.watch.drain()
        if self.trace:
            self.trace.new_events()  # events of earlier samples are not this one's

    def sample_a(self, cogs, n):
        self.settle()
        log = stats.NinjaLogCursor(self.a.build)
        wanted = {}
        start = time.monotonic_ns()
        for i in cogs:
            self.a.corpus.edit_cog(i, n)
            wanted["cog%d" % i] = "cog%d-e%d" % (i, n)
        seen = self.host.wait_markers(wanted, self.opts.timeout)
        ran_ns = max(ns for ns, _, _ in seen.values())
        reload = self.watch.until({"reload", "build_failed", "reload_failed"}, self.opts.timeout)
        edges = log.edges()
        out = {"ms": (ran_ns - start) / 1e6,
               "pause_us": [p / 1000.0 for _, p, _ in seen.values()],
               "actions": sorted(a for _, _, a in seen.values()),
               "watch_build_ms": 1000 * reload.get("timings", {}).get("build_s", 0),
               "watch_total_ms": 1000 * reload.get("timings", {}).get("total_s", 0),
               "compile_ms": stats.edge_ms(edges, ".o"), "link_ms": stats.edge_ms(edges, ".so")}
        if self.trace:
            self.settle_trace(out)
        return out

    def settle_trace(self, out):
        deadline = time.monotonic() + 5
        events = []
        while time.monotonic() < deadline:
            events += self.trace.new_events()
            if any(e.get("name") == "batch" for e in events):
                break
            time.sleep(0.02)
        out["phases_ms"] = trace.phase_ms(events)

    def sample_b(self, cogs, n):
        self.settle()
        log = stats.NinjaLogCursor(self.b.build)
        start = time.monotonic_ns()
        for i in cogs:
            self.b.corpus.edit_cog(i, n)
        done = subprocess.run(["ninja", "-C", self.b.build] + ["cog%d" % i for i in cogs],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        end = time.monotonic_ns()
        if done.returncode != 0:
            raise RuntimeError("ninja on copy B failed:\n" + done.stdout[-2000:])
        edges = log.edges()
        return {"ms": (end - start) / 1e6, "compile_ms": stats.edge_ms(edges, ".o"),
                "link_ms": stats.edge_ms(edges, ".so")}

    def run(self, cogs, rounds, warmup=1):
        """Alternated rounds; returns (A samples, B samples) without warm-up."""
        a_samples, b_samples = [], []
        for r in range(rounds + warmup):
            self.edit_no += 1
            n = self.edit_no
            if r % 2 == 0:
                sa, sb = self.sample_a(cogs, n), self.sample_b(cogs, n)
            else:
                sb, sa = self.sample_b(cogs, n), self.sample_a(cogs, n)
            if r >= warmup:
                a_samples.append(sa)
                b_samples.append(sb)
        return a_samples, b_samples
