#!/usr/bin/env bash
# The server at scale, beside WordPress 6.9.7 on the same data (BENCHMARKS.md, "At scale"):
#
# 1. Latency by size: the same N attachments bulk-seeded with SQL into WordPress's MariaDB tables
#    and into a SQLite data folder of the server's; one request at a time asks each server for a
#    page of the list, a search, and the list by title. WordPress (nginx + php-fpm) and the server on
#    MariaDB read the very same rows.
# 2. Throughput by instances: at the first size, 1, 2 and 4 server processes on the MariaDB rows
#    behind nginx, under 64 connections, beside WordPress and the server on SQLite.
#
# Results go to target/bench-scale/ (raw wrk output and results.md).
#
# Usage: scripts/bench-scale.sh [--wp-tree DIR] [--sizes "10000 100000 1000000"]
#                               [--instances "1 2 4"] [--duration SECONDS] [--connections N]
# The WordPress 6.9.7 tree is an export of tag 6.9.7 of johnpbloch/wordpress-core
# (../shared/wordpress/README.md); default /tmp/wp69.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

WP_TREE=/tmp/wp69
SIZES="10000 100000 1000000"
INSTANCES="1 2 4"
DURATION=10
CONNECTIONS=64
while (($#)); do
  case $1 in
    --wp-tree) WP_TREE=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --instances) INSTANCES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

