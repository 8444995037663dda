#!/usr/bin/env bash
# The generated client against plain serde_json and reqwest (wp-schema-client/benches/client.rs):
# decoding a WordPress 6.9.7 media list, a whole request over an in-memory transport, and a whole
# request over loopback HTTP. Runs the bench RUNS times and prints, after each run, its criterion
# medians as Markdown tables with each case's ratio to the generated client of the same group and
# body; the tables also go to target/bench-client/run-N.md.
#
# Usage: scripts/bench-client.sh [--runs N] [-- MORE ARGUMENTS FOR THE BENCH, e.g. a filter]
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=1
EXTRA=()
while (($#)); do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

TARGET=${CARGO_TARGET_DIR:-target}
OUT=$TARGET/bench-client
mkdir -p "$OUT"

# Built once before the runs, so that no run's first cases share the cores with the compiler.
cargo bench -p wp-schema-client --bench client --no-run

for run in $(seq 1 "$RUNS"); do
  # Only results written by this run are read: target/criterion also holds other benches' and
  # older runs' results, and a case renamed since would otherwise linger in the table.
  MARK=$OUT/.started
  touch "$MARK"
  sleep 1
  echo "[bench-client] run $run of $RUNS, $(date -u +%FT%TZ)" >&2
  cargo bench -p wp-schema-client --bench client -- "${EXTRA[@]}" >&2
  python3 - "$TARGET/criterion" "$MARK" <<'PY' | tee "$OUT/run-$run.md"
import json
import os
import pathlib
import sys

root, mark = pathlib.Path(sys.argv[1]), os.path.getmtime(sys.argv[2])


def human(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


# (group, body) -> {case: median ns}, cases in the order the bench ran them.
rows = {}
for meta_path in sorted(root.glob("client_*/**/new/benchmark.json"), key=os.path.getmtime):
    if os.path.getmtime(meta_path) < mark:
        continue
    meta = json.loads(meta_path.read_text())
    median = json.loads((meta_path.parent / "estimates.json").read_text())["median"]["point_estimate"]
    group = meta["group_id"]
    # A group measured on several bodies names each in the id's value; the loopback group names
    # its one body in the group instead.
    case, body = meta["function_id"], meta.get("value_str")
    if body is None:
        group, _, body = group.rpartition("/")
    rows.setdefault((group, body), {})[case] = median

tables = {}
for (group, body), cases in rows.items():
    tables.setdefault(group, []).append((body, cases))
for group, entries in tables.items():
    names = list(entries[0][1])
    others = [n for n in names if n != "generated"]
    print(f"\n`{group}`\n")
    print("| body | " + " | ".join(names) + " | " + " | ".join(f"{n} ÷ generated" for n in others) + " |")
    print("|---" * (1 + len(names) + len(others)) + "|")
    for body, cases in entries:
        medians = [human(cases[n]) if n in cases else "—" for n in names]
        ratios = [
            f"{cases[n] / cases['generated']:.2f}" if n in cases and "generated" in cases else "—"
            for n in others
        ]
        print(f"| {body} | " + " | ".join(medians) + " | " + " | ".join(ratios) + " |")
PY
done
