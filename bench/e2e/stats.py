"""stats.py: medians, percentiles, and the edges a ninja run recorded."""
import os
import statistics


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(round(p / 100.0 * len(ordered) + 0.4999))))
    return ordered[rank - 1]


def median(values):
    return statistics.median(values) if values else None


def summary(values):
    return {"n": len(values), "median": median(values), "p90": percentile(values, 90),
            "p99": percentile(values, 99), "min": min(values) if values else None,
            "max": max(values) if values else None}


class NinjaLogCursor:
    """The .ninja_log lines appended since the last call: (output, ms,
    start, end), start and end in ms since that ninja run began.

    ninja recompacts the log when a run starts and it holds many stale
    entries: it rewrites the file with the latest entry of each output, then
    appends the run's entries. The file is then shorter or a new inode, and
    the run's lines are those not seen before (a recompacted line is a copy
    of an old one; a new entry has a new end time and mtime)."""

    def __init__(self, build_dir):
        self.path = os.path.join(build_dir, ".ninja_log")
        self.seen = set()
        self.offset, self.inode = 0, None
        if os.path.exists(self.path):
            self._read_new()

    def _read_new(self):
        with open(self.path, "rb") as f:
            inode = os.fstat(f.fileno()).st_ino
            size = os.fstat(f.fileno()).st_size
            rewritten = inode != self.inode or size < self.offset
            f.seek(0 if rewritten else self.offset)
            data = f.read()
        self.offset = (0 if rewritten else self.offset) + len(data)
        self.inode = inode
        lines = data.decode(errors="replace").splitlines()
        new = [line for line in lines if line not in self.seen] if rewritten else lines
        self.seen.update(lines)
        return new

    def edges(self):
        out = []
        for line in self._read_new():
            parts = line.split("\t")
            if len(parts) == 5 and parts[0].isdigit():
                start, end = int(parts[0]), int(parts[1])
                out.append((parts[3], end - start, start, end))
        return out


def edge_ms(edges, suffix):
    """Total ms of the edges whose output ends with suffix ('.o', '.so')."""
    return sum(e[1] for e in edges if e[0].endswith(suffix))


def edges_end_ms(edges):
    """When the run's last edge ended, in ms since ninja began building
    (ninja's own start-up and graph load come before its 0, its exit after
    this): 0 for a run that ran no edge."""
    return max((e[3] for e in edges), default=0)


def fmt_ms(value):
    if value is None:
        return "-"
    return "%.1f" % value if abs(value) < 100 else "%.0f" % value
