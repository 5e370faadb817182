#!/usr/bin/env bash
# Organisation-scale benchmark (issue 15): time and peak memory of everything that reads or
# writes every result, on a large store, each beside a baseline run in the same script.
#
# 1. `jaga demo-data --attempts N` (release build; every attempt through the real engine and
#    store) fills a large data folder (default 1,000,000 attempts) and a small one (1,000),
#    once; BENCH_DATA=DIR keeps the large one between runs (made there when empty).
# 2. On each folder, RUNS times, alternating with its baseline, under GNU time (wall time
#    and peak RSS of the largest process):
#      bundle           `jaga bundle`             against `sqlite3 -json` of the four tables
#                                                 it carries, through `gzip -3`
#      import           `jaga import` of that     against `sqlite3` copying the same four
#                       bundle into an empty      tables into an empty file in one
#                       folder                    transaction (ATTACH … CREATE TABLE AS)
#      CSV export       `jaga export csv`         against `sqlite3 -csv` of one row per
#                                                 learner × module with an attempt
#      JSON export      `jaga export json`        against `sqlite3 -json` of the same query
#      XLSX export      `jaga export xlsx`        against `sqlite3 -csv` of the same query
#                                                 (sqlite3 writes no workbook)
#      xAPI export      `jaga export xapi`        against `sqlite3 -json` of every graded
#                                                 attempt joined with its responses
#    The baselines do less than Jaga (no course, no status, no checksum, no statements), so
#    each ratio is an upper bound on Jaga's own overhead. Peak memory is compared between
#    the two sizes: flat means independent of the data.
# 3. Store open: `jaga organisation` (opens the store, reads three settings), RUNS_OPEN
#    times alternately on the large and the small folder; the ratio of the medians.
# 4. Dashboard: `cargo bench --bench dashboard` on the two folders (median time from
#    unlocking the manager area in the real App to the drawn dashboard, and frame time while
#    scrolling). SKIP_DASHBOARD=1 leaves it out (it builds the bench in release).
# 5. LRS push: Learning Locker's statements service (`xapi-statements`, in memory, as in
#    tests/it/lrs.rs) on loopback; `jaga lrs configure` queues statements for a copy of the
#    small folder, then `jaga push` sends them: statements per second; then the same again
#    with a second small store (same seed, its own ids) into the same LRS, which shows how
#    the LRS's rate depends on what it already holds; CPU time of Jaga and of the LRS's
#    JavaScript thread beside each.
#
# Prints the table with each target met or not and writes it to docs/benchmarks.md
# between the `bench-scale` markers. A benchmark, not a test: the machine is shared and
# noisy, so only ratios within one run mean anything.
#
# Usage: scripts/bench-scale.sh [ATTEMPTS] [RUNS] [PARTS]    (defaults 1000000, 3, all)
#        PARTS: a comma-separated subset of files (bundle, import, the four exports), open,
#        dashboard, push; a subset only prints its rows (docs/benchmarks.md is written
#        only by a run of all of them). SMALL_ATTEMPTS (1000), RUNS_OPEN (15), BENCH_DATA,
#        SKIP_DASHBOARD (= leave out dashboard), NO_DOC=1 (print only, leave
#        docs/benchmarks.md alone), JAGA_BIN (a jaga binary to use instead of building the
#        release one; for trying the script out)
# Needs: sqlite3, GNU time, gzip, node and npm (installed if missing), a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential sqlite3 time gzip
need_tools node=nodejs npm=npm
attempts_large=${1:-1000000}
runs=${2:-3}
parts=${3:-files,open,dashboard,push}
[ -n "${SKIP_DASHBOARD:-}" ] && parts=${parts//dashboard/}
part() { [[ ",$parts," == *",$1,"* ]]; }
if [ "$parts" != files,open,dashboard,push ]; then
  NO_DOC=1
fi
attempts_small=${SMALL_ATTEMPTS:-1000}
runs_open=${RUNS_OPEN:-15}
repo=$(pwd)
target=$(realpath "${CARGO_TARGET_DIR:-target}")
if [ -n "${JAGA_BIN:-}" ]; then
  jaga=$(realpath "$JAGA_BIN")
else
  cargo build --release --quiet --bin jaga
  jaga=$target/release/jaga
fi
work=$(mktemp -d)
lrs_pid=
cleanup() {
  [ -n "$lrs_pid" ] && kill "$lrs_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
large=${BENCH_DATA:-$work/large}
small=$work/small
started=$(date +%s)

make_data() { # DIR ATTEMPTS
  if [ ! -s "$1/jaga.sqlite3" ]; then
    echo "making demo data: $2 attempts in $1 ..." >&2
    local start
    start=$(date +%s)
    "$jaga" --data "$1" demo-data --attempts "$2" --seed 1 >/dev/null
    echo "  made in $(( $(date +%s) - start )) s" >&2
  fi
}
make_data "$large" "$attempts_large"
make_data "$small" "$attempts_small"

count() { sqlite3 "$1/jaga.sqlite3" "$2"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
maximum() { sort -n | tail -1; }

# timed NAME CMD...: runs CMD under GNU time, appends "seconds kib user-cpu system-cpu" to
# $work/NAME; stops
# the script, showing what CMD said, when it fails.
timed() {
  local name=$1
  shift
  if ! /usr/bin/time -f "%e %M %U %S" -o "$work/time.out" "$@" >"$work/cmd.log" 2>&1; then
    echo "failed: $*" >&2
    cat "$work/cmd.log" >&2
    exit 1
  fi
  tail -1 "$work/time.out" >> "$work/$name"
}

cat > "$work/rows.sql" <<'SQL'
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
cat > "$work/tables.sql" <<'SQL'
SELECT * FROM learners;
SELECT * FROM attempts WHERE mode = 'graded';
SELECT * FROM responses;
SELECT * FROM scenario_steps;
SQL
cat > "$work/statements.sql" <<'SQL'
SELECT a.*, r.* FROM attempts a JOIN responses r ON r.attempt_id = a.id
WHERE a.mode = 'graded';
SQL

# One measurement of each operation on folder DIR, labelled SIZE (large/small).
measure_once() {
  local dir=$1 size=$2 db=$1/jaga.sqlite3 out=$work/out
  mkdir -p "$out"
  rm -f "$out"/*
  timed "$size.bundle.jaga" "$jaga" --data "$dir" bundle --out "$out/b.jsonl.gz"
  timed "$size.bundle.base" bash -c "sqlite3 -json '$db' < '$work/tables.sql' | gzip -3 > '$out/base.json.gz'"
  stat -c %s "$out/b.jsonl.gz" > "$work/$size.bundle.bytes"
  rm -rf "$work/imported" "$work/copy.sqlite3"
  timed "$size.import.jaga" "$jaga" --data "$work/imported" import "$out/b.jsonl.gz"
  timed "$size.import.base" sqlite3 "$work/copy.sqlite3" "ATTACH '$db' AS s; BEGIN;
    CREATE TABLE learners AS SELECT * FROM s.learners;
    CREATE TABLE attempts AS SELECT * FROM s.attempts WHERE mode = 'graded';
    CREATE TABLE responses AS SELECT * FROM s.responses;
    CREATE TABLE scenario_steps AS SELECT * FROM s.scenario_steps; COMMIT;"
  count "$work/imported" "SELECT count(*) FROM attempts" > "$work/$size.import.count"
  rm -rf "$work/imported" "$work/copy.sqlite3"
  local format
  for format in csv json xlsx xapi; do
    timed "$size.$format.jaga" "$jaga" --data "$dir" export --format "$format" --out "$out/r.$format"
    case $format in
      csv | xlsx) timed "$size.$format.base" bash -c "sqlite3 -csv -header '$db' < '$work/rows.sql' > '$out/base.$format'" ;;
      json) timed "$size.$format.base" bash -c "sqlite3 -json '$db' < '$work/rows.sql' > '$out/base.json'" ;;
      xapi) timed "$size.$format.base" bash -c "sqlite3 -json '$db' < '$work/statements.sql' > '$out/base.xapi'" ;;
    esac
    rm -f "$out"/r.* "$out"/base.*
  done
}

# Warm the page cache with one read of each store, then the measured runs.
cat "$large/jaga.sqlite3" "$small/jaga.sqlite3" > /dev/null
for size in small large; do
  part files || break
  dir=$small
  [ "$size" = large ] && dir=$large
  for round in $(seq 1 "$runs"); do
    echo "measuring the $size store, run $round of $runs ..." >&2
    measure_once "$dir" "$size"
  done
done

# Store open: alternately, the median of RUNS_OPEN.
# GNU time counts in hundredths; these take milliseconds, so the clock is read here.
open_ms() { # DIR NAME
  local start
  start=$(date +%s%N)
  "$jaga" --data "$1" organisation >/dev/null
  echo $(( ($(date +%s%N) - start) / 1000 )) | awk '{printf "%.1f\n", $1 / 1000}' >> "$work/$2"
}
part open || runs_open=0
for _ in $(seq 1 "$runs_open"); do
  open_ms "$large" open.large
  open_ms "$small" open.small
done

# Dashboard, in the real App, on copies (the bench sets a manager passphrase).
dashboard=
if part dashboard; then
  echo "dashboard bench (cargo bench --bench dashboard) ..." >&2
  cp -r "$small" "$work/dash-small"
  cp -r "$large" "$work/dash-large"
  dashboard=$(JAGA_BENCH_SMALL=$work/dash-small JAGA_BENCH_LARGE=$work/dash-large \
    cargo bench --quiet --bench dashboard 2>/dev/null | grep '^bench-dashboard ')
  rm -rf "$work/dash-small" "$work/dash-large"
fi

# LRS push to the in-memory statements service.
if part push; then
  lrs_dir=$target/tmp/npm/xapi-statements
  if [ ! -e "$lrs_dir/node_modules/xapi-statements/dist/server.js" ]; then
    mkdir -p "$lrs_dir"
    npm install --no-audit --no-fund --loglevel=error --prefix "$lrs_dir" xapi-statements@5.0.1 >/dev/null
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/lrs"
  (cd "$work/lrs" && EVENTS_REPO=test MODELS_REPO=memory STORAGE_REPO=memory AUTH_REPO=test \
    EXPRESS_PORT=$port exec node "$lrs_dir/node_modules/xapi-statements/dist/server.js" \
    >lrs.log 2>lrs.err) &
  lrs_pid=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/xAPI/about" >/dev/null 2>&1 && break
    sleep 0.1
  done
  export JAGA_LRS_KEY=bench-key JAGA_LRS_SECRET=bench-secret
  # CPU seconds the LRS has used (utime + stime, in clock ticks): the whole process, and
  # its main thread (the one JavaScript runs on; the others collect garbage).
  lrs_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$lrs_pid/stat"; }
  lrs_main() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$lrs_pid/task/$lrs_pid/stat"; }
  statements() { count "$1" "SELECT (SELECT count(*) FROM outbox $2) + (SELECT count(*) FROM refresher_outbox $2)"; }
  # Two pushes into the same LRS: a copy of the small store, then a second store made
  # like it (same seed, so the same statements but for their ids) while the LRS holds
  # the first one's: Jaga's work is the same both times, only what the LRS holds differs.
  for round in 1 2; do
    if [ "$round" = 1 ]; then
      cp -r "$small" "$work/pushed"
    else
      "$jaga" --data "$work/pushed" demo-data --attempts "$attempts_small" --seed 1 >/dev/null
    fi
    "$jaga" --data "$work/pushed" lrs configure --endpoint "http://127.0.0.1:$port/xAPI" >/dev/null
    queued=$(statements "$work/pushed" "")
    lrs_before=$(lrs_cpu)
    main_before=$(lrs_main)
    timed "push$round" "$jaga" --data "$work/pushed" push
    sent=$(statements "$work/pushed" "WHERE sent_at IS NOT NULL")
    echo "$sent $queued $(awk -v a="$(lrs_cpu)" -v b="$lrs_before" 'BEGIN {printf "%.2f", a - b}') $(awk -v a="$(lrs_main)" -v b="$main_before" 'BEGIN {printf "%.2f", a - b}')" >"$work/pushed$round"
    rm -rf "$work/pushed"
  done
  kill "$lrs_pid" 2>/dev/null; wait "$lrs_pid" 2>/dev/null || true
  lrs_pid=
fi

# The table.
secs() { cut -d' ' -f1 "$work/$1" | median; }
peak() { cut -d' ' -f2 "$work/$1" | maximum; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v <= t) ? "met" : "**not met**"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
n_large=$(count "$large" "SELECT count(*) FROM attempts")
n_small=$(count "$small" "SELECT count(*) FROM attempts")
learners_large=$(count "$large" "SELECT count(*) FROM learners")
store_mib=$(mib $(( $(stat -c %s "$large/jaga.sqlite3") / 1024 )))
table=$work/table.md
{
  echo "One run of \`scripts/bench-scale.sh $attempts_large $runs\`, $(date -u '+%-d %B %Y'), on $(nproc) cores of"
  echo "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo) ($(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM), shared;"
  echo "large store: $n_large attempts of $learners_large learners, $store_mib MiB; small store: $n_small attempts."
  echo "Measured: $parts."
  if part files; then
  echo "Bundle of the large store $(awk -v b="$(cat "$work/large.bundle.bytes")" 'BEGIN {printf "%.1f", b / 1048576}') MiB. Times are medians of $runs, peaks the largest of $runs."
  echo
  echo "| operation | jaga time | baseline time | ratio | jaga peak RSS (large) | jaga peak RSS (small) | baseline peak RSS | target (large) | |"
  echo "|---|---|---|---|---|---|---|---|---|"
  row() { # OP LABEL RSS_TARGET_MIB [TIME_RATIO_TARGET]
    local j b jl js bl r
    j=$(secs "large.$1.jaga"); b=$(secs "large.$1.base")
    jl=$(peak "large.$1.jaga"); js=$(peak "small.$1.jaga"); bl=$(peak "large.$1.base")
    r=$(ratio "$j" "$b")
    local target="peak ≤ $3 MiB" met
    met=$(verdict "$(mib "$jl")" "$3")
    if [ -n "${4:-}" ]; then
      target="$target, time ≤ $4×"
      [ "$(verdict "$r" "$4")" = met ] || met="**not met**"
    fi
    echo "| $2 | $j s | $b s | $r | $(mib "$jl") MiB | $(mib "$js") MiB | $(mib "$bl") MiB | $target | $met |"
  }
  row bundle "bundle (\`jaga bundle\`)" 128
  row import "import (\`jaga import\`, into an empty folder)" 128
  row csv "CSV export" 64 1.0
  row json "JSON export" 64
  row xapi "xAPI export" 64
  row xlsx "XLSX export" 128
  fi
  echo
  echo "| startup and delivery | large | small | ratio | target | |"
  echo "|---|---|---|---|---|---|"
  if part open; then
  open_l=$(median < "$work/open.large"); open_s=$(median < "$work/open.small")
  open_r=$(ratio "$open_l" "$open_s")
  echo "| store open (\`jaga organisation\`, median of $runs_open, process start to exit) | $open_l ms | $open_s ms | $open_r | ≤ 1.2× | $(verdict "$open_r" 1.2) |"
  fi
  if [ -n "$dashboard" ]; then
    ul=$(sed 's/.*unlock_large_ms=\([0-9.]*\).*/\1/' <<< "$dashboard")
    us=$(sed 's/.*unlock_small_ms=\([0-9.]*\).*/\1/' <<< "$dashboard")
    fl=$(sed 's/.*frame_large_ms=\([0-9.]*\).*/\1/' <<< "$dashboard")
    fs=$(sed 's/.*frame_small_ms=\([0-9.]*\).*/\1/' <<< "$dashboard")
    ur=$(ratio "$ul" "$us")
    echo "| dashboard: unlock to drawn (real App, median of 7) | $ul ms | $us ms | $ur | ≤ 2× | $(verdict "$ur" 2) |"
    echo "| dashboard: frame while scrolling (median of 120) | $fl ms | $fs ms | $(ratio "$fl" "$fs") | | |"
  else
    echo "| dashboard | not measured (not in PARTS) | | | ≤ 2× | |"
  fi
  if part push; then
  echo
  echo "LRS push (\`jaga push\` to Learning Locker's in-memory statements service on loopback;"
  echo "first a copy of the small store into the fresh LRS, then a second store made like it"
  echo "into the same LRS; the target is met when the first reaches 2,000/s):"
  echo
  echo "| push | statements sent | time | statements/s | CPU: jaga | CPU: the LRS (its JavaScript thread) | LRS thread per statement | target | |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for round in 1 2; do
    read -r sent queued lrs_s main_s <"$work/pushed$round"
    push_s=$(cut -d' ' -f1 "$work/push$round")
    rate=$(awk -v n="$sent" -v s="$push_s" 'BEGIN {printf "%.0f", (s > 0) ? n / s : 0}')
    jaga_s=$(awk '{printf "%.2f", $3 + $4}' "$work/push$round")
    per=$(awk -v c="$main_s" -v n="$sent" 'BEGIN {printf "%.2f", (n > 0) ? c * 1000 / n : 0}')
    if [ "$round" = 1 ]; then
      what="into the fresh LRS"
      goal="≥ 2,000/s"
      met=$(awk -v r="$rate" 'BEGIN {print (r >= 2000) ? "met" : "**not met**"}')
    else
      what="into the LRS holding the first"
      goal=""
      met=""
    fi
    echo "| $what | $sent of $queued | $push_s s | $rate | $jaga_s s | $lrs_s s ($main_s s) | $per ms | $goal | $met |"
  done
  fi
  echo
  echo "Whole script: $(( $(date +%s) - started )) s."
} > "$table"
cat "$table"

if [ -z "${NO_DOC:-}" ]; then
  doc=$repo/docs/benchmarks.md
  grep -q '<!-- bench-scale:start -->' "$doc" || printf '\n<!-- bench-scale:start -->\n<!-- bench-scale:end -->\n' >> "$doc"
  awk -v table="$table" '
    /<!-- bench-scale:start -->/ {print; while ((getline line < table) > 0) print line; skip = 1; next}
    /<!-- bench-scale:end -->/ {skip = 0}
    !skip {print}
  ' "$doc" > "$work/doc.md"
  cat "$work/doc.md" > "$doc"
  echo "written to docs/benchmarks.md" >&2
fi
