#!/usr/bin/env bash
# Export benchmark: how long `jaga export --format csv` takes on about a million attempts,
# against `sqlite3 -csv` dumping comparable rows straight from the same database.
#
# 1. `jaga demo-data` (release build) fills a fresh data folder: LEARNERS learners, each
#    taking most of the nine built-in modules once to three times, every attempt through
#    the real engine and store (92,000 learners make about 1,000,000 attempts; about 10.9
#    per learner).
# 2. Alternately, RUNS times each: `jaga export --format csv` of every row, and `sqlite3
#    -csv` running the baseline query below. Prints the medians, the ratio, the rows and
#    bytes of each, and the peak memory of one run of each.
#
# The baseline query yields one row per learner × module that has a graded attempt, with
# the columns of the export that SQL can compute from the two tables: employee ID, name,
# department, module id, the revision, language and score of the attempt that counts (the
# latest pass, else the latest attempt; the same rule as the export), first start, latest
# pass, passed, number of attempts, time spent. It does NOT compute what needs the course
# or the time: rows for modules a learner has not started (the export has every learner ×
# module), module titles, status (validity, warning periods, due dates, open attempts),
# valid_until, due dates; nor the formula neutralisation of text cells. So it does less
# than the export, and the ratio is an upper bound on the export's overhead.
#
# A benchmark, not a test: the machines are shared and noisy, so only the ratio within one
# run means anything. Reuse a filled folder with BENCH_DATA=DIR (it is made there when
# empty and kept); otherwise a temporary folder is made and removed at the end.
#
# Usage: scripts/bench-export.sh [LEARNERS] [RUNS]     (defaults 92000 and 5)
# Needs: sqlite3 and GNU time (installed if missing), a release build (made if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential sqlite3 time
learners=${1:-92000}
runs=${2:-5}
cargo build --release --quiet --bin jaga
jaga=$(realpath "${CARGO_TARGET_DIR:-target}")/release/jaga
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=${BENCH_DATA:-$work/data}
db=$data/jaga.sqlite3

if [ ! -s "$db" ]; then
  echo "making demo data: $learners learners ..." >&2
  start=$(date +%s%N)
  "$jaga" --data "$data" demo-data --learners "$learners" --seed 1
  echo "demo data made in $(( ($(date +%s%N) - start) / 1000000000 )) s" >&2
fi
attempts=$(sqlite3 "$db" "SELECT count(*) FROM attempts WHERE mode = 'graded'")
people=$(sqlite3 "$db" "SELECT count(*) FROM learners")

cat > "$work/baseline.sql" <<'SQL'
WITH graded AS (
  SELECT * FROM attempts WHERE mode = 'graded'
),
per_pair AS (
  SELECT learner_id, module_id,
         min(started_at) AS first_started,
         max(CASE WHEN passed = 1 THEN finished_at END) AS completed,
         max(passed) AS passed,
         count(*) AS attempts,
         sum(duration_ms) / 1000 AS time_spent_seconds
  FROM graded
  GROUP BY learner_id, module_id
),
counting AS (
  SELECT learner_id, module_id, revision, language,
         round(CASE WHEN score_max > 0 THEN score_raw * 100.0 / score_max ELSE 0 END, 1)
           AS score_percent,
         row_number() OVER (PARTITION BY learner_id, module_id
                            ORDER BY passed DESC, finished_at DESC) AS rank
  FROM graded
)
SELECT l.employee_id, l.display_name AS name, l.department, p.module_id,
       c.revision AS content_revision, c.language, p.first_started, p.completed,
       c.score_percent, CASE p.passed WHEN 1 THEN 'true' ELSE 'false' END AS passed,
       p.attempts, p.time_spent_seconds
FROM per_pair p
JOIN learners l ON l.id = p.learner_id
JOIN counting c ON c.learner_id = p.learner_id AND c.module_id = p.module_id AND c.rank = 1
ORDER BY l.display_name COLLATE NOCASE, l.employee_id, p.module_id;
SQL

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
run_jaga() { "$jaga" --data "$data" export --format csv --out "$work/jaga.csv" >/dev/null 2>"$work/jaga.log"; }
run_sqlite() { sqlite3 -csv -header "$db" < "$work/baseline.sql" > "$work/sqlite.csv"; }

# One untimed run of each warms the page cache, then peak memory, then the timed runs.
run_jaga; run_sqlite
jaga_kb=$(/usr/bin/time -f %M "$jaga" --data "$data" export --format csv --out "$work/jaga.csv" 2>&1 >/dev/null | tail -1)
sqlite_kb=$( { /usr/bin/time -f %M sqlite3 -csv -header "$db" < "$work/baseline.sql" > "$work/sqlite.csv"; } 2>&1 | tail -1)
: > "$work/jaga.txt"; : > "$work/sqlite.txt"
for _ in $(seq 1 "$runs"); do
  start=$(date +%s%N); run_jaga; ms_since "$start" >> "$work/jaga.txt"
  start=$(date +%s%N); run_sqlite; ms_since "$start" >> "$work/sqlite.txt"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
jaga_ms=$(median < "$work/jaga.txt")
sqlite_ms=$(median < "$work/sqlite.txt")
jaga_rows=$(( $(wc -l < "$work/jaga.csv") - 1 ))
sqlite_rows=$(( $(wc -l < "$work/sqlite.csv") - 1 ))
jaga_attempted=$(awk -F, 'NR > 1 && $13 + 0 > 0' "$work/jaga.csv" | wc -l)
awk -v jm="$jaga_ms" -v sm="$sqlite_ms" -v n="$runs" -v a="$attempts" -v p="$people" \
    -v jr="$jaga_rows" -v sr="$sqlite_rows" -v ja="$jaga_attempted" \
    -v jb="$(stat -c %s "$work/jaga.csv")" -v sb="$(stat -c %s "$work/sqlite.csv")" \
    -v jk="$jaga_kb" -v sk="$sqlite_kb" -v dbb="$(stat -c %s "$db")" 'BEGIN {
  printf "export benchmark: %d learners, %d graded attempts, store %.0f MiB; %d runs each, medians\n", p, a, dbb / 1048576, n
  printf "  jaga export --format csv: %7.0f ms  %8d rows (%d with attempts)  %6.1f MiB  peak RSS %6.0f MiB\n", jm, jr, ja, jb / 1048576, jk / 1024
  printf "  sqlite3 -csv baseline:    %7.0f ms  %8d rows                       %6.1f MiB  peak RSS %6.0f MiB\n", sm, sr, sb / 1048576, sk / 1024
  printf "  ratio jaga / sqlite3: %.2f\n", jm / sm
}'
echo "jaga's own report: $(head -1 "$work/jaga.log")"
