"""trace.py: reads the `hotcog watch --trace FILE` output while it grows.

The contract (tool side): Chrome trace JSON Array Format; the file starts with
`[`, then one event object per line followed by `,`, flushed at the end of
each batch; `{}]` is appended on a clean exit. Complete events ("ph": "X")
carry "ts"/"dur" in microseconds and args {"batch": n, "cogs": [...]};
names: detect, debounce, decide, build, scan, prepare, apply, batch
(host-side prepare/apply on their own tid).

TraceReader.new_events() returns the complete events written since the last
call; an incomplete last line (a batch being flushed) waits for the next call.
"""
import json

PHASES = ["detect", "debounce", "decide", "build", "scan", "prepare", "apply"]


class TraceError(Exception):
    pass


def parse_line(line):
    """One line of the file -> an event dict, or None for `[`, `{}]`, blanks."""
    text = line.strip()
    if text in ("", "[", "]", "{}]", "{}"):
        return None
    if text.endswith(","):
        text = text[:-1]
    try:
        event = json.loads(text)
    except json.JSONDecodeError as err:
        raise TraceError("trace line is not a JSON object (%s): %.120s" % (err, text))
    if not isinstance(event, dict):
        raise TraceError("trace line is not a JSON object: %.120s" % text)
    return event


class TraceReader:
    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.origin_us = None  # ts 0 on CLOCK_MONOTONIC, from watch's thread_name event

    def new_events(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return []
        end = data.rfind(b"\n") + 1  # only whole lines
        self.offset += end
        events = []
        for line in data[:end].decode("utf-8", "replace").splitlines():
            event = parse_line(line)
            if event and event.get("ph") == "M" and "monotonic_origin_us" in event.get("args", {}):
                self.origin_us = int(event["args"]["monotonic_origin_us"])
            if event and event.get("ph") == "X" and "dur" in event:
                events.append(event)
        return events


# The time between two phases of a batch that no phase covers: (name,
# phase before, phase after). decide -> build: the plan's last steps and
# ninja's spawn; build -> prepare: watch reads the build's result and sends
# the reload request, the host's control thread reads it and wakes its
# preparing thread; prepare -> apply: the host's wait fd wakes poll(2) and
# the host calls Host::poll(); apply -> reply: the reply's way back to watch.
GAPS = [("decide->build", "decide", "build"), ("build->prepare", "build", "prepare"),
        ("prepare->apply", "prepare", "apply"), ("apply->reply", "apply", "batch")]


def batch_bounds_ns(events, origin_us):
    """(start, end) of the sample's batches on CLOCK_MONOTONIC (ns), or None
    when the trace has no origin (a watch before monotonic_origin_us)."""
    spans = [(e["ts"], e["ts"] + e["dur"]) for e in events if e.get("name") == "batch"]
    if origin_us is None or not spans:
        return None
    return ((origin_us + min(s for s, _ in spans)) * 1000, (origin_us + max(e for _, e in spans)) * 1000)


def phase_ms(events):
    """Sum of each phase's durations (ms) over the events of one sample;
    `batch` is the whole batch as watch saw it (save -> reload reply), and
    GAPS the time between consecutive phases (summed over the batches)."""
    out = {}
    by_batch = {}
    for event in events:
        name = event.get("name")
        if name in PHASES or name == "batch":
            out[name] = out.get(name, 0.0) + float(event["dur"]) / 1000.0
            span = (float(event["ts"]), float(event["ts"]) + float(event["dur"]))
            by_batch.setdefault(event.get("args", {}).get("batch"), {})[name] = span
    for spans in by_batch.values():
        for gap, before, after in GAPS:
            if before in spans and after in spans:
                # "batch" ends at the reply: the gap runs to its end.
                end = spans[after][1] if after == "batch" else spans[after][0]
                out[gap] = out.get(gap, 0.0) + max(0.0, end - spans[before][1]) / 1000.0
    return out
