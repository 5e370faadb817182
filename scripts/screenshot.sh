#!/usr/bin/env bash
# Runs the release binary under Xvfb, drives it like a learner (xdotool) and saves PNG
# screenshots of a few screens to docs/screenshots/. The README shows them.
#
# Usage: scripts/screenshot.sh [OUT_DIR]
# The learner's screens are reached by keyboard alone (Tab, Enter, typing), as a keyboard
# user would; the manager's and author's by clicks at the positions of Jaga's default
# 1024x720 window. After a layout change, check the pictures.
# JAGA_SCREENSHOT_PROFILE=debug uses the debug build (quicker to make; same pictures).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential xvfb xauth xdotool imagemagick sqlite3
out=${1:-docs/screenshots}
mkdir -p "$out"
profile=${JAGA_SCREENSHOT_PROFILE:-release}
if [ "$profile" = release ]; then
  cargo build --release --quiet --bin jaga
else
  cargo build --quiet --bin jaga
fi
bin=$PWD/target/$profile/jaga
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run of the window on the data folder $work/$1: the commands in $2 drive it.
learner() {
  xvfb-run -a -s "-screen 0 1024x720x24" bash -s "$bin" "$work/$1" "$out" <<DRIVE
set -euo pipefail
jaga=\$1 data=\$2 out=\$3
# Close the window (SIGTERM: it saves and exits), and make sure it is gone.
stop() { kill "\$1" 2>/dev/null || true; for _ in \$(seq 50); do kill -0 "\$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "\$1" 2>/dev/null || true; }
JAGA_DATA_DIR=\$data "\$jaga" &
pid=\$!
trap 'stop \$pid' EXIT
sleep 3
xdotool search --sync --name Jaga windowfocus
shot() { sleep 1; import -window root "\$out/\$1.png"; }
key() { xdotool key "\$@"; sleep 0.4; }
typed() { xdotool type --delay 20 "\$1"; sleep 0.3; }
$2
DRIVE
}
# Sets a window setting in the data folder $work/$1 (made if new).
setting() {
  "$bin" --data "$work/$1" organisation >/dev/null
  sqlite3 "$work/$1/jaga.sqlite3" \
    "INSERT INTO settings (key, value) VALUES ('$2', '$3')
     ON CONFLICT (key) DO UPDATE SET value = excluded.value"
}

# First start, a profile, a lesson, a question and its feedback, the result: by keyboard.
first_start='
key Tab; key Return                             # Saya mengerti, lanjutkan
typed E-1024; key Tab; typed "Sari Wulandari"; key Tab; typed Keuangan; key Return
'
to_feedback='
key Return
shot lesson$1
key Tab Tab; key Return                         # Langsung ke kuis
key 3
shot question$1
key Return
shot feedback$1
'
learner data "
shot welcome
$first_start
shot home
key Tab                                         # the first module: the focus ring
shot focus
${to_feedback//\$1/}
for _ in 1 2 3 4 5 6 7; do key 1; key Return; key Return; done
shot result
"
# The same learner at 200% zoom (Ctrl+Plus).
setting data ui.zoom 2.0
learner data 'shot home-zoom200'
# A new learner in the high-contrast theme, up to the first feedback.
setting contrast ui.theme contrast
learner contrast "
$first_start
shot home-contrast
key Tab
${to_feedback//\$1/-contrast}
"

# The manager area, on made-up results.
"$bin" demo-data --learners 300 --data "$work/manager" >/dev/null 2>&1
# The person found below: the first learner by name.
employee=$(sqlite3 "$work/manager/jaga.sqlite3" "SELECT employee_id FROM learners ORDER BY display_name LIMIT 1")
xvfb-run -a -s "-screen 0 1024x720x24" bash -s "$bin" "$work" "$out" "$employee" <<'DRIVE'
set -euo pipefail
jaga=$1 work=$2 out=$3 employee=$4
stop() { kill "$1" 2>/dev/null || true; for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; }
JAGA_DATA_DIR=$work/manager "$jaga" &
pid=$!
trap 'stop $pid' EXIT
sleep 2
xdotool search --sync --name Jaga windowfocus
key() { xdotool key "$@"; sleep 0.4; }
xdotool mousemove 490 27 click 1; sleep 1                       # Manajer
xdotool type --delay 20 "rahasia-manajer"; key Tab
xdotool type --delay 20 "rahasia-manajer"; key Return   # Simpan dan buka
sleep 1.5
import -window root "$out/manager.png"
xdotool mousemove 252 168 click 1; sleep 1.5                     # Grafik
import -window root "$out/charts.png"
xdotool mousemove 565 168 click 1; sleep 1.5                     # Jalur skenario
import -window root "$out/scenario-paths.png"
xdotool mousemove 956 168 click 1; sleep 1.5                     # Retensi
xdotool mousemove 500 600 click --repeat 4 --delay 30 5; sleep 0.8   # to the first curve
import -window root "$out/retention.png"
xdotool mousemove 540 119 click 1; sleep 0.3                     # Cari nama atau ID karyawan
xdotool type --delay 20 "$employee"; sleep 1
xdotool mousemove 150 168 click 1; sleep 1.5                     # the one person found
import -window root "$out/person.png"
DRIVE

# Author mode on the built-in course, at the first scenario map.
xvfb-run -a -s "-screen 0 1024x720x24" bash -s "$bin" "$work" "$out" "$PWD/content" <<'DRIVE'
set -euo pipefail
jaga=$1 work=$2 out=$3 content=$4
stop() { kill "$1" 2>/dev/null || true; for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; }
"$jaga" --author --content "$content" --data "$work/author" &
pid=$!
trap 'stop $pid' EXIT
sleep 2
xdotool search --sync --name Jaga windowfocus
xdotool mousemove 290 229 click 1               # Peta skenario
sleep 0.8
xdotool mousemove 500 600 click --repeat 1 --delay 30 5
sleep 0.8
import -window root "$out/author-map.png"
DRIVE
ls -1 "$out"
