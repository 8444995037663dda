#!/usr/bin/env bash
# The MySQL driver for speed under load: the server's two commonest reads of wp_posts (a post by
# id, and a page of the media list as WordPress asks for it) through the `mysql` crate the server
# uses, `mysql_async` and `sqlx`, at 1, 8 and 32 concurrent queries (bench-drivers/).
#
# It uses the MariaDB of ../shared/wordpress/start-wp.sh (started if /tmp/wp-oracle.env is
# missing), makes a scratch database `driverbench` holding a wp_posts like WordPress's (the
# schema of wp61.wp_posts) with 10,000 attachments, builds bench-drivers in release and runs it
# RUNS times, printing each run's Markdown table; the tables also go to
# target/bench-drivers/run-N.md.
#
# Usage: scripts/bench-drivers.sh [--runs N] [--duration SECONDS] [--warmup SECONDS]
#                                 [-- MORE FLAGS FOR bench-drivers]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

RUNS=3
DURATION=5
WARMUP=1
EXTRA=()
while (($#)); do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

OUT=$ROOT/target/bench-drivers
SOCKET=/var/lib/wp-oracle/run/mysqld.sock
ROWS=10000
mkdir -p "$OUT"
log() { echo "[bench-drivers] $*" >&2; }
die() { log "error: $*"; exit 1; }
SQL() { mariadb --socket="$SOCKET" -uroot -e "$1"; }

if [[ ! -f /tmp/wp-oracle.env ]]; then
  log "starting WordPress's MariaDB (start-wp.sh; a minute or two)"
  bash "$ROOT/../shared/wordpress/start-wp.sh" >&2
fi
SQL "SELECT 1" >/dev/null || die "no MariaDB on $SOCKET (see ../shared/wordpress/start-wp.sh)"

# Attachments as WordPress keeps them (as bench-scale.sh seeds them): post i, titled
# "Photo i WORD", one every 37 seconds from 2020. The sequence engine's seq_1_to_N is a table of
# the current database: hence the USE.
log "seeding $ROWS attachments into driverbench.wp_posts"
WORDS="'sunset','harbour','forest','market','bridge','garden','river','tower','beach','valley'"
SITE=http://127.0.0.1:8061
SQL "DROP DATABASE IF EXISTS driverbench;
  CREATE DATABASE driverbench DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
  USE driverbench;
  CREATE TABLE wp_posts LIKE wp61.wp_posts;
  INSERT INTO wp_posts (ID, post_author, post_date, post_date_gmt, post_content,
      post_title, post_excerpt, post_status, comment_status, ping_status, post_name, to_ping,
      pinged, post_modified, post_modified_gmt, post_content_filtered, post_parent, guid,
      post_type, post_mime_type)
    SELECT seq, 1, DATE_ADD('2020-01-01', INTERVAL seq * 37 SECOND),
      DATE_ADD('2020-01-01', INTERVAL seq * 37 SECOND), '',
      CONCAT('Photo ', seq, ' ', ELT(1 + seq % 10, $WORDS)), '', 'inherit', 'open', 'closed',
      CONCAT('photo-', seq), '', '', DATE_ADD('2020-01-01', INTERVAL seq * 37 SECOND),
      DATE_ADD('2020-01-01', INTERVAL seq * 37 SECOND), '', 0,
      CONCAT('$SITE/wp-content/uploads/2026/12/photo-', seq, '.jpg'), 'attachment', 'image/jpeg'
    FROM seq_1_to_$ROWS;
  ANALYZE TABLE wp_posts;
  CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp';
  GRANT ALL PRIVILEGES ON driverbench.* TO 'wp'@'localhost';" >/dev/null

log "building bench-drivers (release)"
export CARGO_TARGET_DIR=$ROOT/target/bench-drivers
cargo build -q --release --manifest-path bench-drivers/Cargo.toml
BIN=$CARGO_TARGET_DIR/release/bench-drivers

for ((run = 1; run <= RUNS; run++)); do
  log "run $run of $RUNS"
  echo "## Run $run"
  echo
  "$BIN" --socket "$SOCKET" --rows "$ROWS" --duration "$DURATION" --warmup "$WARMUP" \
    ${EXTRA[@]+"${EXTRA[@]}"} | tee "$OUT/run-$run.md"
  echo
done
