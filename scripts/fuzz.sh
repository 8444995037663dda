#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 30, as CI does; RELIABILITY.md gives the
# long run). Installs cargo-fuzz when missing; on this stable toolchain the sanitizer flags need
# RUSTC_BOOTSTRAP=1. Corpora start from the project's own sample files and live in
# target/fuzz-corpus/. A crash fails the script, and its input is left in fuzz/artifacts/TARGET/.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-30}
shift || true
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=(validator params file_names multipart images)
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

seed() { # TARGET
  local dir=$ROOT/target/fuzz-corpus/$1
  mkdir -p "$dir"
  case $1 in
    images) # tiny pictures of every format and variant, and real photos for their EXIF and IPTC
      cp "$ROOT"/fuzz/seeds/images/* "$dir"/
      cp "$ROOT"/wp-media-server/conformance/files/{iptc,rotated,transposed}.jpg "$dir"/
      ;;
    validator)
      printf '{"type":"integer","minimum":1}\n"5"' >"$dir/int"
      printf '{"type":"array","items":{"type":"string","enum":["a","b"]},"uniqueItems":true}\n"a,b"' >"$dir/array"
      printf '{"type":["string","null"],"format":"date-time"}\n"2024-01-02T03:04:05Z"' >"$dir/date"
      printf '{"type":"object","properties":{"raw":{"type":"string","context":["edit"]}},"additionalProperties":false}\n{"raw":"x","y":1}' >"$dir/object"
      ;;
    params)
      printf '\000per_page=5&include=1,2&media_type=image&search=sky\n' >"$dir/list"
      printf '\001\n{"title":"a","post":1,"date":"2024-01-02T03:04:05"}' >"$dir/json"
      printf '\002status=publish\nalt_text=x&caption%%5Braw%%5D=y' >"$dir/form"
      ;;
    file_names)
      printf 'attachment; filename="../a b.php.jpg"\000\377\330\377' >"$dir/jpeg"
      printf 'attachment; filename=x.png\000\211PNG\r\n\032\n' >"$dir/png"
      ;;
    multipart)
      printf 'XB\000--XB\r\nContent-Disposition: form-data; name="title"\r\n\r\nSky\r\n--XB\r\nContent-Disposition: form-data; name="caption[raw]"\r\n\r\nc\r\n--XB\r\nContent-Disposition: form-data; name="file"; filename="../sky.png"\r\nContent-Type: image/png\r\n\r\n\211PNG\r\n\032\n\r\n--XB--\r\n' >"$dir/upload"
      ;;
  esac
}

for target in "${TARGETS[@]}"; do
  seed "$target"
  echo "== fuzzing $target for ${SECONDS_PER_TARGET}s"
  log=$ROOT/target/fuzz-corpus/$target.log
  # With pipefail a crash fails the pipeline, so its status is read where the failure is caught:
  # after `|| true`, PIPESTATUS would be `true`'s and a crash would pass unseen.
  fuzz_status=0
  cargo fuzz run --fuzz-dir fuzz "$target" "$ROOT/target/fuzz-corpus/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -print_final_stats=1 2>&1 |
    tee "$log" | grep -E '^(#[0-9]+ +DONE|==[0-9]+==|SUMMARY|thread .* panicked)' ||
    fuzz_status=${PIPESTATUS[0]}
  if [[ $fuzz_status != 0 ]]; then
    echo "fuzz target $target failed: see $log and fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  echo "   $target: ${runs:-?} executions, no crash"
done
