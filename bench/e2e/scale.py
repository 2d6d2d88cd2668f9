"""scale.py: `run.py --scale`, issue 13 metric 5 and the latency-vs-cogs-
touched series, on the 10,000-file / 500-cog tree (scale_corpus.py).

Measures, each against its baseline in the same run:
- host start-up: Host construction + load_all() of every cog (median of
  --scale-host-runs fresh hosts);
- `hotcog watch` start -> its "ready" event (initial no-op build, graph
  load, hash prepopulation, inotify watches) over --scale-watch-runs fresh
  watches, and the first background scan of every TU after it;
- watch memory (memory.py: RSS split into private/shared and by mapping)
  after start-up, after the one-save series and after the header series;
- one save of cog 1's source: save -> new code running vs `ninja cog1` on
  the identical copy B, alternated (save_running.run_compare);
- one edit of a header included by 1, 2, 4, 8 cogs: save -> every includer's
  new code running vs `ninja <those cogs>` on B, alternated; the plot
  scale-touched.svg.
Writes scale.md and scale-samples.json into --out (rewritten after every
series), with --publish also into bench/e2e/results/ and bench/README.md.
"""
import json
import os
import shutil
import statistics
import subprocess
import time

import memory
import procs
import report
import save_running
import scale_corpus
import scale_memory
import scale_tree
import stats

F = stats.fmt_ms
BEGIN = "<!-- bench/e2e scale results: written by bench/e2e/run.py --scale --publish -->"
END = "<!-- end of bench/e2e scale results -->"


class ScaleSession(save_running.Session):
    """A save_running.Session whose samples edit a touch header when
    self.touch is set (the cogs of a sample are then that header's includers)."""
    touch = None

    def edit(self, corpus, cogs, n):
        if self.touch is None:
            return super().edit(corpus, cogs, n)
        corpus.edit_touch(self.touch, n)
        return {"cog%d" % i: "cog%d-e%d" % (i, n) for i in cogs}


def host_startups(exe, runs, timeout):
    out = []
    for _ in range(runs):
        host = procs.Host(exe, timeout)
        out.append({"load_all_ms": host.load_ns / 1e6,
                    "construct_load_all_ms": (host.construct_load_ns or 0) / 1e6, "cogs": host.cogs})
        host.stop()
    return out


def watch_startups(opts, build, runs):
    """Fresh watches (no host): start -> ready, and memory at ready."""
    out = []
    for _ in range(runs):
        started = time.monotonic()
        watch = procs.Watch([opts.hotcog, "watch", "--json", "-C", build, "--debounce-ms", "0"],
                            dict(os.environ), opts.timeout)
        ready = (time.monotonic() - started) * 1000
        watched = [json.loads(x) for x in watch.log if x.startswith("{") and '"ready"' in x]
        out.append({"ready_ms": ready, "memory": memory.summary(watch.proc.pid),
                    "watched_files": watched[-1].get("watched_files") if watched else None})
        watch.stop()
    return out


def write(opts, state, final):
    lines = state["header"] + ["- run time: %.0f s%s" % (time.monotonic() - state["began"],
                                                        "" if final else " (run still going)"),
                               "- machine at end: " + state["machine"](), ""]
    lines += tree_rows(state) + startup_rows(state) + scale_memory.rows(state) + memory_rows(state)
    if state["results"]:
        lines += ["## Save -> new code running at scale vs `ninja` alone (identical copy, alternated)",
                  ""] + report.e2e_rows(state["results"]) + [""]
    lines += plot(opts.out, state["results"])
    path = os.path.join(opts.out, "scale.md")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(opts.out, "scale-samples.json"), "w") as f:
        json.dump({k: v for k, v in state.items() if k not in ("began", "machine")}, f, indent=1)
    if opts.publish:
        report.publish(opts.out, os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"),
                       opts.readme, md="scale.md", begin=BEGIN, end=END,
                       files=("scale.md", "scale-samples.json", "scale-touched.svg"))
    return path


def tree_rows(state):
    rows = ["## The tree", "", "| copy | files | cogs | first generation / configure / build (s) "
            "| this run: generation / configure / build (s) |", "|---|---:|---:|---:|---:|"]
    for name, t in sorted(state.get("tree", {}).items()):
        f, n = t["first"], t["this_run"]
        rows.append("| %s | %d | %d | %.1f / %.1f / %.0f | %.1f / %.1f / %.1f |" % (
            name, n["files"], n["cogs"], f["generate_s"], f["configure_s"], f["build_s"],
            n["generate_s"], n["configure_s"], n["build_s"]))
    return rows + [""]


def startup_rows(state):
    rows = []
    hosts = state.get("hosts")
    if hosts:
        rows += ["## Host start-up with %d cogs (%d fresh hosts)" % (hosts[0]["cogs"], len(hosts)), "",
                 "| | median (ms) | min / max (ms) |", "|---|---:|---:|"]
        for key, title in (("construct_load_all_ms", "Host construction + load_all()"),
                           ("load_all_ms", "load_all() alone")):
            v = [h[key] for h in hosts]
            rows.append("| %s | %s | %s / %s |" % (title, F(statistics.median(v)), F(min(v)), F(max(v))))
        rows.append("")
    watches = state.get("watches")
    if watches:
        v = [w["ready_ms"] for w in watches]
        rows += ["## `hotcog watch` start-up (%d fresh watches, no host)" % len(watches), "",
                 "| watched files | start -> \"ready\" median (ms) | min / max (ms) | first background "
                 "scan of every TU after ready (s) |", "|---:|---:|---:|---:|",
                 "| %s | %s | %s / %s | %s |" % (watches[0].get("watched_files"), F(statistics.median(v)),
                                                F(min(v)), F(max(v)),
                                                "%.1f" % state["first_scan_s"] if "first_scan_s" in state
                                                else "-"), ""]
    return rows


