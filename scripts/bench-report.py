#!/usr/bin/env python3
"""Prints the medians of the last criterion run (target/criterion) as Markdown tables, one per
group, each with its ratio to the group's first entry, for BENCHMARKS.md.

Usage: scripts/bench-report.py [CRITERION_DIR]
"""
import json
import pathlib
import sys


OWN = {"serialize_in", "generated", "context_type", "media"}


def human(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    if not root.is_dir():
        sys.exit(f"no criterion results in {root}: run cargo bench first")
    groups = {}
    for bench in sorted(root.glob("**/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        groups.setdefault(meta["group_id"], []).append(
            (meta["function_id"], estimates["median"]["point_estimate"])
        )
    for group, entries in groups.items():
        # The project's own entry first: the others are read as multiples of it.
        entries.sort(key=lambda e: (e[0] not in OWN, e[0]))
        baseline = entries[0][1]
        print(f"\n| {group} | median | ratio to {entries[0][0]} |")
        print("|---|---|---|")
        for name, median in entries:
            print(f"| {name} | {human(median)} | {median / baseline:.2f}× |")


if __name__ == "__main__":
    main()
