"""report.py: the Markdown tables of a run (results.md) and its gnuplot
plots (optional: skipped with a note when gnuplot is not installed)."""
import os
import shutil
import subprocess

import stats
import watch_trace

F = stats.fmt_ms


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
        own = [x["ms"] - x["watch_build_ms"] for x in s["a"]]
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


def phase_rows(results):
    have = [s for s in results if any(x.get("phases_ms") for x in s["a"])]
    if not have:
        return ["Per-phase breakdown: not available (this `hotcog watch` has no `--trace`)."]
    names = watch_trace.PHASES + ["batch"]
    rows = ["| scenario | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for s in have:
        cells = [F(stats.median([x.get("phases_ms", {}).get(n, 0.0) for x in s["a"]]))
                 for n in names]
        rows.append("| %s | %s |" % (s["name"], " | ".join(cells)))
    return ["Per phase (median ms over the samples, from `--trace`):", ""] + rows


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


def phase_columns(results):
    """(title, sample -> ms) stacked in the phases plot: the --trace phases
    and the rest when watch wrote a trace, else the ninja run and the rest."""
    if any(x.get("phases_ms") for s in results for x in s["a"]):
        names = [n for n in watch_trace.PHASES if n != "scan"]  # scan is inside decide
        cols = [(n, lambda x, n=n: x.get("phases_ms", {}).get(n, 0.0)) for n in names]
        cols.append(("rest, until the host reports",
                     lambda x: x["ms"] - sum(x.get("phases_ms", {}).get(n, 0.0) for n in names)))
        return cols
    return [("ninja run by watch", lambda x: x["watch_build_ms"]),
            ("watch + host outside ninja", lambda x: x["ms"] - x["watch_build_ms"])]


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
    data = os.path.join(out_dir, "phases.dat")
    columns = phase_columns(results)
    build_col = next(i for i, (title, _) in enumerate(columns) if "build" in title or "ninja" in title)
    with open(data, "w") as f:
        for s in results:  # a bar for watch, then one for ninja alone (as the build phase)
            cells = ["%f" % stats.median([fn(x) for x in s["a"]]) for _, fn in columns]
            f.write('"%s" %s\n' % (s["name"].replace(", ", "\\n"), " ".join(cells)))
            ninja = ["0"] * len(columns)
            ninja[build_col] = "%f" % stats.median([x["ms"] for x in s["b"]])
            f.write('"ninja" %s\n' % " ".join(ninja))
    plots = ["'%s' using %d%s title '%s'" % (data if i == 0 else "", i + 2,
                                              ":xtic(1)" if i == 0 else "", title)
             for i, (title, _) in enumerate(columns)]
    script = ("set terminal svg size 900,450; set output '%s/phases.svg'; set style data histograms; "
              "set style histogram rowstacked; set style fill solid 0.8; set boxwidth 0.6; "
              "set ylabel 'save -> running, ms (median)'; set xtics font ',9'; set bmargin 5; "
              "set key outside right top; plot %s" % (out_dir, ", ".join(plots)))
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


def write(out_dir, header, results, runtime, extra_sections, startups=()):
    lines = header + ["", "## Save -> new code running vs `ninja` alone", ""]
    lines += e2e_rows(results) + [""] + phase_rows(results) + [""]
    if startups:
        lines += ["## Start-up (one line per watch session of this run)", ""]
        lines += startup_rows(startups) + [""]
    if runtime:
        lines += ["## Pause inside `Host::poll()` and soak (`hotcog-bench-runtime`)", ""]
        lines += runtime_rows(runtime) + [""]
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