def memory_rows(state):
    mems = state.get("memory", [])
    if not mems:
        return []
    mib = lambda kib: "%.1f" % (kib / 1024.0)  # noqa: E731
    rows = ["## `hotcog watch` memory (MiB; goal: RSS <= 100 MB)", "",
            "RSS counts resident pages of shared libraries too; \"private\" is what this process "
            "alone holds (its heap and anonymous memory, and the library pages no other process "
            "maps), \"shared\" the pages other processes map too (libLLVM-14.so's code is shared "
            "with every LLVM tool running).", "",
            "| when | RSS | private | shared | anonymous (heap + anon maps) | PSS | largest mappings: "
            "RSS (private) |", "|---|---:|---:|---:|---:|---:|---|"]
    for when, m in mems:
        top = "; ".join("%s %s (%s)" % (name, mib(rss), mib(priv)) for name, rss, priv in m["top"])
        rows.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            when, mib(m["rss_kib"]), mib(m["private_kib"]), mib(m["shared_kib"]), mib(m["anon_kib"]),
            mib(m["pss_kib"]), top))
    return rows + [""]


def plot(out_dir, results):
    """scale-touched.svg: medians of the header series, hotcog and ninja."""
    touched = [s for s in results if s.get("touched")]
    gnuplot = shutil.which("gnuplot")
    if not touched or not gnuplot:
        return [] if gnuplot or not touched else ["Plot: not made (gnuplot is not installed)."]
    data = report.write_touched_data(os.path.join(out_dir, "scale-touched.dat"), touched)
    script = ("set terminal svg size 640,400; set output '%s/scale-touched.svg'; "
              "set title 'one header edit, 500-cog tree (alternated medians)'; "
              "set xlabel 'cogs including the edited header'; set ylabel 'ms (median)'; "
              "set key top left; set yrange [0:*]; set logscale x 2; set xrange [0.8:10]; set xtics (1, 2, 4, 8); "
              "plot '%s' using 1:2 with linespoints title 'hotcog watch: save -> all new code running', "
              "'%s' using 1:3 with linespoints title 'ninja <those cogs> alone'" % (out_dir, data, data))
    subprocess.run([gnuplot, "-e", script], check=True)
    return ["![latency vs cogs touched](scale-touched.svg)"]


def run(opts, header, machine):
    """The whole --scale run; returns the path of scale.md."""
    root = opts.work
    state = {"header": header, "began": time.monotonic(), "machine": machine, "results": [],
             "memory": [], "tree": {}}
    print("bench/e2e --scale: generating and building two copies of the %d-cog tree in %s "
          "(reused when present)" % (opts.scale_cogs, root), flush=True)
    a, state["tree"]["a"] = scale_tree.prepare(os.path.join(root, "a"), opts.scale_cogs, opts.build,
                                               opts.cxx)
    if opts.scale_only == "memory":  # copy A and fresh watches only (scale_memory.py)
        scale_memory.run(opts, a, state, lambda: write(opts, state, False))
        return write(opts, state, True)
    b, state["tree"]["b"] = scale_tree.prepare(os.path.join(root, "b"), opts.scale_cogs, opts.build,
                                               opts.cxx)
    print("  host start-up x%d" % opts.scale_host_runs, flush=True)
    state["hosts"] = host_startups(os.path.join(a.build, "host"), opts.scale_host_runs, opts.timeout)
    print("  watch start-up x%d" % opts.scale_watch_runs, flush=True)
    state["watches"] = watch_startups(opts, a.build, opts.scale_watch_runs)
    write(opts, state, False)
    session = ScaleSession(opts, a, b, 0, None)  # waits for the first background scan
    try:
        state["first_scan_s"] = session.startup.get("first_scan_s", 0)
        state["memory"].append(("after start-up and the first scan", memory.summary(session.watch.proc.pid)))
        series = [("cog 1's source, debounce 0 ms", [1], None)]
        series += [("header of %d cog(s), debounce 0 ms" % k, scale_corpus.touch_cogs(k), k)
                   for k in scale_corpus.TOUCH]
        for name, cogs, k in series:
            if opts.only and not any(word in name for word in opts.only):
                continue
            print("  %s: %d alternated rounds" % (name, opts.runs), flush=True)
            session.touch = k
            sa, sb = save_running.run_compare([session], cogs, opts.runs)
            state["results"].append({"name": name, "cogs": cogs, "debounce_ms": 0, "touched": k,
                                     "a": sa[0], "b": sb})
            session.settle()
            state["memory"].append(("after the series \"%s\" (%d saves so far)" % (
                name, session.edit_no // 2), memory.summary(session.watch.proc.pid)))
            write(opts, state, False)
    finally:
        session.stop()
    return write(opts, state, True)
