"""bench/semantic-deps/run.py: what declaration-level decisions buy and cost
in `hotcog watch`, on the generated corpus of the mutation test
(test/e2e/semantic/corpus.py).

  run.py --hotcog BIN --cxx CXX [--cogs 26] [--headers 6] [--edits 168] [--cpp-edits 15]

1. Header edits: runs test/e2e/semantic/mutation_test.py (the same scripted
   edits, verification of every skipped cog included) and reports, over the
   same edits in the same run: compiles per header edit by hotcog vs by ninja
   alone (every cog whose TU includes the edited header), and the decision's
   wall time (median, p90).
2. .cpp edits: save -> build done, measured from the write to the watcher's
   event, with HOTCOG_SEMANTIC_DEPS=1 (default) and =0, alternating runs of
   the same edits: a source edit must not pay for the scanner.
Prints the numbers; --json FILE writes them."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SEMANTIC = os.path.join(HERE, "..", "..", "test", "e2e", "semantic")
sys.path.insert(0, SEMANTIC)
import corpus as corpus_mod  # noqa: E402
from mutation_test import Watch  # noqa: E402


def header_edits(args, work):
    out = os.path.join(work, "header.json")
    cmd = [sys.executable, os.path.join(SEMANTIC, "mutation_test.py"), "--hotcog", args.hotcog,
           "--cxx", args.cxx, "--work", os.path.join(work, "header"), "--cogs", str(args.cogs),
           "--headers", str(args.headers), "--edits", str(args.edits), "--json-summary", out]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        data = json.load(f)
    return data["summary"], data["edits"]


def cpp_edit_latency(args, work, semantic):
    root = os.path.join(work, f"cpp-{semantic}")
    shutil.rmtree(root, ignore_errors=True)
    corpus = corpus_mod.Corpus(root, args.cxx, cogs=args.cogs, headers=args.headers)
    corpus.write()
    env = dict(os.environ, HOTCOG_SEMANTIC_DEPS=str(semantic))
    watch = Watch(args.hotcog, corpus.build, env)
    watch.until({"ready"})
    if semantic:
        watch.until({"semantic"})
    times = []
    for n in range(args.cpp_edits):
        cog = corpus.cog_names[n % len(corpus.cog_names)]
        path = os.path.join(corpus.src, f"{cog}.cpp")
        with open(path, "a") as f:
            start = time.monotonic()
            f.write(f"int bench_edit_{n} = {n};\n")
        watch.until({"reload", "build"})
        times.append(time.monotonic() - start)
        time.sleep(0.3)  # let the background rescan of the source finish, as between saves
    watch.stop()
    return times


def stats(values):
    values = sorted(values)
    return {"median": round(statistics.median(values), 3),
            "p90": round(values[int(0.9 * (len(values) - 1))], 3)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hotcog", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--cogs", type=int, default=26)
    ap.add_argument("--headers", type=int, default=6)
    ap.add_argument("--edits", type=int, default=168)
    ap.add_argument("--cpp-edits", type=int, default=15)
    ap.add_argument("--work", default="/tmp/hotcog-bench-semantic")
    ap.add_argument("--json")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    summary, edits = header_edits(args, args.work)
    per_edit = [e["hotcog"] / e["ninja"] for e in edits if e["ninja"]]
    print(f"header edits: {summary['edits']} on {args.cogs} cogs / {args.headers} headers")
    print(f"  compiles: hotcog {summary['compiles_hotcog']}, ninja alone {summary['compiles_ninja']}"
          f" -> {summary['ratio']}x (per edit: median {statistics.median(per_edit):.2f}x)")
    print(f"  edits that rebuilt nothing: {sum(1 for e in edits if e['hotcog'] == 0)},"
          f" that rebuilt all of ninja's: {sum(1 for e in edits if e['hotcog'] == e['ninja'])}")
    print(f"  decision: median {summary['decision_median_s'] * 1000:.0f} ms,"
          f" p90 {summary['decision_p90_s'] * 1000:.0f} ms; fallbacks {summary['fallbacks']}")
    print(f"  stale cogs (fresh build differs from the skipped one): {summary['stale']}")

    on, off = [], []
    for _ in range(2):  # alternate, so machine load hits both alike
        on += cpp_edit_latency(args, args.work, 1)
        off += cpp_edit_latency(args, args.work, 0)
    print(f".cpp edits: save -> built, {len(on)} edits each")
    print(f"  HOTCOG_SEMANTIC_DEPS=1: median {stats(on)['median'] * 1000:.0f} ms, p90 {stats(on)['p90'] * 1000:.0f} ms")
    print(f"  HOTCOG_SEMANTIC_DEPS=0: median {stats(off)['median'] * 1000:.0f} ms, p90 {stats(off)['p90'] * 1000:.0f} ms")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"header": summary, "cpp_on": stats(on), "cpp_off": stats(off)}, f, indent=1)


if __name__ == "__main__":
    main()
