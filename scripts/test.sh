#!/usr/bin/env bash
# The project's one test command (README, CI): installs what the tests need, then runs every test.
# Any failure stops it with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
# Snapshots are never written by the test run: a changed output fails until reviewed.
INSTA_UPDATE=no cargo test --workspace
