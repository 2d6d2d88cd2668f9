"""mutation_test.py: proves that the cogs `hotcog watch` skips after a header
edit run no stale code that matters.

  mutation_test.py --hotcog BIN --cxx CXX --work DIR [--cogs 8] [--headers 3] [--edits 45]

Generates a corpus (corpus.py), starts a real `hotcog watch --json` on it
(real inotify, real ninja, real compiler, real hotcog-scan), waits for its
declaration scan, then applies the scripted header edits one by one. After
each edit's batch ends, every cog that includes the edited header (the ones
ninja alone would rebuild) and that hotcog did not rebuild is compiled fresh
from the current sources with the build's own command, and its object is
compared with the stale one in the build dir (both through
`objcopy --strip-debug`): any difference fails the test. Prints one line per
edit and a summary (compiles hotcog vs ninja alone, decision times);
--json-summary FILE writes the numbers for the benchmark."""
import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus as corpus_mod  # noqa: E402


class Watch:
    def __init__(self, hotcog, build, env):
        self.proc = subprocess.Popen([hotcog, "watch", "--json", "-C", build, "--debounce-ms", "30"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.events = queue.Queue()
        self.log = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.proc.stdout:
            self.log.append(line.rstrip())
            try:
                self.events.put(json.loads(line))
            except json.JSONDecodeError:
                self.events.put({"phase": "text", "line": line.rstrip()})
        self.events.put(None)

    def next(self, seconds=120):
        try:
            event = self.events.get(timeout=seconds)
        except queue.Empty:
            sys.exit("mutation_test: no event from hotcog watch within %ds; last lines:\n%s"
                     % (seconds, "\n".join(self.log[-20:])))
        if event is None:
            sys.exit("mutation_test: hotcog watch exited; last lines:\n" + "\n".join(self.log[-20:]))
        return event

    def until(self, phases):
        while True:
            event = self.next()
            if event.get("phase") in phases:
                return event

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def batch(watch):
    """Events of one batch: change, decision, then the build/reload outcome."""
    change = watch.until({"change"})
    decision = None
    while True:
        if not change["cogs"] and decision is not None:
            return change, decision, None
        event = watch.next()
        phase = event.get("phase")
        if phase == "decision":
            decision = event
            if not change["cogs"]:
                change = change  # no cog to build: the batch ends here
                return change, decision, None
        elif phase in ("reload", "build"):
            return change, decision, event
        elif phase == "warning":
            print("  warning:", event.get("error"))


def stripped_object(corpus, cog, obj, scratch):
    out = os.path.join(scratch, f"{cog}.{os.path.basename(obj)}.stripped")
    subprocess.run(["objcopy", "--strip-debug", obj, out], check=True)
    with open(out, "rb") as f:
        return f.read()


def fresh_equals_stale(corpus, cog, scratch):
    fresh = os.path.join(scratch, f"{cog}.fresh.o")
    cmd = corpus.compile_command(cog) + ["-o", fresh]
    subprocess.run(cmd, cwd=corpus.build, check=True)
    stale = os.path.join(corpus.build, f"{cog}.o")
    return stripped_object(corpus, cog, fresh, scratch) == stripped_object(corpus, cog, stale, scratch)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hotcog", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cogs", type=int, default=8)
    ap.add_argument("--headers", type=int, default=3)
    ap.add_argument("--edits", type=int, default=45)
    ap.add_argument("--no-verify", action="store_true", help="skip the fresh compiles (benchmark)")
    ap.add_argument("--json-summary")
    args = ap.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    corpus = corpus_mod.Corpus(args.work, args.cxx, cogs=args.cogs, headers=args.headers)
    corpus.write()
    scratch = os.path.join(args.work, "scratch")
    os.makedirs(scratch)
    env = dict(os.environ)
    env.pop("HOTCOG_SEMANTIC_DEPS", None)
    watch = Watch(args.hotcog, corpus.build, env)
    watch.until({"ready"})
    note = watch.until({"semantic", "warning"})
    if "declaration-level decisions on" not in note.get("message", ""):
        sys.exit(f"mutation_test: the declaration scan did not start: {note}")
    print(note["message"], flush=True)

    stale, results = [], []
    started = time.monotonic()
    for n in range(args.edits):
        k, what = corpus.edit(n)
        change, decision, outcome = batch(watch)
        if outcome is not None and outcome.get("phase") == "build":
            sys.exit(f"mutation_test: edit {n} ({what}) broke the build: {outcome.get('error')}")
        candidates = corpus.includers(k)
        rebuilt = set(change["cogs"])
        skipped = [c for c in candidates if c not in rebuilt]
        bad = []
        if not args.no_verify:
            bad = [c for c in skipped if not fresh_equals_stale(corpus, c, scratch)]
        decision_s = decision["timings"]["decision_s"] if decision else None
        results.append({"edit": what, "ninja": len(candidates), "hotcog": len(rebuilt & set(candidates)),
                        "decision_s": decision_s, "fallback": (decision or {}).get("fallback"),
                        "stale": bad})
        reasons = "; ".join(f"{r['cog']}: {r['reason']}" for r in (decision or {}).get("rebuild", [])[:2])
        print(f"[{n + 1}/{args.edits}] {what}: rebuilt {len(rebuilt & set(candidates))}/{len(candidates)}"
              f" (decision {decision_s}s){' STALE ' + ','.join(bad) if bad else ''}"
              f"{'  ' + reasons if reasons else ''}", flush=True)
        stale += [(what, c) for c in bad]
    watch.stop()

    ninja_total = sum(r["ninja"] for r in results)
    hotcog_total = sum(r["hotcog"] for r in results)
    times = sorted(r["decision_s"] for r in results if r["decision_s"] is not None)
    summary = {
        "edits": len(results), "cogs": args.cogs, "headers": args.headers,
        "compiles_ninja": ninja_total, "compiles_hotcog": hotcog_total,
        "ratio": round(hotcog_total / ninja_total, 3) if ninja_total else None,
        "decision_median_s": statistics.median(times) if times else None,
        "decision_p90_s": times[int(0.9 * (len(times) - 1))] if times else None,
        "fallbacks": sum(1 for r in results if r["fallback"]),
        "stale": len(stale), "verified": not args.no_verify,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(summary), flush=True)
    if args.json_summary:
        with open(args.json_summary, "w") as f:
            json.dump({"summary": summary, "edits": results}, f, indent=1)
    if stale:
        print("STALE cogs (fresh build differs from what hotcog left in place):")
        for what, cog in stale:
            print(f"  {what}: {cog}")
        sys.exit(1)
    print("no stale cog")


if __name__ == "__main__":
    main()
