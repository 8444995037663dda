#!/usr/bin/env bash
# Records every GET route of a fresh, seeded WordPress into tests/fixtures/wp-X.Y/recorded/: under
# the block theme and under the classic theme, as admin and as a visitor, in every context each
# route allows. The recordings are what tests/tests/recorded_sites.rs holds the generated types to.
#
#   scripts/record-responses.sh 6.9     # WordPress 6.9.7 from /tmp/wp69 (see ../shared/wordpress/README.md)
#   scripts/record-responses.sh 6.1     # Debian's WordPress 6.1.9
#
# It resets the instance (start-wp.sh --reset: ids depend on earlier state), seeds it with
# scripts/seed-wordpress.py, and records with `wp-schema check --live --save`. Nothing of the
# instance's passwords goes into the recordings; the site's address becomes {{site_url}}.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/record-responses.sh 6.9|6.1}
start=../shared/wordpress/start-wp.sh
case $version in
  6.9) export WP_NAME=wp69 WP_PORT=8069 WP_DOCROOT=${WP_DOCROOT:-/tmp/wp69}; env_file=/tmp/wp-oracle-wp69.env ;;
  6.1) unset WP_NAME WP_PORT WP_DOCROOT; env_file=/tmp/wp-oracle.env ;;
  *) echo "unknown version $version (6.9 or 6.1)" >&2; exit 2 ;;
esac
out=tests/fixtures/wp-$version/recorded
mkdir -p target

echo "== resetting WordPress $version"
bash "$start" --reset >target/record-start-wp.log 2>&1 || { tail -n 20 target/record-start-wp.log; exit 1; }
echo "== seeding (log: target/record-seed-$version.log)"
python3 scripts/seed-wordpress.py "$env_file" >"target/record-seed-$version.json" 2>"target/record-seed-$version.log"
cargo build -q -p wp-schema-cli
# shellcheck disable=SC1090
source "$env_file"

record() {
  local theme=$1
  echo "== recording under the $theme theme into $out/$theme-theme (log: target/record-$version-$theme.log)"
  python3 scripts/seed-wordpress.py "$env_file" --theme "$theme" --only-theme >>"target/record-seed-$version.log" 2>&1
  # Exit 1 only says that some items do not hold: the recording is what this script is for.
  local code=0
  target/debug/wp-schema check "schemas/wp-$version" --live "$BASE_URL" --user "$USER" \
    --password "$APP_PASSWORD" --visitor --save "$out/$theme-theme" \
    >"target/record-$version-$theme.report" 2>"target/record-$version-$theme.log" || code=$?
  if ((code > 1)); then tail -n 5 "target/record-$version-$theme.log"; exit "$code"; fi
  tail -n 1 "target/record-$version-$theme.report"
}
record block
record classic
