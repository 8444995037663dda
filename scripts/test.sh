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

# The live tests (wp-schema-cli/tests/pull_live.rs and loop_live.rs) pull, record and check every
# route of a running WordPress: Debian's 6.1.9 on MariaDB from Debian's packages, started by
# ../shared/wordpress/start-wp.sh (it installs what it needs). loop_live installs the project's test plugin with
# scripts/seed-plugins.py, which needs python3. A WordPress that does not start skips those tests,
# loudly; everything else still runs.
start_wordpress_for_live_pull() {
  local start=../shared/wordpress/start-wp.sh
  if [[ ! -f $start ]]; then
    echo "== no $start: the live tests will say SKIPPED"
    return
  fi
  if ! command -v python3 >/dev/null; then
    echo "== installing python3 (scripts/seed-plugins.py)"
    apt-get install -y -qq --no-install-recommends python3 >/dev/null \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 >/dev/null; }
  fi
  echo "== starting Debian's WordPress 6.1.9 for the live tests (log: target/start-wp.log)"
  mkdir -p target
  if bash "$start" >target/start-wp.log 2>&1; then
    export WP_SCHEMA_LIVE_ENV=/tmp/wp-oracle.env
    # wp-media-server/tests/shared_database.rs serves the same WordPress's own database and
    # uploads folder (start-wp.sh's defaults: instance wp61 under /var/lib/wp-oracle).
    export WP_MEDIA_SHARED_WP=/tmp/wp-oracle.env
    export WP_MEDIA_SHARED_DATABASE="mysql://wp:wp@localhost/wp61?socket=/var/lib/wp-oracle/run/mysqld.sock"
    export WP_MEDIA_SHARED_UPLOADS=/var/lib/wp-oracle/wp61/wp-content/uploads
  else
    echo "== WARNING: WordPress did not start; the live tests will say SKIPPED"
    tail -n 5 target/start-wp.log
  fi
}

# A one-off full run gains nothing from incremental caches, which were the larger half of the build
# on disk, nor from debug information: without line tables the test build took 1.4 GB instead of
# 3.9 GB (a CI machine once ran out of disk with them). Panic messages keep their file and line.
# A developer's own cargo commands keep both.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-0}
disk() { echo "== disk: $(df -h --output=avail . | tail -n 1 | tr -d ' ') free where the build goes"; }
disk

# libjpeg-turbo's SIMD code (mozjpeg-sys) is assembled by nasm; without it the build still works,
# on the plain C code, and the image tests and benchmarks run slower.
install_nasm() {
  command -v nasm >/dev/null && return
  echo "== installing nasm (libjpeg-turbo's SIMD)"
  apt-get install -y -qq --no-install-recommends nasm >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nasm >/dev/null; }
}

# nginx balances several servers on one WordPress database (wp-media-server/tests/many_instances.rs);
# it is started by the test on its own port, so apt must not start the packaged one.
install_nginx() {
  [[ -x /usr/sbin/nginx ]] && return
  echo "== installing nginx (the many-instances test's load balancer)"
  local made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
  fi
  apt-get install -y -qq --no-install-recommends nginx >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx >/dev/null; }
  ((made_policy)) && rm -f /usr/sbin/policy-rc.d
  return 0
}

# A real S3 server for the uploads in object storage (wp-media-server/tests/object_storage.rs):
# s3s-fs from crates.io, an S3 API over a folder, which survives the restarts the fault test
# makes. Each test starts its own on a port and folder of its own. 0.14.1 is the newest that
# builds on this Rust (1.95); the build takes about two minutes and is kept in target/tools.
install_seed_tools() {
  # scripts/seed-wordpress.py makes its pictures with ImageMagick and exiftool, and on 6.1.9 uses
  # the block theme twentytwentythree and the classic theme twentytwentyone: scripts/client-live.sh
  # seeds with it.
  local themes=/usr/share/wordpress/wp-content/themes
  command -v convert >/dev/null && command -v exiftool >/dev/null \
    && [[ -d $themes/twentytwentyone && -d $themes/twentytwentythree ]] && return
  echo "== installing imagemagick, exiftool and two themes (the live client test's seeding)"
  local packages=(imagemagick libimage-exiftool-perl
    wordpress-theme-twentytwentyone wordpress-theme-twentytwentythree)
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; }
}

install_s3_server() {
  local root=$PWD/target/tools
  if [[ ! -x $root/bin/s3s-fs ]]; then
    echo "== installing s3s-fs 0.14.1 (the object storage tests' S3 server)"
    CARGO_TARGET_DIR=$PWD/target/tools-build cargo install --quiet --locked \
      s3s-fs@0.14.1 --features binary --root "$root"
    rm -rf target/tools-build
  fi
  export WP_MEDIA_S3S_FS=$root/bin/s3s-fs
}
install_s3_server

if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  install_nasm
  install_nginx
  prepare_wordpress_oracle
  start_wordpress_for_live_pull
  install_seed_tools
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
disk
if [[ -n ${WP_SCHEMA_LIVE_ENV:-} ]]; then
  # Its own instance (wp61c), reset and seeded, so that the rest of the suite's live tests do
  # not change the site while its recorded requests are sent again.
  echo "== every GET route of a live, seeded WordPress 6.1.9 through the generated clients"
  bash scripts/client-live.sh 6.1
fi
echo "== cargo test"
# Snapshots are never written by the test run: a changed output fails until reviewed.
INSTA_UPDATE=no cargo test --workspace
disk
echo "== fuzzing: 30 s per target (scripts/fuzz.sh)"
./scripts/fuzz.sh 30
