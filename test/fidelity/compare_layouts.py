"""Compares hotcog-scan --layouts output with clang's -fdump-record-layouts.

usage: compare_layouts.py SCAN.json DUMP.txt
Every record of the scan that clang laid out in the dump is compared (size,
align, vptr, bases with offsets, fields with offset/bit-width/name/type).
Prints "records: M/M equal" (plus each difference) and exits 1 if any differ
or if clang laid out none of them.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clang_layout_dump  # noqa: E402


def main():
    scan_path, dump_path = sys.argv[1:3]
    dumped = clang_layout_dump.parse_dump(open(dump_path, errors="replace").read())
    compared = equal = 0
    for tu in json.load(open(scan_path))["tus"]:
        for record in tu["records"]:
            if record["name"] not in dumped:
                print("not laid out by clang: " + record["name"])
                continue
            compared += 1
            diffs = clang_layout_dump.compare(record, dumped[record["name"]])
            if diffs:
                print("differs: %s: %s" % (record["name"], "; ".join(diffs)))
            else:
                equal += 1
    print("records: %d/%d equal" % (equal, compared))
    return 0 if compared and equal == compared else 1


if __name__ == "__main__":
    sys.exit(main())
