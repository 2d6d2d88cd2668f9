"""check_trace.py TRACE: checks a `hotcog watch --trace` file the way a
trace viewer reads it (tool/lib/trace_writer.h has the format) and prints
one summary line per batch for FileCheck:

  batch 1: greeter -> patched; phases: detect debounce decide build prepare apply
  host times: measured

Exits 1 with the reason when the file is not valid JSON, an event lacks a
field, a phase has an unknown name, or a phase lies outside its batch."""
import json
import sys

TOOL_PHASES = ["detect", "debounce", "decide", "scan", "build"]
HOST_PHASES = ["prepare", "apply"]


def fail(message):
    sys.exit(f"check_trace: {message}")


path = sys.argv[1]
with open(path) as f:
    text = f.read()
if not text.startswith("[\n") or not text.endswith("{}]\n"):
    fail("the file must start with '[' and end with '{}]' (watch stopped cleanly)")
try:
    events = json.loads(text)
except json.JSONDecodeError as e:
    fail(f"not valid JSON: {e}")
if events[-1] != {}:
    fail("the last element must be {}")

threads = {e["tid"]: e["args"]["name"] for e in events if e.get("ph") == "M"}
if threads != {1: "hotcog watch", 2: "host (from reload replies)"}:
    fail(f"thread names: {threads}")
slices = [e for e in events if e.get("ph") == "X"]
batches = {}
for e in slices:
    for key, kind in (("name", str), ("ts", int), ("dur", int), ("pid", int), ("tid", int),
                      ("args", dict)):
        if not isinstance(e.get(key), kind):
            fail(f"event without an integer/string {key}: {e}")
    if e["dur"] < 0 or e["ts"] < 0:
        fail(f"negative time: {e}")
    if not isinstance(e["args"].get("batch"), int) or not isinstance(e["args"].get("cogs"), list):
        fail(f"args need batch and cogs: {e}")
    batches.setdefault(e["args"]["batch"], []).append(e)

estimated = False
for number in sorted(batches):
    events_of = batches[number]
    whole = [e for e in events_of if e["name"] == "batch"]
    if len(whole) != 1:
        fail(f"batch {number} has {len(whole)} batch slices")
    whole = whole[0]
    names = []
    for e in events_of:
        if e is whole:
            continue
        expected_tid = 2 if e["name"] in HOST_PHASES else 1
        if e["name"] not in TOOL_PHASES + HOST_PHASES:
            fail(f"unknown phase {e['name']}")
        if e["tid"] != expected_tid:
            fail(f"{e['name']} on tid {e['tid']}, expected {expected_tid}")
        if e["ts"] < whole["ts"] or e["ts"] + e["dur"] > whole["ts"] + whole["dur"]:
            fail(f"batch {number}: {e['name']} [{e['ts']}, +{e['dur']}] outside the batch "
                 f"[{whole['ts']}, +{whole['dur']}]")
        estimated |= e["args"].get("estimated", False)
        names.append(e["name"])
    results = ", ".join(f"{c} -> {r}" for c, r in sorted(whole["args"]["results"].items()))
    print(f"batch {number}: {results}; phases: {' '.join(names)}")
print(f"host times: {'estimated' if estimated else 'measured'}")
