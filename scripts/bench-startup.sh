#!/usr/bin/env bash
# Startup benchmark: time from process start to the first drawn frame, and idle memory,
# of `jaga` on its built-in course against a bare eframe window built with the same
# features (examples/bare_window.rs). Both run alternately under Xvfb, several times;
# the medians and the ratios are printed. A benchmark, not a test: the machines are
# shared and noisy, so only the ratio within one run means anything.
#
# Usage: scripts/bench-startup.sh [RUNS]      (default 9)
# Needs: xvfb (installed if missing), a release build (made if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential xvfb xauth
runs=${1:-9}
cargo build --release --quiet --bin jaga --example bare_window
jaga=target/release/jaga
bare=target/release/examples/bare_window
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure BINARY -> prints "MS KB": ms to first frame, idle RSS in KiB after 2 s.
measure() {
  local bin=$1 log=$work/log start pid ms=0 kb=0
  rm -f "$log"
  start=$(date +%s%3N)
  JAGA_BENCH_FIRST_FRAME=1 JAGA_DATA_DIR=$work/data "$bin" 2>"$log" &
  pid=$!
  for _ in $(seq 1 400); do
    grep -q first-frame-epoch-ms "$log" 2>/dev/null && break
    sleep 0.025
  done
  local frame
  frame=$(grep -o 'first-frame-epoch-ms=[0-9]*' "$log" | head -1 | cut -d= -f2)
  [ -n "$frame" ] && ms=$((frame - start))
  sleep 2
  kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  echo "$ms $kb"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

export -f measure
: > "$work/jaga.txt"; : > "$work/bare.txt"
xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
  work=$work
  $(declare -f measure)
  for i in \$(seq 1 $runs); do
    measure $bare >> $work/bare.txt
    measure $jaga >> $work/jaga.txt
  done
"
bare_ms=$(cut -d' ' -f1 "$work/bare.txt" | median)
jaga_ms=$(cut -d' ' -f1 "$work/jaga.txt" | median)
bare_kb=$(cut -d' ' -f2 "$work/bare.txt" | median)
jaga_kb=$(cut -d' ' -f2 "$work/jaga.txt" | median)
awk -v bm="$bare_ms" -v jm="$jaga_ms" -v bk="$bare_kb" -v jk="$jaga_kb" -v n="$runs" 'BEGIN {
  printf "startup benchmark, %d runs each, medians (alternating, under Xvfb)\n", n
  printf "  first frame: bare eframe %6.0f ms   jaga %6.0f ms   ratio %.2f (target <= 1.15)\n", bm, jm, jm / bm
  printf "  idle RSS:    bare eframe %6.1f MiB  jaga %6.1f MiB  ratio %.2f (target <= 1.30)\n", bk / 1024, jk / 1024, jk / bk
}'
