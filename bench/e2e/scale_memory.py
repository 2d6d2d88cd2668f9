"""scale_memory.py: `run.py --scale --scale-only memory`: `hotcog watch`'s
memory on the scale tree without the latency series (minutes, not the whole
scale run).

Each round starts a fresh watch on copy A, takes start -> "ready", then waits
for the first background declaration scan of every TU to end (its
"semantic" note, then no child left) and reads, from /proc: RSS split into
private and shared pages, anonymous memory, the [heap] and [anonymous]
mappings, libLLVM-14.so's pages, and the peak RSS (VmHWM, which the
scan's parse sets). With --scale-memory-saves N, the watch then sees N
saves of the touch headers (of 1, 2, 4, 8 cogs in turn; each decided,
built and rescanned) and is measured again. With --baseline-hotcog (a hotcog
binary with its hotcog-scan beside it), its watch is alternated with this
build's in every round: a before/after of a memory change on the same tree,
in one run.
"""
import os
import statistics
import time

import memory
import procs
import scale_corpus


def _status_kib(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def measure(pid):
    summary = memory.summary(pid)
    groups = memory.breakdown(pid)["groups"]
    rss = lambda name: groups.get(name, {}).get("Rss", 0)  # noqa: E731
    return {"rss_kib": summary["rss_kib"], "private_kib": summary["private_kib"],
            "anon_kib": summary["anon_kib"], "heap_kib": rss("[heap]"),
            "anon_maps_kib": rss("[anonymous]"), "llvm_kib": rss("libLLVM-14.so.1"),
            "peak_kib": _status_kib(pid, "VmHWM")}


def saves(watch, corpus, count, first, timeout):
    """`count` edits of the touch headers, each waited for (built, rescanned)."""
    for n in range(first, first + count):
        corpus.edit_touch(scale_corpus.TOUCH[n % len(scale_corpus.TOUCH)], n)
        watch.until({"reload", "build"}, timeout)
        if not procs.wait_settled([watch.proc.pid], timeout):
            raise RuntimeError("hotcog watch still runs a child after a save")


def one_watch(exe, copy, timeout, save_count, first_edit):
    build = copy.build
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
        out = dict(measure(watch.proc.pid), ready_ms=ready_ms, first_scan_s=scan_s,
                   note=note.get("message", ""))
        if save_count:
            saves(watch, copy.corpus, save_count, first_edit, timeout)
            out["after_saves"] = dict(measure(watch.proc.pid), saves=save_count)
        return out
    finally:
        watch.stop()


def run(opts, copy, state, save):
    variants = [("this build", opts.hotcog)]
    if opts.baseline_hotcog:
        variants.append(("baseline (%s)" % opts.baseline_hotcog, os.path.abspath(opts.baseline_hotcog)))
    state["memory_rounds"] = []
    edit = 1000  # marker numbers of the saves: new text every time
    for i in range(opts.scale_watch_runs):
        for name, exe in variants:
            print("  watch memory, round %d: %s" % (i + 1, name), flush=True)
            state["memory_rounds"].append(dict(one_watch(exe, copy, opts.timeout,
                                                         opts.scale_memory_saves, edit), variant=name))
            edit += opts.scale_memory_saves
            save()


COLUMNS = (("ready_ms", "start -> ready (ms)", 1), ("first_scan_s", "first scan (s)", 1),
           ("rss_kib", "RSS", 1024.0), ("private_kib", "private", 1024.0),
           ("anon_kib", "anonymous", 1024.0), ("heap_kib", "[heap]", 1024.0),
           ("anon_maps_kib", "[anonymous]", 1024.0), ("llvm_kib", "libLLVM-14.so.1", 1024.0),
           ("peak_kib", "peak RSS (VmHWM)", 1024.0))


def table(title, rounds, columns):
    out = [title, "", "| build | watches | " + " | ".join(name for _, name, _ in columns) + " |",
           "|---|---:|" + "---:|" * len(columns)]
    for variant in dict.fromkeys(r["variant"] for r in rounds):
        mine = [r for r in rounds if r["variant"] == variant]
        cells = ["%.1f" % (statistics.median(r[key] for r in mine) / scale) for key, _, scale in columns]
        out.append("| %s | %d | %s |" % (variant, len(mine), " | ".join(cells)))
    return out + [""]


def rows(state):
    rounds = state.get("memory_rounds")
    if not rounds:
        return []
    out = table("## `hotcog watch` after start-up and its first scan (MiB unless noted; medians "
                "of fresh watches, alternated; goal: RSS <= 100 MB)", rounds, COLUMNS)
    out += ["First scan note (last watch): %s" % rounds[-1]["note"], ""]
    later = [dict(r["after_saves"], variant=r["variant"]) for r in rounds if "after_saves" in r]
    if later:
        out += table("## The same watches after %d saves of the touch headers (MiB)"
                     % later[0]["saves"], later, COLUMNS[2:])
    return out
