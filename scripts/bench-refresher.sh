#!/usr/bin/env bash
# Refresher benchmark (issue 17): the day's refreshers for 10,000 learners x 14 modules.
#
# `cargo bench --bench refresher` (release) fills two real stores on disk, 1,000 and 10,000
# learners, each learner with about 10 questions of each of the 14 built-in modules in
# their review queue (FSRS states from the real scheduler; 70% of the learners keep up, so
# a few of their items are due, the others stopped some time in the past five months, so
# most of theirs are). Then, in a fresh process per store, for 2,000 random
# learners it times what opening the home screen costs for the refreshers: reading the
# learner's items (`Store::review_items`, on the worker, inside `LearnerData::load`) and
# building the day's queue (`Queue::build`, in the window's frame), alternating with the
# baseline `SELECT count(*) FROM review_items WHERE learner_id = ?` on the same store; and
# the worker's whole `LearnerData::load` beside them. It prints median and 99th percentile
# per learner, the ratio to the baseline's median, the share of a 60 Hz frame (16.7 ms),
# and the measuring process's peak RSS (flat between the two sizes means independent of
# the store).
#
# A benchmark, not a test: the machines are shared and noisy, so only the ratios within
# one run mean anything.
#
# Usage: scripts/bench-refresher.sh        Needs: a C toolchain (the release build).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential
echo "refresher bench, $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"\
  "$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
cargo bench --quiet --bench refresher | tee /dev/stderr | grep '^bench-refresher ' | awk '
function v(name,   i, kv) {
  for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] }
  return ""
}
BEGIN {
  print "\n| learners | per learner | median | p99 | median / baseline | p99 / frame (16.7 ms) | peak RSS |"
  print "|---|---|---|---|---|---|---|"
}
{
  n = v("learners"); base = v("baseline_median_ms")
  split("baseline read build both load", names, " ")
  labels["baseline"] = "baseline: `SELECT count(*)` of the items"
  labels["read"] = "read the items (`Store::review_items`)"
  labels["build"] = "build the queue (`Queue::build`)"
  labels["both"] = "read + build"
  labels["load"] = "the worker'"'"'s whole `LearnerData::load`"
  for (i = 1; i <= 5; i++) {
    k = names[i]; m = v(k "_median_ms"); p = v(k "_p99_ms")
    rss = (i == 1) ? sprintf("%.1f MiB", v("peak_rss_kib") / 1024) : ""
    printf "| %s | %s | %.3f ms | %.3f ms | %.1f | %.1f%% | %s |\n", n, labels[k], m, p, m / base, p / 16.667 * 100, rss
  }
}'
