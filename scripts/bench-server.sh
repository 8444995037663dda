#!/usr/bin/env bash
# Load-tests wp-media-server and WordPress 6.9.7 side by side on loopback, with the same requests
# and the same load (BENCHMARKS.md, "The server against WordPress").
#
# WordPress runs as in production: nginx and php-fpm from Debian's packages, php-fpm with as many
# workers as the machine has cores, opcache on, and MariaDB set up by ../shared/wordpress/start-wp.sh.
# Both servers get the same 100 uploaded images first, then wrk runs each request for a warm-up and
# a measured period. Results go to target/bench-server/ (raw wrk output and results.md).
#
# Usage: scripts/bench-server.sh [--wp-tree DIR] [--duration SECONDS] [--connections N]
#                                [--images N] [--only ours|wordpress]
# The WordPress 6.9.7 tree is an export of tag 6.9.7 of johnpbloch/wordpress-core
# (../shared/wordpress/README.md); default /tmp/wp69.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

WP_TREE=/tmp/wp69
DURATION=20
WARMUP=5
CONNECTIONS=64
IMAGES=100
ONLY=
while (($#)); do
  case $1 in
    --wp-tree) WP_TREE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --images) IMAGES=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case $ONLY in '' | ours | wordpress) ;; *) echo "--only takes ours or wordpress" >&2; exit 2 ;; esac

