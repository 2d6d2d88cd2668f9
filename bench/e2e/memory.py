"""memory.py: what a process's RSS consists of, from /proc/<pid>/smaps.

VmRSS counts every resident page mapped, including the pages of shared
libraries (libLLVM-14.so for `hotcog watch`) that every LLVM tool on the
machine shares. breakdown() splits RSS by mapping (hotcog's own anonymous
memory and heap, each library file) and into private vs shared pages, so a
goal such as "watch RSS <= 100 MB" can be judged on what hotcog itself owns.
"""
import os

FIELDS = ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Shared_Clean", "Shared_Dirty", "Anonymous")


def _group(name):
    """The row a mapping is counted in: a file's base name, or its kind."""
    if not name:
        return "[anonymous]"
    if name.startswith("["):
        return name if name in ("[heap]", "[stack]") else "[other kernel]"
    return os.path.basename(name.replace(" (deleted)", ""))


def breakdown(pid):
    """{"total": {field: KiB}, "groups": {row: {field: KiB}}} from smaps."""
    groups, total, current = {}, dict.fromkeys(FIELDS, 0), None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            head = line.split(None, 1)[0]
            if "-" in head and not head.endswith(":"):  # a mapping's header line
                parts = line.split(None, 5)
                current = groups.setdefault(_group(parts[5].strip() if len(parts) > 5 else ""),
                                            dict.fromkeys(FIELDS, 0))
            elif head.endswith(":") and head[:-1] in FIELDS and current is not None:
                kib = int(line.split()[1])
                current[head[:-1]] += kib
                total[head[:-1]] += kib
    return {"total": total, "groups": groups}


def private_kib(row):
    return row["Private_Clean"] + row["Private_Dirty"]


def summary(pid):
    """The figures the report prints: RSS, private, shared, anonymous (heap
    and anonymous mappings), PSS, and the top rows by RSS."""
    b = breakdown(pid)
    t = b["total"]
    top = sorted(b["groups"].items(), key=lambda kv: -kv[1]["Rss"])[:6]
    return {"rss_kib": t["Rss"], "pss_kib": t["Pss"], "private_kib": private_kib(t),
            "shared_kib": t["Shared_Clean"] + t["Shared_Dirty"], "anon_kib": t["Anonymous"],
            "top": [(name, row["Rss"], private_kib(row)) for name, row in top]}
