#!/usr/bin/env bash
# Sends every GET route of a live, freshly seeded WordPress through the generated clients: the
# core's (tests/tests/whole_core.rs) and the plugins' (tests/tests/plugins.rs). The site is reset,
# seeded as scripts/record-responses.sh and scripts/record-plugins.sh seed it, recorded with
# `wp-schema check --live --save` (which finds every route's paths and ids), and the tests send
# each recorded request again through the client, to the site, and read the answer into its type.
#
#   scripts/client-live.sh 6.9 SIMPLE_HISTORY_DIR   # WordPress 6.9.7 from /tmp/wp69, instance wp69c on port 8070
#   scripts/client-live.sh 6.1                      # Debian's WordPress 6.1.9, instance wp61c on port 8071
#
# Then it sets the site's permalinks to plain, to an `index.php` structure and back to pretty, and
# discovers the REST root under each (wp-schema-client/tests/http.rs).
#
# SIMPLE_HISTORY_DIR is a checkout of bonny/WordPress-Simple-History at 5.26.0 (see
# scripts/seed-plugins.py). Recordings and logs go to target/client-live/.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/client-live.sh 6.9 SIMPLE_HISTORY_DIR | 6.1}
start=../shared/wordpress/start-wp.sh
plugins=()
case $version in
  6.9) export WP_NAME=wp69c WP_PORT=8070; tree=${WP_DOCROOT:-/tmp/wp69}
       plugins=(--simple-history "${2:?give the Simple History checkout}") ;;
  6.1) export WP_NAME=wp61c WP_PORT=8071; tree=/usr/share/wordpress ;;
  *) echo "unknown version $version (6.9 or 6.1)" >&2; exit 2 ;;
esac
env_file=/tmp/wp-oracle-$WP_NAME.env
out=$PWD/target/client-live/$version
rm -rf "$out" && mkdir -p "$out"

# A copy of the WordPress tree for this instance alone: start-wp.sh keeps an instance's
# configuration in its tree (Debian's in /etc/wordpress, one per host name), so a second
# instance on the same tree would take over the first's database, the one the rest of the
# suite's live tests use. Without its wp-config.php, the copy gets a configuration of its own.
# -L: Debian's tree links files of other packages (getID3, the CA bundle) by relative paths.
cp -aL "$tree" "$out/wordpress"
rm -f "$out/wordpress/wp-config.php"
export WP_DOCROOT=$out/wordpress
# The instance's themes folder links to its tree's, and scripts/seed-wordpress.py finds the tree
# (for php-cli) through that link: it must lead to the copy, not to a tree an earlier run used.
rm -f "${WP_DATA:-/var/lib/wp-oracle}/$WP_NAME/wp-content/themes"

echo "== resetting and seeding WordPress $version ($WP_NAME; log: $out/seed.log)"
# A server left by an earlier run serves the tree that run copied; this run starts its own.
bash "$(dirname "$start")/stop-wp.sh" "$WP_NAME" >"$out/stop-wp.log" 2>&1
bash "$start" --reset >"$out/start-wp.log" 2>&1 || { tail -n 20 "$out/start-wp.log"; exit 1; }
python3 scripts/seed-wordpress.py "$env_file" >"$out/seed.json" 2>"$out/seed.log"
python3 scripts/seed-plugins.py "$env_file" "${plugins[@]}" >"$out/seed-plugins.json" 2>>"$out/seed.log"
cargo build -q -p wp-schema-cli
# shellcheck disable=SC1090
source "$env_file"

record() {
  local documents=$1 save=$2 code=0
  target/debug/wp-schema check "$documents" --live "$BASE_URL" --user "$USER" \
    --password "$APP_PASSWORD" --visitor --save "$save" >"$save.report" 2>"$save.log" || code=$?
  # 1 only says some items do not hold; the recording is what is needed here.
  if ((code > 1)); then tail -n 5 "$save.log"; exit "$code"; fi
  echo "   $(tail -n 1 "$save.report")"
}
echo "== recording the core's routes and the plugins' routes"
record "schemas/wp-$version" "$out/core"
record "tests/fixtures/plugins/wp-$version/schemas" "$out/plugins"

echo "== sending them again through the generated clients"
export WP_SCHEMA_LIVE_ENV=$env_file WP_SCHEMA_LIVE_RECORDED=$out/core WP_SCHEMA_LIVE_PLUGINS_RECORDED=$out/plugins
cargo test -q --workspace --test whole_core --test plugins live_site -- --nocapture

echo "== discovery under plain, index.php and pretty permalinks"
sql() { mariadb --socket=/var/lib/wp-oracle/run/mysqld.sock -uroot "$WP_NAME" -e "$1"; }
for structure in '' '/index.php/%postname%/' '/%postname%/'; do
  # As the Permalinks screen saves it: the structure, and the rewrite rules made again.
  sql "UPDATE wp_options SET option_value = '$structure' WHERE option_name = 'permalink_structure';
       UPDATE wp_options SET option_value = '' WHERE option_name = 'rewrite_rules';"
  WP_SCHEMA_LIVE_PERMALINKS=$structure cargo test -q --workspace --test http live_discovery
done
