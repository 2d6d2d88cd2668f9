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
import watch_trace


class Session:
    """Copy A under a host and `hotcog watch`, copy B built by ninja alone."""

    def __init__(self, opts, a, b, debounce_ms, trace_path, hotcog=None):
        self.opts, self.a, self.b = opts, a, b
        self.edit_no = 0
        self.peers = []  # every watch of the run: a sample waits until all are idle
        self.host = procs.Host(os.path.join(a.build, "host"), opts.timeout)
        argv = [hotcog or opts.hotcog, "watch", "--json", "-C", a.build, "--debounce-ms", str(debounce_ms)]
        self.trace = None
        if trace_path:
            self.trace = watch_trace.TraceReader(trace_path)
            argv += ["--trace", trace_path]
        started = time.monotonic()
        self.watch = procs.Watch(argv, dict(os.environ), opts.timeout)
        # Up to "ready": the initial (no-op) build, graph load, hashes, watches.
        self.startup = {"watch_ready_ms": (time.monotonic() - started) * 1000,
                        "host_load_all_ms": self.host.load_ns / 1e6, "cogs": self.host.cogs}
        # The first background scan of every TU runs after "ready": wait for
        # its note, or it competes with the first samples. It runs at nice 19
        # with one job: cold (a new scanner cache format) on a machine whose
        # cores are busy it can take many minutes, hence its own deadline.
        ready = time.monotonic()
        self.watch.until({"semantic", "warning"}, max(opts.timeout, 1800.0))
        self.settle()
        self.startup["first_scan_s"] = time.monotonic() - ready
        rss, anon = procs.memory_kib(self.watch.proc.pid)
        self.startup["watch_rss_kib"], self.startup["watch_anon_kib"] = rss, anon

    def stop(self):
        self.watch.stop()
        self.host.stop()

    def settle(self):
        pids = self.peers or [self.watch.proc.pid]
        if not procs.wait_settled(pids):
            raise RuntimeError("hotcog watch still runs a child after 60 s: %s"
                               % [procs.descendants(p) for p in pids])
        self.watch.drain()
        if self.trace:
            self.trace.new_events()  # events of earlier samples are not this one's

    def edit(self, corpus, cogs, n):
        """Writes edit n of the sample into corpus; returns {cog: the marker
        its new code returns}. The default: each cog's own source."""
        for i in cogs:
            corpus.edit_cog(i, n)
        return {"cog%d" % i: "cog%d-e%d" % (i, n) for i in cogs}

    def sample_a(self, cogs, n, settle=True):
        if settle:
            self.settle()
        log = stats.NinjaLogCursor(self.a.build)
        start = time.monotonic_ns()
        wanted = self.edit(self.a.corpus, cogs, n)
        seen = self.host.wait_markers(wanted, self.opts.timeout)
        ran_ns = max(ns for ns, _, _ in seen.values())
        reload = self.watch.until({"reload", "build_failed", "reload_failed"}, self.opts.timeout)
        edges = log.edges()
        out = {"ms": (ran_ns - start) / 1e6,
               "pause_us": [p / 1000.0 for _, p, _ in seen.values()],
               "actions": sorted(a for _, _, a in seen.values()),
               "watch_build_ms": 1000 * reload.get("timings", {}).get("build_s", 0),
               "watch_total_ms": 1000 * reload.get("timings", {}).get("total_s", 0),
               "compile_ms": stats.edge_ms(edges, ".o"), "link_ms": stats.edge_ms(edges, ".so"),
               "edges_end_ms": stats.edges_end_ms(edges)}
        if self.trace:
            self.settle_trace(out, start, ran_ns, set(wanted))
        return out

    def settle_trace(self, out, start_ns, ran_ns, cogs):
        """The sample's phases from the trace: every batch until those that
        reloaded all of `cogs` (at debounce 0 a save of several files may
        become several batches, one after the other)."""
        deadline = time.monotonic() + 5
        events = []
        while time.monotonic() < deadline:
            events += self.trace.new_events()
            built = set()
            for e in events:
                if e.get("name") == "batch":
                    built.update(e.get("args", {}).get("cogs", []))
            if cogs <= built:
                break
            time.sleep(0.02)
        out["phases_ms"] = watch_trace.phase_ms(events)
        out["batches"] = sum(1 for e in events if e.get("name") == "batch")
        bounds = watch_trace.batch_bounds_ns(events, self.trace.origin_us)
        if bounds:  # the bench's write -> the save watch saw; the reply -> the host's report
            out["phases_ms"]["write->save"] = (bounds[0] - start_ns) / 1e6
            out["phases_ms"]["reply->host report"] = (ran_ns - bounds[1]) / 1e6

    def sample_b(self, cogs, n, settle=True):
        if settle:
            self.settle()
        log = stats.NinjaLogCursor(self.b.build)
        start = time.monotonic_ns()
        self.edit(self.b.corpus, cogs, n)
        done = subprocess.run(["ninja", "-C", self.b.build] + ["cog%d" % i for i in cogs],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        end = time.monotonic_ns()
        if done.returncode != 0:
            raise RuntimeError("ninja on copy B failed:\n" + done.stdout[-2000:])
        edges = log.edges()
        return {"ms": (end - start) / 1e6, "compile_ms": stats.edge_ms(edges, ".o"),
                "link_ms": stats.edge_ms(edges, ".so"), "edges_end_ms": stats.edges_end_ms(edges)}

    def pair_a(self, cogs, n, back_to_back):
        """back_to_back: a save right after the previous one ran (a user's
        next save): watch's background work of the first may still run."""
        if back_to_back:
            self.sample_a(cogs, n)
            return self.sample_a(cogs, n + 1, settle=False)
        return self.sample_a(cogs, n)

    def pair_b(self, cogs, n, back_to_back):
        if back_to_back:
            self.sample_b(cogs, n)
            return self.sample_b(cogs, n + 1, settle=False)
        return self.sample_b(cogs, n)

    def run(self, cogs, rounds, warmup=1, back_to_back=False):
        """Alternated rounds; returns (A samples, B samples) without warm-up."""
        a_samples, b_samples = run_compare([self], cogs, rounds, warmup, back_to_back)
        return a_samples[0], b_samples


def run_compare(sessions, cogs, rounds, warmup=1, back_to_back=False):
    """Rounds over every session's copy A (each its own hotcog binary) and
    copy B (ninja alone, through sessions[0]); the order rotates round by
    round. Returns ([A samples of each session], B samples), warm-up dropped."""
    pids = [s.watch.proc.pid for s in sessions]
    for s in sessions:
        s.peers = pids
    arms = [None] + list(range(len(sessions)))  # None: the ninja baseline
    a_samples, b_samples = [[] for _ in sessions], []
    for r in range(rounds + warmup):
        sessions[0].edit_no += 2
        n = sessions[0].edit_no
        shift = r % len(arms)
        for arm in arms[shift:] + arms[:shift]:
            if arm is None:
                sample = sessions[0].pair_b(cogs, n, back_to_back)
                if r >= warmup:
                    b_samples.append(sample)
            else:
                sample = sessions[arm].pair_a(cogs, n, back_to_back)
                if r >= warmup:
                    a_samples[arm].append(sample)
    return a_samples, b_samples