OUT=$ROOT/target/bench-scale
WORK=$OUT/work
WP_PORT=8172
WP_INSTANCE=wpscale
BALANCER_PORT=8180
FIRST_PORT=8181
SQLITE_PORT=8190
WORKERS=$(nproc)
SOCKET=/var/lib/wp-oracle/run/mysqld.sock
mkdir -p "$OUT" "$WORK"
log() { echo "[bench-scale] $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=bench-wordpress.sh
. "$ROOT/scripts/bench-wordpress.sh"

SQL() { mariadb --socket="$SOCKET" -uroot "$WP_INSTANCE" -e "$1"; }
WORDS="'sunset','harbour','forest','market','bridge','garden','river','tower','beach','valley'"

# N attachments as WordPress keeps them: post 100+i, titled "Photo i WORD", one every 37 seconds
# from 2020, each with its attached file and its metadata (a 1200×800 JPEG with one size).
seed_mariadb() { # N
  local n=$1 site=http://127.0.0.1:$WP_PORT
  log "seeding $n attachments into WordPress's tables"
  SQL "DELETE FROM wp_posts WHERE ID >= 100; DELETE FROM wp_postmeta WHERE post_id >= 100;
    INSERT INTO wp_posts (ID, post_author, post_date, post_date_gmt, post_content, post_title,
        post_excerpt, post_status, comment_status, ping_status, post_name, to_ping, pinged,
        post_modified, post_modified_gmt, post_content_filtered, post_parent, guid, post_type,
        post_mime_type)
      SELECT 100 + seq, 1, DATE_ADD('2020-01-01', INTERVAL seq * 37 SECOND),
        DATE_ADD('2020-01-01', INTERVAL seq * 37 SECOND), '',
        CONCAT('Photo ', seq, ' ', ELT(1 + seq % 10, $WORDS)), '', 'inherit', 'open', 'closed',
        CONCAT('photo-', seq), '', '', DATE_ADD('2020-01-01', INTERVAL seq * 37 SECOND),
        DATE_ADD('2020-01-01', INTERVAL seq * 37 SECOND), '', 0,
        CONCAT('$site/wp-content/uploads/2026/12/photo-', seq, '.jpg'), 'attachment', 'image/jpeg'
      FROM seq_1_to_$n;
    INSERT INTO wp_postmeta (post_id, meta_key, meta_value)
      SELECT 100 + seq, '_wp_attached_file', CONCAT('2026/12/photo-', seq, '.jpg') FROM seq_1_to_$n;
    INSERT INTO wp_postmeta (post_id, meta_key, meta_value)
      SELECT 100 + seq, '_wp_attachment_metadata', CONCAT(
        'a:6:{s:5:\"width\";i:1200;s:6:\"height\";i:800;s:4:\"file\";s:',
        LENGTH(CONCAT('2026/12/photo-', seq, '.jpg')), ':\"2026/12/photo-', seq, '.jpg\";',
        's:8:\"filesize\";i:123456;s:5:\"sizes\";a:1:{s:9:\"thumbnail\";a:5:{s:4:\"file\";s:',
        LENGTH(CONCAT('photo-', seq, '-150x150.jpg')), ':\"photo-', seq, '-150x150.jpg\";',
        's:5:\"width\";i:150;s:6:\"height\";i:150;s:9:\"mime-type\";s:10:\"image/jpeg\";',
        's:8:\"filesize\";i:5000;}}s:10:\"image_meta\";a:12:{s:8:\"aperture\";s:1:\"0\";',
        's:6:\"credit\";s:0:\"\";s:6:\"camera\";s:0:\"\";s:7:\"caption\";s:0:\"\";',
        's:17:\"created_timestamp\";s:1:\"0\";s:9:\"copyright\";s:0:\"\";',
        's:12:\"focal_length\";s:1:\"0\";s:3:\"iso\";s:1:\"0\";s:13:\"shutter_speed\";s:1:\"0\";',
        's:5:\"title\";s:0:\"\";s:11:\"orientation\";s:1:\"0\";s:8:\"keywords\";a:0:{}}}')
      FROM seq_1_to_$n;
    ANALYZE TABLE wp_posts, wp_postmeta;" >/dev/null
}

# The same N attachments in the server's SQLite data folder (its own schema, metadata as JSON).
seed_sqlite() { # N
  local n=$1 site=http://127.0.0.1:$SQLITE_PORT
  log "seeding $n attachments into a SQLite data folder"
  rm -rf "$WORK/sqlite-data"
  SQLITE_AUTH="admin:$("$BIN" --data "$WORK/sqlite-data" --site-url "$site" app-password create admin 2>/dev/null | tail -n1)"
  python3 - "$WORK/sqlite-data/wp.sqlite" "$n" "$site" <<'PY'
import json, sqlite3, sys
from datetime import datetime, timedelta
db, n, site = sys.argv[1], int(sys.argv[2]), sys.argv[3]
words = ["sunset", "harbour", "forest", "market", "bridge", "garden", "river", "tower", "beach", "valley"]
conn = sqlite3.connect(db)
def rows():
    for i in range(1, n + 1):
        date = (datetime(2020, 1, 1) + timedelta(seconds=i * 37)).strftime("%Y-%m-%d %H:%M:%S")
        yield (100 + i, "attachment", "inherit", 1, date, date, date, date, f"photo-{i}",
               f"Photo {i} {words[i % 10]}", "", "", 0, "image/jpeg",
               f"{site}/wp-content/uploads/2026/12/photo-{i}.jpg", "open", "closed")
def meta():
    for i in range(1, n + 1):
        yield (100 + i, "_wp_attached_file", f"2026/12/photo-{i}.jpg")
        yield (100 + i, "_wp_attachment_metadata", json.dumps({
            "width": 1200, "height": 800, "file": f"2026/12/photo-{i}.jpg", "filesize": 123456,
            "sizes": {"thumbnail": {"file": f"photo-{i}-150x150.jpg", "width": 150, "height": 150,
                                    "mime-type": "image/jpeg", "filesize": 5000}},
            "image_meta": {"aperture": "0", "credit": "", "camera": "", "caption": "",
                           "created_timestamp": "0", "copyright": "", "focal_length": "0",
                           "iso": "0", "shutter_speed": "0", "title": "", "orientation": "0",
                           "keywords": []}}, separators=(",", ":")))
with conn:
    conn.executemany("INSERT INTO posts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows())
    conn.executemany("INSERT INTO postmeta (post_id, key, value) VALUES (?,?,?)", meta())
conn.execute("ANALYZE")
# The files themselves, empty: the server's start-up check removes an attachment whose file is
# missing from its own data folder.
import os
uploads = os.path.join(os.path.dirname(db), "uploads", "2026", "12")
os.makedirs(uploads, exist_ok=True)
for i in range(1, n + 1):
    open(os.path.join(uploads, f"photo-{i}.jpg"), "wb").close()
PY
}

wait_up() { # BASE WHAT
  local i
  for i in $(seq 1 200); do curl -s -o /dev/null "$1/wp-json/" && return 0; sleep 0.1; done
  die "$2 did not start"
}

start_ours_mariadb() { # COUNT
  local i
  OURS_PIDS=()
  for ((i = 0; i < $1; i++)); do
    RUST_LOG=warn "$BIN" --addr "127.0.0.1:$((FIRST_PORT + i))" \
      --database "mysql://wp:wp@localhost/$WP_INSTANCE?socket=$SOCKET" \
      --uploads "/var/lib/wp-oracle/$WP_INSTANCE/wp-content/uploads" >"$WORK/ours-$i.log" 2>&1 &
    OURS_PIDS+=($!)
    wait_up "http://127.0.0.1:$((FIRST_PORT + i))" "wp-media-server $i (see $WORK/ours-$i.log)"
  done
}

stop_ours() { kill "${OURS_PIDS[@]}" "${SQLITE_PID:-}" 2>/dev/null || true; OURS_PIDS=(); SQLITE_PID=; }

start_balancer() { # COUNT
  local i servers=""
  for ((i = 0; i < $1; i++)); do servers+="server 127.0.0.1:$((FIRST_PORT + i)); "; done
  mkdir -p "$WORK/balancer"
  cat >"$WORK/balancer/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/balancer/nginx.pid;
error_log $WORK/balancer/error.log;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path $WORK/balancer/body;
  proxy_temp_path $WORK/balancer/proxy;
  fastcgi_temp_path $WORK/balancer/fastcgi;
  uwsgi_temp_path $WORK/balancer/uwsgi;
  scgi_temp_path $WORK/balancer/scgi;
  upstream media { $servers keepalive 64; }
  server {
    listen 127.0.0.1:$BALANCER_PORT;
    location / { proxy_pass http://media; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$http_host; }
  }
}
CONF
  /usr/sbin/nginx -c "$WORK/balancer/nginx.conf" -p "$WORK/balancer"
  wait_up "http://127.0.0.1:$BALANCER_PORT" "the balancer"
}

stop_balancer() { [[ -f $WORK/balancer/nginx.pid ]] && kill "$(cat "$WORK/balancer/nginx.pid")" 2>/dev/null; sleep 0.3; return 0; }

# Sequential requests with curl after one to warm up: 20, or as many as 30 s allow (3 at least);
# appends "latency\tSERVER\tREQUEST\tSIZE\tREQUESTS\tMEDIAN\tSLOWEST" to results.tsv. (wrk would
# count no request at all for a page slower than its run.)
measure_latency() { # SERVER REQUEST SIZE URL
  local server=$1 request=$2 size=$3 url=$4 start=$SECONDS code t times=()
  curl -s -o /dev/null --max-time 300 "$url"
  while ((${#times[@]} < 20)) && { ((${#times[@]} < 3)) || ((SECONDS - start < 30)); }; do
    read -r code t < <(curl -s -o /dev/null --max-time 300 -w '%{http_code} %{time_total}\n' "$url")
    [[ $code == 200 ]] || die "$server $request: $url answered $code"
    times+=("$t")
  done
  local sorted median slowest
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  median=$(awk '{a[NR] = $1} END {printf "%.1f ms", 1000 * a[int((NR + 1) / 2)]}' <<<"$sorted")
  slowest=$(awk 'END {printf "%.1f ms", 1000 * $1}' <<<"$sorted")
  printf 'latency\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$request" "$size" "${#times[@]}" "$median" "$slowest" >>"$OUT/results.tsv"
  log "latency $server $request at $size: median $median of ${#times[@]}"
}

# One wrk run; appends "throughput\tSERVER\tREQUEST\tSIZE\treq/s\tp50\tp99\terrors" to results.tsv.
measure() { # SECTION SERVER REQUEST SIZE CONNECTIONS BASE PATH
  local section=$1 server=$2 request=$3 size=$4 connections=$5 url=$6$7
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [[ $code == 200 ]] || die "$server $request: $url answered $code"
  local file=$OUT/$section-$server-$request-$size-c$connections.txt threads=$((connections < 2 ? 1 : 2))
  wrk -t"$threads" -c"$connections" -d2s --timeout 60s "$url" >/dev/null
  wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 60s --latency "$url" >"$file"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$file")
  p50=$(awk '$1 == "50%" {print $2}' "$file")
  p99=$(awk '$1 == "99%" {print $2}' "$file")
  errors=$(awk '/Socket errors|Non-2xx/ {sub(/^ +/, ""); printf "%s; ", $0}' "$file")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$server" "$request" "$size" "$rps" "$p50" "$p99" "$errors" >>"$OUT/results.tsv"
  log "$section $server $request at $size: $rps req/s, p50 $p50"
}

REQUESTS=(
  "list|/wp-json/wp/v2/media?per_page=10"
  "search|/wp-json/wp/v2/media?search=harbour&per_page=10"
  "title|/wp-json/wp/v2/media?orderby=title&order=asc&per_page=10"
)

latency_at() { # N
  local n=$1 entry request path
  for entry in "${REQUESTS[@]}"; do
    IFS='|' read -r request path <<<"$entry"
    measure_latency wordpress "$request" "$n" "http://127.0.0.1:$WP_PORT$path"
    measure_latency ours-mariadb "$request" "$n" "http://127.0.0.1:$FIRST_PORT$path"
    measure_latency ours-sqlite "$request" "$n" "http://127.0.0.1:$SQLITE_PORT$path"
  done
}

throughput_at() { # N
  local n=$1 count entry request path
  local paths=("list|/wp-json/wp/v2/media?per_page=10" "single|/wp-json/wp/v2/media/$((100 + n / 2))")
  for entry in "${paths[@]}"; do
    IFS='|' read -r request path <<<"$entry"
    measure throughput wordpress "$request" "$n" "$CONNECTIONS" "http://127.0.0.1:$WP_PORT" "$path"
    measure throughput ours-sqlite "$request" "$n" "$CONNECTIONS" "http://127.0.0.1:$SQLITE_PORT" "$path"
  done
  stop_ours
  for count in $INSTANCES; do
    start_ours_mariadb "$count"
    start_balancer "$count"
    for entry in "${paths[@]}"; do
      IFS='|' read -r request path <<<"$entry"
      measure throughput "ours-mariadb-x$count" "$request" "$n" "$CONNECTIONS" "http://127.0.0.1:$BALANCER_PORT" "$path"
    done
    stop_balancer
    stop_ours
  done
}

report() {
  {
    echo "# At scale ($(date -u +%F), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo))"
    echo
    echo "Latency: one request at a time with curl, after one to warm up (20, or as many as 30 s allow)."
    echo
    echo "| server | request | attachments | requests | median | slowest |"
    echo "|---|---|---|---|---|---|"
    awk -F'\t' '$1 == "latency" {printf "| %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7}' "$OUT/results.tsv"
    echo
    echo "Throughput: wrk -t2 -c$CONNECTIONS for ${DURATION} s after 2 s of warm-up, at $(awk '{print $1; exit}' <<<"$SIZES") attachments."
    echo
    echo "| server | request | requests/s | p50 | p99 | errors |"
    echo "|---|---|---|---|---|---|"
    awk -F'\t' '$1 == "throughput" {printf "| %s | %s | %s | %s | %s | %s |\n", $2, $3, $5, $6, $7, $8}' "$OUT/results.tsv"
  } >"$OUT/results.md"
  cat "$OUT/results.md"
}

main() {
  install_packages
  log "building wp-media-server (release)"
  cargo build -q --release -p wp-media-server
  BIN=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/wp-media-server
  rm -f "$OUT/results.tsv"
  OURS_PIDS=()
  trap 'stop_balancer; stop_ours; stop_wordpress' EXIT
  # start-wp.sh writes wp-config.php into the tree: a copy of its own keeps other instances of the
  # same tree (the fuzzer's) on their own database.
  [[ -f $WP_TREE/wp-includes/version.php ]] || die "no WordPress tree at $WP_TREE (see --help)"
  mkdir -p "$WORK/wp-tree"
  cp -a "$WP_TREE/." "$WORK/wp-tree/"
  rm -f "$WORK/wp-tree/wp-config.php"
  WP_TREE=$WORK/wp-tree
  start_wordpress
  local n first=1
  for n in $SIZES; do
    seed_mariadb "$n"
    seed_sqlite "$n"
    RUST_LOG=warn "$BIN" --data "$WORK/sqlite-data" --addr "127.0.0.1:$SQLITE_PORT" >"$WORK/ours-sqlite.log" 2>&1 &
    SQLITE_PID=$!
    wait_up "http://127.0.0.1:$SQLITE_PORT" "wp-media-server on SQLite"
    start_ours_mariadb 1
    latency_at "$n"
    ((first)) && throughput_at "$n"
    first=0
    stop_ours
  done
  report
}

main
