"""Reads clang's -fdump-record-layouts output and compares it with hotcog-scan's
records. Shared by the fidelity check and the lit tests.

A dump block looks like (clang 14):

    *** Dumping AST Record Layout
             0 | struct Diamond
             0 |   struct V1 (primary base)
             0 |     (V1 vtable pointer)
             8 |     int b
         4:0-1 |   char c              <- bit-field: byte 4, bits 0..1
           4:- |   int                 <- zero-width bit-field
            32 |   struct VB (virtual base)
               | [sizeof=48, dsize=44, align=8,
               |  nvsize=32, nvalign=8]

Depth is the indentation after "|": 1 space for the record, 2 more per level.
Only depth-1 lines describe the record itself (its vptr, bases, fields); deeper
lines describe subobjects, which are records of their own - except the members
of anonymous structs/unions, which hotcog-scan lists as indirect fields.
"""
import re

TAG = re.compile(r"\b(struct|class|union|enum) ")
BASE = re.compile(r"^(.*) \((primary )?(virtual )?base\)( \(empty\))?$")
SIZE = re.compile(r"\[sizeof=(\d+), dsize=\d+, align=(\d+)")


def normalize_type(text):
    """Spelling differences only: the dump prints with C++98 defaults
    ("class std::vector<int> >", "_Bool", "(void)", top-level const dropped)."""
    text = TAG.sub("", text).replace("_Bool", "bool").replace("(void)", "()").strip()
    while "> >" in text:
        text = text.replace("> >", ">>")
    for qualifier in ("const ", "volatile "):
        if text.startswith(qualifier):
            text = text[len(qualifier):]
    return text


def is_anonymous_type(text):
    return "(anonymous" in text or "(unnamed" in text or "(lambda" in text


class Line:
    def __init__(self, offset, depth, text):
        self.offset, self.depth, self.text = offset, depth, text


def parse_offset(text):
    """'8' -> (64, None); '4:0-1' -> (32, 2); '4:-' -> (32, 0)."""
    text = text.strip()
    if ":" not in text:
        return int(text) * 8, None
    byte, bits = text.split(":")
    if bits == "-":
        return int(byte) * 8, 0
    first, last = bits.split("-")
    return int(byte) * 8 + int(first), int(last) - int(first) + 1


def parse_dump(text):
    """Returns {record name: {"size", "align", "lines": [Line...]}} of every AST record layout block."""
    records = {}
    blocks = text.split("*** Dumping AST Record Layout\n")[1:]
    for block in blocks:
        lines = []
        size = align = None
        for raw in block.split("\n"):
            if not raw.strip():
                break
            if "|" not in raw:
                break
            left, right = raw.split("|", 1)
            m = SIZE.search(right)
            if m:
                size, align = int(m.group(1)), int(m.group(2))
                continue
            if not left.strip():
                continue
            body = right[1:] if right.startswith(" ") else right
            indent = len(body) - len(body.lstrip(" "))
            lines.append(Line(left.strip(), indent // 2, body.strip() if not body.endswith(" ") else body.lstrip(" ")))
        if not lines or size is None:
            continue
        name = normalize_type(lines[0].text.replace(" (empty)", ""))
        # Function-local classes of different functions can share a name.
        records.setdefault(name, []).append({"size": size, "align": align, "lines": lines[1:]})
    return records


def expected_fields(lines, start, depth, indirect, out):
    """Fields at `depth` from lines[start:], recursing into anonymous members."""
    i = start
    while i < len(lines) and lines[i].depth >= depth:
        line = lines[i]
        if line.depth == depth:
            text = line.text.rstrip()
            if text.endswith(" (empty)"):
                text = text[: -len(" (empty)")]
            if not (text.startswith("(") and text.endswith("vtable pointer)")) and not BASE.match(text):
                # "<type> <name>", or "<type> " for an unnamed member.
                raw = line.text[:-len(" (empty)")] if line.text.rstrip().endswith(" (empty)") else line.text
                if raw.endswith(" "):
                    ftype, fname = raw.strip(), ""
                else:
                    ftype, _, fname = raw.rpartition(" ")
                bits, width = parse_offset(line.offset)
                out.append({"name": fname, "type": ftype, "offset_bits": bits,
                            "bit_width": width, "indirect": indirect})
                if fname == "" and is_anonymous_type(ftype):
                    expected_fields(lines, i + 1, depth + 1, True, out)
        i += 1
    return out


def compare(record, candidates):
    """Differences between one hotcog-scan record and the dump blocks with its
    name; [] when one of them is equal."""
    best = None
    for dumped in candidates:
        diffs = compare_one(record, dumped)
        if not diffs:
            return []
        best = best or diffs
    return best


def compare_one(record, dumped):
    diffs = []
    if record["size"] != dumped["size"]:
        diffs.append("size %s != %s" % (record["size"], dumped["size"]))
    if record["align"] != dumped["align"]:
        diffs.append("align %s != %s" % (record["align"], dumped["align"]))
    top = [l for l in dumped["lines"] if l.depth == 1]
    bases = set()
    has_vptr = False
    for line in top:
        text = line.text.rstrip()
        m = BASE.match(text)
        if m:
            bases.add((normalize_type(m.group(1)), int(line.offset), bool(m.group(3))))
            if m.group(2) or m.group(3):
                has_vptr = True
        elif text.startswith("(") and text.endswith("vtable pointer)"):
            has_vptr = True
    ours_bases = {(b["name"], b["offset"], b["virtual"]) for b in record["bases"]}
    if ours_bases != bases:
        diffs.append("bases %s != %s" % (sorted(ours_bases), sorted(bases)))
    if record["vptr"] != has_vptr:
        diffs.append("vptr %s != %s" % (record["vptr"], has_vptr))
    theirs = expected_fields(dumped["lines"], 0, 1, False, [])
    ours = record["fields"]
    if len(ours) != len(theirs):
        diffs.append("%d fields != %d" % (len(ours), len(theirs)))
    for a, b in zip(ours, theirs):
        same = (a["name"] == b["name"] and a["offset_bits"] == b["offset_bits"]
                and a.get("bit_width") == b["bit_width"] and a.get("indirect", False) == b["indirect"]
                and (is_anonymous_type(b["type"]) or normalize_type(a["type"]) == normalize_type(b["type"])))
        if not same:
            diffs.append("field %s != %s" % (a, b))
    return diffs
