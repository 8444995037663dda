#!/usr/bin/env bash
# Records the REST routes two plugins add to a fresh WordPress into tests/fixtures/plugins/wp-X.Y/:
# the project's test plugin (tests/plugins/wp-schema-test-plugin) and, on 6.9, Simple History
# 5.26.0. The loop is the one a user runs on a site with plugins: pull every route, check them
# live, let check write the overlay, check again.
#
#   scripts/record-plugins.sh 6.9 /path/to/simple-history   # a checkout of bonny/WordPress-Simple-History at 5.26.0
#   scripts/record-plugins.sh 6.1                           # Debian's WordPress 6.1.9, the test plugin only
#
# The route documents kept are those the core folder schemas/wp-X.Y/ does not have: what the
# plugins add. Their overlay is written afresh by `wp-schema check --write-overlay`.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/record-plugins.sh 6.9 SIMPLE_HISTORY_DIR | 6.1}
start=../shared/wordpress/start-wp.sh
plugins=()
case $version in
  6.9)
    export WP_NAME=wp69 WP_PORT=8069 WP_DOCROOT=${WP_DOCROOT:-/tmp/wp69}; env_file=/tmp/wp-oracle-wp69.env
    plugins=(--simple-history "${2:?give the Simple History checkout}") ;;
  6.1) unset WP_NAME WP_PORT WP_DOCROOT; env_file=/tmp/wp-oracle.env ;;
  *) echo "unknown version $version (6.9 or 6.1)" >&2; exit 2 ;;
esac
out=tests/fixtures/plugins/wp-$version
mkdir -p target

echo "== resetting WordPress $version and installing the plugins (log: target/record-plugins-$version.log)"
bash "$start" --reset >target/record-plugins-start-wp.log 2>&1 || { tail -n 20 target/record-plugins-start-wp.log; exit 1; }
python3 scripts/seed-plugins.py "$env_file" "${plugins[@]}" >"target/record-plugins-$version.json" 2>"target/record-plugins-$version.log"
cargo build -q -p wp-schema-cli
# shellcheck disable=SC1090
source "$env_file"

pulled=target/record-plugins-pulled
rm -rf "$pulled"
target/debug/wp-schema pull "$BASE_URL" --all -o "$pulled" --user "$USER" --password "$APP_PASSWORD" 2>>"target/record-plugins-$version.log"
rm -rf "$out/schemas" "$out/recorded"
mkdir -p "$out/schemas"
for document in "$pulled"/*.json; do
  name=$(basename "$document")
  [[ -e schemas/wp-$version/$name ]] || cp "$document" "$out/schemas/$name"
done
# pull's routes.json names every route of the site; keep the entries of the documents kept.
python3 - "$pulled/routes.json" "$out/schemas" <<'PY'
import json, os, sys
overlay = json.load(open(sys.argv[1]))
kept = {name[:-5] for name in os.listdir(sys.argv[2])}
routes = overlay["overlay"]["routes"]
overlay["overlay"]["routes"] = {doc: route for doc, route in routes.items() if doc in kept}
with open(os.path.join(sys.argv[2], "routes.json"), "w") as out:
    json.dump(overlay, out, indent=2)
    out.write("\n")
PY
echo "== $(($(ls "$out/schemas" | wc -l) - 1)) route documents added by the plugins"

check() {
  target/debug/wp-schema check "$out/schemas" "$@" >"target/record-plugins-$version.report" \
    2>>"target/record-plugins-$version.log" || code=$?
  tail -n 1 "target/record-plugins-$version.report"
}
code=0
check --live "$BASE_URL" --user "$USER" --password "$APP_PASSWORD" --visitor \
  --save "$out/recorded" --write-overlay "$out/schemas/overlay.json"
((code <= 1)) || exit "$code"
code=0
check --responses "$out/recorded"
exit "$code"
