#!/usr/bin/env bash
# The project's one test command (README, CI): installs what the tests need, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
