"""report_sections.py: the Markdown of run.py's header-edit and scanner
sections, and the line that says which sections ran, failed or were left
out (a section that failed is named with its error, never dropped)."""
import stats

F = stats.fmt_ms


def sections_line(sections, state, final):
    """sections: [(name, why not run or None)] in run order."""
    failed = {f["section"] for f in state["failed"]}
    done, other = [], []
    for name, why in sections:
        seconds = state["seconds"].get(name)
        if why:
            other.append("%s (%s)" % (name, why))
        elif name in failed:
            done.append("%s: FAILED after %.0f s" % (name, seconds))
        elif seconds is not None:
            done.append("%s (%.0f s)" % (name, seconds))
        else:
            done.append("%s (%s)" % (name, "not reached" if final else "pending"))
    return "sections run: %s; not run: %s" % (", ".join(done) or "none", ", ".join(other) or "none")


def failed_rows(failed):
    out = []
    for f in failed:
        out += ["## Section %s: FAILED" % f["section"], "", "```"] + \
            f["error"].rstrip().splitlines()[-30:] + ["```", ""]
    return out


def ratio(a, b):
    return "%.3f" % (a / b) if b else "-"


def header_edit_rows(samples):
    """The totals over every edit, then one row per kind of edit."""
    if not samples:
        return []
    watch = sum(len(s["compiled"]) for s in samples)
    ninja = sum(len(s["ninja_compiled"]) for s in samples)
    per_edit = [len(s["compiled"]) / len(s["ninja_compiled"]) for s in samples if s["ninja_compiled"]]
    decisions = [s["decision_ms"] for s in samples if s["decision_ms"] is not None]
    verified = [s for s in samples if s["stale"] is not None]
    stale = sum(len(s["stale"]) for s in verified)
    skipped = sum(len(s["skipped"]) for s in verified)
    fallbacks = sum(1 for s in samples if s["fallback"])
    rows = ["Compiles per shared-header edit: the same edits (corpus.py HEADER_EDITS, cycling "
            "over kinds and headers) in copy A under `hotcog watch` and in copy B built by plain "
            "`ninja`, alternated edit by edit; compiles counted from each copy's `.ninja_log`. "
            "Decision: `decision_s` of watch's `decision` event (rescan of the header's "
            "includers + comparison). Stale: the cogs ninja rebuilt and watch skipped, compiled "
            "fresh and compared with the object watch left in place (`objcopy --strip-debug`). "
            "Goal: ratio <= 0.5, stale 0.", "",
            "| edits | compiles under watch | compiles by ninja alone | ratio (goal <= 0.5) "
            "| per-edit ratio (median) | edits watch compiled nothing for | decision median / "
            "p90 (ms) | write -> batch end under watch (median ms) | write -> `ninja` exit "
            "(median ms) | stale cogs / skipped cogs checked | fallbacks |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    rows.append("| %d | %d | %d | %s | %s | %d | %s / %s | %s | %s | %s | %d |" % (
        len(samples), watch, ninja, ratio(watch, ninja),
        "%.2f" % stats.median(per_edit) if per_edit else "-",
        sum(1 for s in samples if not s["compiled"]), F(stats.median(decisions)),
        F(stats.percentile(decisions, 90)), F(stats.median([s["ms"] for s in samples])),
        F(stats.median([s["ninja_ms"] for s in samples])),
        ("**%d** / %d" % (stale, skipped)) if verified else "not checked", fallbacks))
    rows += ["", "| kind of edit | edits | compiles under watch / ninja alone | ratio "
             "| decision median (ms) |", "|---|---:|---:|---:|---:|"]
    kinds = []
    for s in samples:
        if s["kind"] not in kinds:
            kinds.append(s["kind"])
    for kind in kinds:
        of = [s for s in samples if s["kind"] == kind]
        w = sum(len(s["compiled"]) for s in of)
        n = sum(len(s["ninja_compiled"]) for s in of)
        rows.append("| %s | %d | %d / %d | %s | %s |" % (
            kind, len(of), w, n, ratio(w, n),
            F(stats.median([s["decision_ms"] for s in of if s["decision_ms"] is not None]))))
    return rows


def scanner_rows(rows):
    if not rows:
        return []
    out = ["Include-only scan of the whole compile database without cache (`hotcog-scan "
           "--includes --no-cache -j N` vs `clang-scan-deps-14 -j N`, alternated run by run, "
           "the order swapped every run), and the warm single-TU rescan after an edit of one TU "
           "(`hotcog-scan -p BUILD --includes FILE` with its cache, what `hotcog watch` runs on "
           "a save), split into clang's preprocessing of that TU (`parse` of `--time`) and the "
           "rest (process start, cache, JSON).", "",
           "| database | TUs | cold scan: hotcog-scan median / p90 (ms) | clang-scan-deps-14 "
           "median / p90 (ms) | ratio of medians | one-TU rescan after an edit: wall = parse + "
           "rest (median ms) | one-TU rescan, nothing changed (median ms) | n |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        ours, theirs = r["cold"]["hotcog-scan"], r["cold"]["clang-scan-deps-14"]
        one = r["rescan_one"]
        out.append("| %s | %d | %s / %s | %s / %s | %s | %s = %s + %s (%s) | %s | %d |" % (
            r["database"], r["tus"], F(stats.median(ours)), F(stats.percentile(ours, 90)),
            F(stats.median(theirs)), F(stats.percentile(theirs, 90)),
            ratio(stats.median(ours), stats.median(theirs)), F(stats.median(one["wall_ms"])),
            F(stats.median(one["parse_ms"])), F(stats.median(one["other_ms"])), r["edited"],
            F(stats.median(one["unchanged_ms"])), len(ours)))
    return out
