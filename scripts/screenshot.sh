#!/usr/bin/env bash
# Runs the release binary under Xvfb, drives it like a learner (xdotool) and saves PNG
# screenshots of a few screens to docs/screenshots/. The README shows them.
#
# Usage: scripts/screenshot.sh [OUT_DIR]
# Clicks are at the positions of Jaga's default 1024x720 window on the built-in course;
# after a layout change, check the pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential xvfb xauth xdotool imagemagick
out=${1:-docs/screenshots}
mkdir -p "$out"
cargo build --release --quiet --bin jaga
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

xvfb-run -a -s "-screen 0 1024x720x24" bash -s "$PWD/target/release/jaga" "$work" "$out" <<'DRIVE'
set -euo pipefail
jaga=$1 work=$2 out=$3
JAGA_DATA_DIR=$work/data "$jaga" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 2
xdotool search --sync --name Jaga windowfocus
shot() { sleep 0.8; import -window root "$out/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.5; }
type_into() { click "$1" "$2"; xdotool type --delay 20 "$3"; }

shot welcome
click 241 507                                   # Saya mengerti, lanjutkan
type_into 500 249 "E-1024"
type_into 500 329 "Sari Wulandari"
type_into 500 409 "Keuangan"
click 203 457                                   # Buat profil
shot home
click 97 398                                    # Buka modul: the first module
shot lesson
xdotool mousemove 500 400 click --repeat 40 --delay 15 5
sleep 0.5
click 332 693                                   # Langsung ke kuis
xdotool key 3
shot question
xdotool key Return
shot feedback
# Answer the rest with the keyboard: the first choice, Enter to submit, Enter to go on.
for _ in 1 2 3 4 5 6 7; do
  xdotool key 1; sleep 0.2; xdotool key Return; sleep 0.3; xdotool key Return; sleep 0.3
done
shot result
DRIVE
# The manager area, on made-up results.
"$PWD/target/release/jaga" demo-data --learners 300 --data "$work/manager" >/dev/null 2>&1
xvfb-run -a -s "-screen 0 1024x720x24" bash -s "$PWD/target/release/jaga" "$work" "$out" <<'DRIVE'
set -euo pipefail
jaga=$1 work=$2 out=$3
JAGA_DATA_DIR=$work/manager "$jaga" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 2
xdotool search --sync --name Jaga windowfocus
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.6; }
click 962 27                                    # Manajer
click 320 281; xdotool type --delay 20 "rahasia-manajer"
click 320 361; xdotool type --delay 20 "rahasia-manajer"
click 241 409                                   # Simpan dan buka
sleep 1.5
import -window root "$out/manager.png"
DRIVE

# Author mode on the built-in course, at the first scenario map.
xvfb-run -a -s "-screen 0 1024x720x24" bash -s "$PWD/target/release/jaga" "$work" "$out" "$PWD/content" <<'DRIVE'
set -euo pipefail
jaga=$1 work=$2 out=$3 content=$4
"$jaga" --author --content "$content" --data "$work/author" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 2
xdotool search --sync --name Jaga windowfocus
xdotool mousemove 290 229 click 1               # Peta skenario
sleep 0.8
xdotool mousemove 500 600 click --repeat 1 --delay 30 5
sleep 0.8
import -window root "$out/author-map.png"
DRIVE
ls -1 "$out"
