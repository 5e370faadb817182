#!/usr/bin/env bash
# Runs each fuzz target in fuzz/ (cargo-fuzz, libFuzzer) for a time budget, one after the
# other, from a seed corpus of the project's own fixtures. Not part of `cargo test` or CI:
# run it by hand, and write the figures it prints into docs/fuzzing.md.
#
#   bash scripts/fuzz.sh                     every target, 10 minutes each
#   FUZZ_SECONDS=60 bash scripts/fuzz.sh     one minute each
#   bash scripts/fuzz.sh gift_import ...     only the targets named
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and cargo-fuzz (installed
# here with `cargo install cargo-fuzz --locked` when missing). The seed corpus is copied
# into fuzz/corpus/<target>/ (not committed; what libFuzzer adds stays there for the next
# run); a crash is saved in fuzz/artifacts/<target>/, and each run's log is in
# fuzz/logs/<target>.log. Set JAGA_SHARED to the shared folder holding reference/ (the
# Moodle GIFT examples) when it is not beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential

seconds="${FUZZ_SECONDS:-600}"
shared="${JAGA_SHARED:-$(pwd)/../shared}"
all=(content_module bundle_import gift_import lrs_response settings_files)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

# libFuzzer's findings are panics, integer overflow (debug assertions on), running out of
# memory and hanging; the code forbids `unsafe`, so AddressSanitizer would add little but
# time.
flags=(--sanitizer none --debug-assertions)

seed() { # seed TARGET FILE...: copies the files that exist into the target's corpus
  local dir="fuzz/corpus/$1"
  shift
  mkdir -p "$dir"
  local f
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/seed-$(sha256sum "$f" | cut -c1-16)"
  done
  return 0
}

seed_bundles() {
  seed bundle_import tests/fixtures/bundles/*
  # A version 2 bundle as the target takes it: its JSON lines, uncompressed (the target
  # compresses what it is given). Made with the jaga binary (the build `cargo test` also
  # uses) from a few made-up results.
  local tmp
  tmp="$(mktemp -d)"
  if cargo run --quiet -- demo-data --data "$tmp/data" --attempts 3 >/dev/null 2>&1 &&
    cargo run --quiet -- bundle --data "$tmp/data" --out "$tmp/b.jsonl.gz" >/dev/null 2>&1; then
    gzip -dc "$tmp/b.jsonl.gz" >"$tmp/version-2.jsonl"
    seed bundle_import "$tmp/version-2.jsonl"
  else
    echo "fuzz: could not make a version 2 bundle to seed bundle_import; going on without" >&2
  fi
  rm -rf "$tmp"
}

seed_lrs() { # a head byte (statements queued, batch size), then per answer: status
  # selector (an index into the target's STATUSES: 0 = 200, 1 = 204, 2 = 400, 3 = 409,
  # 9 = 301, 15 = 500), body length, body, and a byte whose low bit adds a Location
  local dir="fuzz/corpus/lrs_response" tmp
  mkdir -p "$dir"
  tmp="$(mktemp -d)"
  printf '\x0b\x00\x02$*\x00\x00\x02$*\x00' >"$tmp/accepted"         # 4 in 2 batches
  printf '\x00\x00\x02[]\x00\x00\x00\x00' >"$tmp/proxy-empty"         # 200 [], GET 200 ""
  printf '\x00\x01\x00\x00\x00\x0b{"id":"$0"}\x00' >"$tmp/duplicate"  # 204, GET has it
  printf '\x09\x02\x00\x00\x00\x06["$0"]\x00\x03\x00\x00' >"$tmp/split-refused"
  printf '\x00\x09\x00\x01' >"$tmp/redirect"
  printf '\x00\x0f\x0bServer down\x00' >"$tmp/unavailable"
  printf '\x00\x00\x06<html>\x00' >"$tmp/login-page"
  for f in "$tmp"/*; do cp "$f" "$dir/seed-$(basename "$f")"; done
  rm -rf "$tmp"
}

seed_settings() {
  local dir="fuzz/corpus/settings_files"
  mkdir -p "$dir"
  printf '{"key":"jaga-key","secret":"s3cret"}\x00https://lrs.example.org/xapi\x001\x00https://example.org\x00https://example.org/jaga\x0030\x0015\x001\x00PT Contoh\x00Sari Wulandari\x00DPO' \
    >"$dir/seed-configured"
  printf '{"key":"a:b","secret":""}\x00http://lrs.example.org/xapi\x001' >"$dir/seed-refused"
  printf '\x00https://u:p@lrs.example.org/x?y=1\x001\x00not a url\x00\x00-3\x00999999999999999999999' \
    >"$dir/seed-odd"
}

for target in "${targets[@]}"; do
  case "$target" in
  content_module) seed content_module content/*.ron docs/template-module.ron tests/fixtures/*/*.ron tests/fixtures/*/*/*.ron ;;
  bundle_import) seed_bundles ;;
  gift_import) seed gift_import tests/fixtures/gift/* "$shared"/reference/moodle-gift/*.txt "$shared"/reference/gift-peer/cases/* ;;
  lrs_response) seed_lrs ;;
  settings_files) seed_settings ;;
  *) echo "fuzz: no target $target (targets: ${all[*]})" >&2; exit 2 ;;
  esac
done

mkdir -p fuzz/logs
failed=()
for target in "${targets[@]}"; do
  log="fuzz/logs/$target.log"
  echo "fuzz: $target for ${seconds}s (log: $log)" >&2
  if (cd fuzz && cargo +nightly fuzz run "${flags[@]}" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=262144 \
    -print_final_stats=1) >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$target")
  fi
  # The last status line (#runs cov ft corp) and libFuzzer's final counts.
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' || true)"
  corpus="$(find "fuzz/corpus/$target" -type f | wc -l)"
  echo "fuzz: $target $status: ${execs:-?} executions in ${seconds}s; $last; corpus $corpus files" >&2
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}: see fuzz/artifacts/ and fuzz/logs/" >&2
  exit 1
fi
