"""report.py: the Markdown tables of a run (results.md) and its gnuplot
plots (optional: skipped with a note when gnuplot is not installed)."""
import os
import shutil
import subprocess

import report_sections
import stats
import watch_trace

F = stats.fmt_ms


def F2(value):
    """Phases are often below 1 ms: two decimals there."""
    return "%.2f" % value if value is not None and abs(value) < 10 else F(value)


def e2e_rows(results):
    rows = ["| scenario | hotcog watch: save -> running (median / p90 ms) | `ninja <cogs>` alone "
            "(median / p90 ms) | ratio of medians | overhead (median of paired A-B, ms) | "
            "compile edge under watch / ninja (median ms) | link edge under watch / ninja "
            "(median ms) | watch's own time outside ninja (median ms) | n |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in results:
        a = [x["ms"] for x in s["a"]]
        b = [x["ms"] for x in s["b"]]
        diff = [x - y for x, y in zip(a, b)]
        # The build as the trace timed it (us), else watch's build_s (ms).
        own = [x["ms"] - (ph(x, "build") or x["watch_build_ms"]) for x in s["a"]]
        ca = stats.median([x["compile_ms"] for x in s["a"]])
        cb = stats.median([x["compile_ms"] for x in s["b"]])
        la = stats.median([x["link_ms"] for x in s["a"]])
        lb = stats.median([x["link_ms"] for x in s["b"]])
        ratio = stats.median(a) / stats.median(b) if b and stats.median(b) else None
        rows.append("| %s | %s / %s | %s / %s | %s | %s | %s / %s | %s / %s | %s | %d |" % (
            s["name"], F(stats.median(a)), F(stats.percentile(a, 90)), F(stats.median(b)),
            F(stats.percentile(b, 90)), "%.3f" % ratio if ratio else "-", F(stats.median(diff)),
            F(ca), F(cb), F(la), F(lb), F(stats.median(own)), len(a)))
    return rows


def traced(results):
    return [s for s in results if any(x.get("phases_ms") for x in s["a"])]


def ph(x, name):
    return x.get("phases_ms", {}).get(name, 0.0)


# The parts of one save -> running sample of A, in time order (title, sample
# -> ms); they add up to the sample. "ninja edges" is the span of the
# compile and link edges in .ninja_log; the rest of the ninja run is ninja's
# own start-up, graph load and exit.
def sample_parts():
    def before(name):
        return (name, lambda x: ph(x, name))
    parts = [before("write->save"), before("detect"), before("debounce"), before("decide"), before("decide->build"),
             ("ninja start-up + exit", lambda x: ph(x, "build") - x.get("edges_end_ms", 0)),
             ("ninja edges", lambda x: x.get("edges_end_ms", 0)),
             before("build->prepare"), before("prepare"), before("prepare->apply"),
             before("apply"), before("apply->reply")]
    parts.append(("reply->host report", lambda x: ph(x, "reply->host report")
                  if "write->save" in x.get("phases_ms", {}) else x["ms"] - ph(x, "batch")))
    return parts


def phase_rows(results):
    have = traced(results)
    if not have:
        return ["Per-phase breakdown: not available (this `hotcog watch` has no `--trace`)."]
    parts = sample_parts()
    names = [t for t, _ in parts]
    head = ["scenario"] + names + ["watch + host outside ninja", "of which hotcog's own",
                                   "`ninja` alone: outside its edges", "watch batches per sample"]
    rows = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for s in have:
        # .ninja_log times each run from its own start: the ninja split only
        # holds for a sample of one batch (one ninja run).
        one = [x for x in s["a"] if x.get("batches", 1) == 1]
        cells = [F2(stats.median([fn(x) for x in (one if t.startswith("ninja") else s["a"])]))
                 for t, fn in parts]
        cells.append(F2(stats.median([x["ms"] - ph(x, "build") for x in s["a"]])))
        cells.append(F2(stats.median([x["ms"] - ph(x, "build") - ph(x, "write->save")
                                      for x in s["a"] if "write->save" in x.get("phases_ms", {})])))
        cells.append(F2(stats.median([x["ms"] - x["edges_end_ms"] for x in s["b"]
                                     if "edges_end_ms" in x])))
        # At debounce 0 one save of k files may become k batches (k ninja runs).
        cells.append("%g" % stats.median([x.get("batches", 1) for x in s["a"]]))
        rows.append("| %s | %s |" % (s["name"], " | ".join(cells)))
    return ["Where the time of save -> new code running goes (median ms over the samples, from "
            "`--trace`, `.ninja_log` and the host's report; medians do not add up). Phases as in "
            "docs/watch-trace-and-stats.md; `a->b`: the time between two phases that neither "
            "covers (decide->build: ninja's spawn; build->prepare: watch reads the build's result "
            "and sends the reload request, the host's control thread passes it on; "
            "prepare->apply: the host's `poll(2)` wakes on the wait fd and calls `Host::poll()`; "
            "apply->reply: the reply back to watch); write->save: the bench's write up to the "
            "save time watch took (the file's mtime); reply->host report: from watch reading the "
            "reply to the host's report that the new code ran (negative: the host ran it before "
            "watch read the reply). \"watch + host outside ninja\" "
            "is the sample minus watch's ninja run; \"of which hotcog's own\" also leaves out "
            "the bench's write (write->save): the time hotcog adds to the path (goal <= 5 ms).", ""] + rows


def runtime_rows(runtime):
    rows = ["| mode | count | pause in poll() median / p99 (us) | full reloads in the series "
            "median / p99 (us) | request -> prepared, off the host thread (median us) "
            "| RSS after warm-up -> end (KiB) | fds after warm-up -> end |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in runtime.items():
        full = ("%.1f / %.1f" % (r["full_reload_median_us"], r["full_reload_p99_us"])
                if "full_reload_median_us" in r else "-")
        prep = "%.0f" % r["prepare_median_us"] if "prepare_median_us" in r else "-"
        rows.append("| %s | %d | %.1f / %.1f | %s | %s | %d -> %d (%+d) | %d -> %d |" % (
            name, r["count"], r["pause_median_us"], r["pause_p99_us"], full, prep, r["rss_warm_kib"],
            r["rss_end_kib"], r["rss_end_kib"] - r["rss_warm_kib"], r["fds_warm"], r["fds_end"]))
    return rows


def write_touched_data(path, touched):
    """gnuplot data: cogs touched, median of watch (A), median of ninja (B)."""
    with open(path, "w") as f:
        for s in sorted(touched, key=lambda s: s["touched"]):
            f.write("%d %f %f\n" % (s["touched"], stats.median([x["ms"] for x in s["a"]]),
                                    stats.median([x["ms"] for x in s["b"]])))
    return path


def write_plots(out_dir, results):
    """SVGs: the phases of save -> running, latency vs cogs touched."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return ["Plots: not made (gnuplot is not installed; `apt-get install gnuplot-nox`)."]
    if not results:
        return []
    made = []
    touched = [s for s in results if s.get("touched")]
    if touched:
        data = write_touched_data(os.path.join(out_dir, "touched.dat"), touched)
        # The scenarios ran minutes apart and this machine drifts: compare
        # each with its own alternated baseline (the ratio), not across.
        script = ("set terminal svg size 640,400; set output '%s/touched.svg'; "
                  "set xlabel 'cogs edited at once'; set ylabel 'median ratio to ninja alone'; "
                  "set key bottom right; set yrange [0:*]; set xtics 1; "
                  "plot '%s' using 1:($2/$3) with linespoints title "
                  "'hotcog watch: save -> running / ninja alone', "
                  "1 with lines dashtype 2 title 'ninja alone'" % (out_dir, data))
        subprocess.run([gnuplot, "-e", script], check=True)
        made.append("![latency vs cogs touched](touched.svg)")
    have = traced(results)
    if not have:
        return made
    # Everything but ninja's edges (compile, link): the part a hot reloader
    # adds or could cut, watch's bar beside ninja alone's.
    parts = [p for p in sample_parts() if p[0] != "ninja edges"]
    data = os.path.join(out_dir, "phases.dat")
    with open(data, "w") as f:
        for s in have:
            one = [x for x in s["a"] if x.get("batches", 1) == 1]  # as in phase_rows
            cells = ["%f" % (stats.median([fn(x) for x in (one if t.startswith("ninja") else s["a"])])
                             or 0.0) for t, fn in parts]
            f.write('"%s" %s\n' % (s["name"].replace(", ", "\\n"), " ".join(cells)))
            ninja = ["0"] * len(parts)
            ninja[[t for t, _ in parts].index("ninja start-up + exit")] = "%f" % stats.median(
                [x["ms"] - x.get("edges_end_ms", 0) for x in s["b"]])
            f.write('"ninja alone" %s\n' % " ".join(ninja))
    # ninja alone's bar is its whole sample outside its edges: its write too.
    titles = [t + " (ninja alone: with the write)" if t == "ninja start-up + exit" else t
              for t, _ in parts]
    plots = ["'%s' using %d%s title '%s'" % (data if i == 0 else "", i + 2,
                                              ":xtic(1)" if i == 0 else "", title)
             for i, title in enumerate(titles)]
    script = ("set terminal svg size 1000,480; set output '%s/phases.svg'; "
              "set style data histograms; set style histogram rowstacked; set style fill solid 0.8; "
              "set boxwidth 0.6; set ylabel 'median ms, save -> running minus ninja edges'; "
              "set xtics font ',9'; set bmargin 5; set key outside right top; "
              "set title 'Where the time outside the compile and link goes'; plot %s"
              % (out_dir, ", ".join(plots)))
    subprocess.run([gnuplot, "-e", script], check=True)
    made.append("![save -> running, by phase](phases.svg)")
    return made


def startup_rows(startups):
    rows = ["| cogs | `hotcog watch` start -> ready (ms) | watch RSS after its first scan (KiB) "
            "| of which its own (RssAnon, KiB) | host `load_all()` (ms) |",
            "|---:|---:|---:|---:|---:|"]
    for s in startups:
        rows.append("| %d | %s | %d | %s | %s |" % (
            s["cogs"], F(s["watch_ready_ms"]), s.get("watch_rss_kib", 0),
            s.get("watch_anon_kib", "-"), F(s["host_load_all_ms"])))
    return rows


def write(out_dir, header, results, runtime, extra_sections, startups=(), data=None):
    """data: the run's samples.json (its header-edit, scanner and failed
    sections)."""
    data = data or {}
    lines = list(header)
    if results:
        lines += ["", "## Save -> new code running vs `ninja` alone", ""]
        lines += e2e_rows(results) + [""] + phase_rows(results) + [""]
    else:
        lines += [""]
    if startups:
        lines += ["## Start-up (one line per watch session of this run)", ""]
        lines += startup_rows(startups) + [""]
    if runtime:
        lines += ["## Pause inside `Host::poll()` and soak (`hotcog-bench-runtime`)", ""]
        lines += runtime_rows(runtime) + [""]
    if data.get("header_edits"):
        lines += ["## Compiles per shared-header edit: hotcog watch vs `ninja` alone", ""]
        lines += report_sections.header_edit_rows(data["header_edits"]) + [""]
    if data.get("scanner"):
        lines += ["## Scanner: hotcog-scan vs clang-scan-deps-14", ""]
        lines += report_sections.scanner_rows(data["scanner"]) + [""]
    lines += report_sections.failed_rows(data.get("failed", []))
    for title, body in extra_sections:
        lines += ["## " + title, "", "```"] + body.rstrip().splitlines() + ["```", ""]
    lines += write_plots(out_dir, results)
    path = os.path.join(out_dir, "results.md")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


BEGIN = "<!-- bench/e2e results: written by bench/e2e/run.py --publish -->"
END = "<!-- end of bench/e2e results -->"


def publish(out_dir, results_dir, readme, md="results.md", begin=BEGIN, end=END, files=None):
    """md, the samples and the plots (files, default every .md/.json/.svg of
    out_dir) -> results_dir; md's tables into readme between begin and end
    (appended when the markers are absent)."""
    os.makedirs(results_dir, exist_ok=True)
    names = files or [n for n in os.listdir(out_dir) if n.endswith((".md", ".json", ".svg"))]
    for name in names:
        if os.path.exists(os.path.join(out_dir, name)):
            shutil.copy(os.path.join(out_dir, name), os.path.join(results_dir, name))
    with open(os.path.join(out_dir, md)) as f:
        body = f.read()
    body = body.replace(body.split("\n", 1)[0], "### Latest run", 1)  # its title line
    rel = os.path.relpath(results_dir, os.path.dirname(readme))
    for svg in [n for n in names if n.endswith(".svg")] or ["touched.svg", "phases.svg"]:
        body = body.replace("](%s)" % svg, "](%s/%s)" % (rel, svg))
    with open(readme) as f:
        text = f.read()
    block = begin + "\n" + body.rstrip() + "\n" + end
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    with open(readme, "w") as f:
        f.write(text)
