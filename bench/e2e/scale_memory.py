"""scale_memory.py: `run.py --scale --scale-only memory`: `hotcog watch`'s
memory on the scale tree without the latency series (minutes, not the whole
scale run).

Each round starts a fresh watch on copy A, takes start -> "ready", then waits
for the first background declaration scan of every TU to end (its
"semantic" note, then no child left) and reads, from /proc: RSS split into
private and shared pages, anonymous memory, the [heap] and [anonymous]
mappings, libLLVM-14.so's pages, and the peak RSS (VmHWM, which the
scan's parse sets). With --baseline-hotcog (a hotcog binary with its
hotcog-scan beside it), its watch is alternated with this build's in every
round: a before/after of a memory change on the same tree, in one run.
"""
import os
import statistics
import time

import memory
import procs


def _status_kib(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def one_watch(exe, build, timeout):
    env = dict(os.environ)
    env.pop("HOTCOG_SCAN", None)  # each binary uses the hotcog-scan beside it
    started = time.monotonic()
    watch = procs.Watch([exe, "watch", "--json", "-C", build, "--debounce-ms", "0"], env, timeout)
    try:
        ready_ms = (time.monotonic() - started) * 1000
        ready = time.monotonic()
        note = watch.until({"semantic", "warning"}, timeout)
        if not procs.wait_settled([watch.proc.pid], timeout):
            raise RuntimeError("hotcog watch still runs a child after its first scan")
        scan_s = time.monotonic() - ready
        pid = watch.proc.pid
        summary = memory.summary(pid)
        groups = memory.breakdown(pid)["groups"]
        rss = lambda name: groups.get(name, {}).get("Rss", 0)  # noqa: E731
        return {"ready_ms": ready_ms, "first_scan_s": scan_s, "note": note.get("message", ""),
                "rss_kib": summary["rss_kib"], "private_kib": summary["private_kib"],
                "anon_kib": summary["anon_kib"], "heap_kib": rss("[heap]"),
                "anon_maps_kib": rss("[anonymous]"), "llvm_kib": rss("libLLVM-14.so.1"),
                "peak_kib": _status_kib(pid, "VmHWM")}
    finally:
        watch.stop()


def run(opts, build, state, save):
    variants = [("this build", opts.hotcog)]
    if opts.baseline_hotcog:
        variants.append(("baseline (%s)" % opts.baseline_hotcog, os.path.abspath(opts.baseline_hotcog)))
    state["memory_rounds"] = []
    for i in range(opts.scale_watch_runs):
        for name, exe in variants:
            print("  watch memory, round %d: %s" % (i + 1, name), flush=True)
            state["memory_rounds"].append(dict(one_watch(exe, build, opts.timeout), variant=name))
            save()


COLUMNS = (("ready_ms", "start -> ready (ms)", 1), ("first_scan_s", "first scan (s)", 1),
           ("rss_kib", "RSS", 1024.0), ("private_kib", "private", 1024.0),
           ("anon_kib", "anonymous", 1024.0), ("heap_kib", "[heap]", 1024.0),
           ("anon_maps_kib", "[anonymous]", 1024.0), ("llvm_kib", "libLLVM-14.so.1", 1024.0),
           ("peak_kib", "peak RSS (VmHWM)", 1024.0))


def rows(state):
    rounds = state.get("memory_rounds")
    if not rounds:
        return []
    out = ["## `hotcog watch` after start-up and its first scan (MiB unless noted; medians of "
           "fresh watches, alternated; goal: RSS <= 100 MB)", "",
           "| build | watches | " + " | ".join(title for _, title, _ in COLUMNS) + " |",
           "|---|---:|" + "---:|" * len(COLUMNS)]
    for variant in dict.fromkeys(r["variant"] for r in rounds):
        mine = [r for r in rounds if r["variant"] == variant]
        cells = ["%.1f" % (statistics.median(r[key] for r in mine) / scale) for key, _, scale in COLUMNS]
        out.append("| %s | %d | %s |" % (variant, len(mine), " | ".join(cells)))
    return out + ["", "First scan note (last watch): %s" % rounds[-1]["note"], ""]
