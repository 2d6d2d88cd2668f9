#!/usr/bin/env python3
"""trace_test.py: watch_trace.TraceReader on a file written the way `hotcog watch
--trace` writes it (docs: one event per line followed by `,`, a batch flushed
at its end, `{}]` on a clean exit), including a batch cut mid-line."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import watch_trace  # noqa: E402

HEAD = ('[\n{"args":{"monotonic_origin_us":5000000,"name":"hotcog watch"},"name":"thread_name","ph":"M","pid":1,"tid":1},\n')
BATCH = ('{"args":{"batch":%(n)d,"cogs":["c"]},"dur":612000,"name":"batch","ph":"X","pid":1,"tid":1,"ts":1000},\n'
         '{"args":{"batch":%(n)d,"cogs":["c"]},"dur":1900,"name":"detect","ph":"X","pid":1,"tid":1,"ts":1000},\n'
         '{"args":{"batch":%(n)d,"cogs":["c"]},"dur":500000,"name":"build","ph":"X","pid":1,"tid":1,"ts":3000},\n'
         '{"args":{"batch":%(n)d,"cogs":["c"]},"dur":2100,"name":"prepare","ph":"X","pid":1,"tid":2,"ts":503500},\n'
         '{"args":{"batch":%(n)d,"cogs":["c"]},"dur":81,"name":"apply","ph":"X","pid":1,"tid":2,"ts":606000},\n')


def check(cond, what):
    if not cond:
        sys.exit("trace_test: FAILED: " + what)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.json")
        reader = watch_trace.TraceReader(path)
        check(reader.new_events() == [], "no file yet: no events")
        first = BATCH % {"n": 1}
        with open(path, "w") as f:
            f.write(HEAD + first[:-40])  # the batch is being written: its last line is cut
        got = reader.new_events()
        check([e["name"] for e in got] == ["batch", "detect", "build", "prepare"],
              "complete lines only, metadata skipped: %s" % [e["name"] for e in got])
        with open(path, "a") as f:
            f.write(first[-40:] + BATCH % {"n": 2} + "{}]\n")
        got = reader.new_events()
        check([e["args"]["batch"] for e in got] == [1, 2, 2, 2, 2, 2],
              "the rest of batch 1, then batch 2: %s" % [e["args"]["batch"] for e in got])
        check(reader.origin_us == 5000000, "ts 0 on the monotonic clock: %s" % reader.origin_us)
        check(watch_trace.batch_bounds_ns(got[1:], reader.origin_us) == (5001000000, 5613000000),
              "batch 2 on the monotonic clock: %s" % (watch_trace.batch_bounds_ns(got[1:], 5000000),))
        check(watch_trace.batch_bounds_ns(got[1:], None) is None, "no origin: no bounds")
        phases = watch_trace.phase_ms(got[1:])
        # Gaps: build end 503000 -> prepare 503500; prepare end 505600 ->
        # apply 606000; apply end 606081 -> the batch's end (the reply) 613000.
        want = {"batch": 612.0, "detect": 1.9, "build": 500.0, "prepare": 2.1, "apply": 0.081,
                "build->prepare": 0.5, "prepare->apply": 100.4, "apply->reply": 6.919}
        check(set(phases) == set(want) and all(abs(phases[k] - v) < 1e-9 for k, v in want.items()),
              "per-phase ms: %s" % phases)
        with open(path, "a") as f:
            f.write("not json,\n")
        try:
            reader.new_events()
            check(False, "a line that is not JSON must raise TraceError")
        except watch_trace.TraceError as err:
            check("not a JSON object" in str(err), "the error names the problem: %s" % err)
    print("trace_test: ok")


if __name__ == "__main__":
    main()
