#!/usr/bin/env bash
# Interleaved upload probes of wp-media-server binaries (A/B): each round starts each binary on a
# fresh data folder, sends it 8 s of raw-body uploads of one 1200×800 JPEG with wrk (2 threads,
# 64 connections), and prints uploads per second and the process's peak RSS (VmHWM).
#
#   scripts/probe-uploads.sh [--rounds N] BINARY...
#
# Needs wrk and ImageMagick's convert (for the picture, made as scripts/bench-server.sh makes it).
set -euo pipefail
rounds=2
if [[ ${1:-} == --rounds ]]; then rounds=$2; shift 2; fi
if [[ $# -eq 0 || ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit $(( $# == 0 ? 2 : 0 ))
fi
for tool in wrk convert; do
  command -v $tool >/dev/null || { echo "probe-uploads: $tool is not installed" >&2; exit 1; }
done
work=$(mktemp -d /tmp/probe-uploads.XXXXXX)
trap 'rm -rf "$work"' EXIT
convert -seed 4242 -size 1200x800 plasma:fractal -quality 85 "$work/upload.jpg"
port=8190
for ((round = 1; round <= rounds; round++)); do
  for bin in "$@"; do
    rm -rf "$work/data"
    "$bin" --addr 127.0.0.1:$port --data "$work/data" --site-url http://127.0.0.1:$port >"$work/log" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q "Application password" "$work/log" 2>/dev/null && break; sleep 0.1; done
    password=$(grep "Application password" "$work/log" | tail -1 | sed 's/.*: //')
    [[ -n $password ]] || { echo "probe-uploads: $bin did not start" >&2; kill $pid; exit 1; }
    auth=$(printf 'admin:%s' "$password" | base64 -w0)
    cat >"$work/upload.lua" <<LUA
local f = assert(io.open("$work/upload.jpg", "rb"))
wrk.body = f:read("*all"); f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["Content-Disposition"] = "attachment; filename=upload.jpg"
wrk.headers["Authorization"] = "Basic $auth"
LUA
    out=$(wrk -t2 -c64 -d8s -s "$work/upload.lua" http://127.0.0.1:$port/wp-json/wp/v2/media 2>&1)
    rate=$(awk '/Requests\/sec/{print $2}' <<<"$out")
    errors=$(grep -i "non-2xx" <<<"$out" || true)
    peak=$(awk '/VmHWM/{printf "%.1f MiB", $2/1024}' /proc/$pid/status)
    kill $pid; wait $pid 2>/dev/null || true
    echo "round $round  $bin  ${rate} uploads/s  peak ${peak}  ${errors}"
  done
done