OUT=$ROOT/target/bench-server
WORK=$OUT/work
WP_PORT=8169
OURS_PORT=8170
WORKERS=$(nproc)
WP_INSTANCE=wpbench
mkdir -p "$OUT" "$WORK"
log() { echo "[bench-server] $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=bench-wordpress.sh
. "$ROOT/scripts/bench-wordpress.sh"

# 100 distinct 1200×800 photographs-like JPEGs (fractal plasma, so each encodes like a photo, not a
# flat fill), plus the upload sample.
make_images() {
  mkdir -p "$WORK/images"
  local i
  for ((i = 1; i <= IMAGES; i++)); do
    local f=$WORK/images/photo-$i.jpg
    [[ -s $f ]] || convert -seed "$i" -size 1200x800 plasma:fractal -quality 85 "$f"
  done
  [[ -s $WORK/upload.jpg ]] || convert -seed 4242 -size 1200x800 plasma:fractal -quality 85 "$WORK/upload.jpg"
}

upload_all() { # BASE_URL USER:PASSWORD
  local base=$1 auth=$2 i code
  for ((i = 1; i <= IMAGES; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" -H 'Content-Type: image/jpeg' \
      -H "Content-Disposition: attachment; filename=photo-$i.jpg" \
      --data-binary "@$WORK/images/photo-$i.jpg" "$base/wp-json/wp/v2/media")
    [[ $code == 201 ]] || die "upload $i to $base answered $code"
    ((i % 20 == 0)) && log "  $i/$IMAGES images uploaded to $base"
  done
  return 0
}

start_ours() {
  log "building wp-media-server (release)"
  cargo build -q --release -p wp-media-server
  local bin
  bin=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/wp-media-server
  rm -rf "$WORK/ours-data"
  local password
  password=$("$bin" --data "$WORK/ours-data" --site-url "http://127.0.0.1:$OURS_PORT" app-password create admin 2>/dev/null | tail -n1)
  OURS_AUTH="admin:$password"
  RUST_LOG=warn "$bin" --data "$WORK/ours-data" --addr "127.0.0.1:$OURS_PORT" >"$WORK/ours.log" 2>&1 &
  OURS_PID=$!
  local i
  for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$OURS_PORT/wp-json/" && return 0; sleep 0.1; done
  die "wp-media-server did not start; see $WORK/ours.log"
}

# Peak resident memory (VmHWM) of processes, in MiB, summed.
peak_rss_mib() {
  local total=0 pid kb
  for pid in "$@"; do
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo "$((total / 1024))"
}

wordpress_pids() { pgrep -f 'php-fpm: (master|pool bench)' | tr '\n' ' '; }

# wrk scripts: one per request kind, so every request carries the same headers on both servers.
write_wrk_scripts() { # AUTH
  local auth_header
  auth_header="Basic $(printf '%s' "$1" | base64 -w0)"
  cat >"$WORK/get.lua" <<LUA
wrk.headers["Accept"] = "application/json"
LUA
  cat >"$WORK/auth.lua" <<LUA
wrk.headers["Authorization"] = "$auth_header"
LUA
  cat >"$WORK/upload.lua" <<LUA
local f = assert(io.open("$WORK/upload.jpg", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Authorization"] = "$auth_header"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["Content-Disposition"] = "attachment; filename=upload.jpg"
LUA
}

# Runs every request against one server; appends rows to results.tsv.
bench_server() { # NAME BASE AUTH PIDS...
  local name=$1 base=$2 auth=$3
  shift 3
  write_wrk_scripts "$auth"
  local first
  first=$(curl -s -u "$auth" "$base/wp-json/wp/v2/media?per_page=1&_fields=id" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  local requests=(
    "list-10|get.lua|/wp-json/wp/v2/media?per_page=10|200"
    "list-100|get.lua|/wp-json/wp/v2/media?per_page=100|200"
    "single|get.lua|/wp-json/wp/v2/media/$first|200"
    "edit-context|auth.lua|/wp-json/wp/v2/media?context=edit&per_page=10|200"
    "invalid|get.lua|/wp-json/wp/v2/media?per_page=0&orderby=nope&media_type=zip|400"
    "upload|upload.lua|/wp-json/wp/v2/media|201"
  )
  local entry kind script path want code
  for entry in "${requests[@]}"; do
    IFS='|' read -r kind script path want <<<"$entry"
    if [[ $script == upload.lua ]]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" -H 'Content-Type: image/jpeg' \
        -H 'Content-Disposition: attachment; filename=upload.jpg' --data-binary "@$WORK/upload.jpg" "$base$path")
    elif [[ $script == auth.lua ]]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" "$base$path")
    else
      code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
    fi
    [[ $code == "$want" ]] || die "$name $kind: $path answered $code, not $want"
    log "$name $kind: warm-up ${WARMUP}s, then ${DURATION}s at $CONNECTIONS connections"
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 60s -s "$WORK/$script" "$base$path" >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 60s --latency -s "$WORK/$script" "$base$path" >"$OUT/$name-$kind.txt"
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/$name-$kind.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/$name-$kind.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/$name-$kind.txt")
    errors=$(awk '/Socket errors|Non-2xx/ {sub(/^ +/, ""); printf "%s; ", $0}' "$OUT/$name-$kind.txt")
    # A validation failure is meant to answer 400: only other failures are errors.
    [[ $kind == invalid ]] && errors=$(sed 's/Non-2xx or 3xx responses: [0-9]*; //' <<<"$errors")
    # Peak memory so far (it only grows): the request that raised it shows in the table.
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$kind" "$rps" "$p50" "$p99" "$(peak_rss_mib "${@}")" "$errors" >>"$OUT/results.tsv"
  done
  printf '%s\tpeak-rss-mib\t%s\n' "$name" "$(peak_rss_mib "$@")" >>"$OUT/results.tsv"
}

report() {
  {
    echo "# Server load test ($(date -u +%F), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo))"
    echo
    echo "wrk -t2 -c$CONNECTIONS, ${WARMUP} s warm-up then ${DURATION} s; $IMAGES images of 1200×800 uploaded first."
    echo
    echo "| server | request | requests/s | p50 | p99 | peak RSS so far (MiB) | errors |"
    echo "|---|---|---|---|---|---|---|"
    awk -F'\t' '$2 != "peak-rss-mib" {printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$OUT/results.tsv"
    echo
    awk -F'\t' '$2 == "peak-rss-mib" {printf "Peak RSS of %s: %s MiB\n\n", $1, $3}' "$OUT/results.tsv"
  } >"$OUT/results.md"
  cat "$OUT/results.md"
}

main() {
  install_packages imagemagick
  make_images
  rm -f "$OUT/results.tsv"
  trap 'stop_wordpress; [[ -n ${OURS_PID:-} ]] && kill "$OURS_PID" 2>/dev/null; true' EXIT
  if [[ $ONLY != wordpress ]]; then
    start_ours
    log "uploading $IMAGES images to wp-media-server"
    upload_all "http://127.0.0.1:$OURS_PORT" "$OURS_AUTH"
    bench_server wp-media-server "http://127.0.0.1:$OURS_PORT" "$OURS_AUTH" "$OURS_PID"
    kill "$OURS_PID"
    OURS_PID=
  fi
  if [[ $ONLY != ours ]]; then
    start_wordpress
    log "uploading $IMAGES images to WordPress"
    upload_all "http://127.0.0.1:$WP_PORT" "$WP_AUTH"
    # shellcheck disable=SC2046
    bench_server wordpress "http://127.0.0.1:$WP_PORT" "$WP_AUTH" $(wordpress_pids)
  fi
  report
}

main
