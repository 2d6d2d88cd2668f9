"""Compares hotcog-scan's include list for one TU with the depfile clang wrote.

usage: compare_depfile.py SCAN.json DEPFILE DIRECTORY
Both sides are made absolute against DIRECTORY and normalized lexically (what
hotcog-scan does); the depfile lists the TU itself first, the scan lists it as
"file". Prints "equal: N files" or each difference, and exits 1 on a difference.
"""
import json
import os
import sys


def depfile_paths(path, directory):
    text = open(path).read().replace("\\\n", " ")
    _, _, deps = text.partition(": ")
    # Paths with spaces are escaped as "\ " in depfiles.
    items = deps.replace("\\ ", "\0").split()
    return [os.path.normpath(os.path.join(directory, p.replace("\0", " "))) for p in items]


def main():
    scan_path, depfile, directory = sys.argv[1:4]
    tu = json.load(open(scan_path))["tus"][0]
    ours = [tu["file"]] + tu["includes"]
    theirs = depfile_paths(depfile, directory)
    if ours == theirs:
        print("equal: %d files" % len(ours))
        return 0
    for p in sorted(set(theirs) - set(ours)):
        print("only in depfile: " + p)
    for p in sorted(set(ours) - set(theirs)):
        print("only in scan: " + p)
    if set(ours) == set(theirs):
        print("same files, different order")
    return 1


if __name__ == "__main__":
    sys.exit(main())
