#!/usr/bin/env bash
# The project's one test command (README, CI): installs what the tests need, then runs every test.
# Any failure, a fuzzing crash included, stops it with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."

# The differential tests ask WordPress's own PHP functions: php-cli, and a WordPress tree. Debian's
# `wordpress` package is unpacked, not installed, so no web server or database comes with it.
prepare_wordpress_oracle() {
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v php >/dev/null || ! php -m | grep -qi mbstring; then
    echo "== installing php-cli and php-mbstring"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends php-cli php-mbstring >/dev/null
  fi
  if [[ -z ${WP_PHP_ROOT:-} && ! -f /usr/share/wordpress/wp-includes/rest-api.php ]]; then
    local dir=target/wordpress-oracle
    if [[ ! -f $dir/usr/share/wordpress/wp-includes/rest-api.php ]]; then
      echo "== unpacking Debian's wordpress package into $dir"
      mkdir -p "$dir"
      (cd "$dir" && apt-get download wordpress >/dev/null 2>&1 || { apt-get update -qq && apt-get download wordpress >/dev/null; })
      dpkg-deb -x "$dir"/wordpress_*.deb "$dir"
    fi
    export WP_PHP_ROOT=$PWD/$dir/usr/share/wordpress
  fi
}

if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  prepare_wordpress_oracle
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
# Snapshots are never written by the test run: a changed output fails until reviewed.
INSTA_UPDATE=no cargo test --workspace
echo "== fuzzing: 30 s per target (scripts/fuzz.sh)"
./scripts/fuzz.sh 30
