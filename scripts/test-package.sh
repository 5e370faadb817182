#!/usr/bin/env bash
# Tests the Debian package on a fresh Debian: installs it with apt (which must pull its
# dependencies), runs `jaga --version` and `man jaga`, checks a policy in /etc/jaga, starts
# the window from the desktop entry's Exec line under Xvfb and takes a screenshot, then
# removes the package and checks the learner's data folder is untouched.
#
#   sudo bash scripts/test-package.sh [target/debian/jaga_VERSION_ARCH.deb]
#
# Needs root and a few minutes; it is not part of `cargo test`. Build the package first
# (scripts/package-deb.sh). The fresh root comes from ../shared/tools/fresh-machine.sh
# (debootstrap + chroot, cached after the first run; FRESH_MACHINE names another copy):
# the .deb and scripts/package-check.sh go into a throwaway git checkout, which
# fresh-machine clones into the root, and package-check.sh runs there as root. The
# window's screenshot is copied to target/package-test/window.png.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
deb=${1:-$(ls -t target/debian/jaga_*.deb 2>/dev/null | head -n 1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "no .deb: run scripts/package-deb.sh first" >&2; exit 2; }
fresh=${FRESH_MACHINE:-$repo/../shared/tools/fresh-machine.sh}
[ -f "$fresh" ] || fresh=/work/shared/tools/fresh-machine.sh
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap and chroot need it)" >&2; exit 2; }

work=$(mktemp -d /tmp/jaga-package-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$deb" scripts/package-check.sh "$work/"
git -C "$work" init -q
git -C "$work" add .
git -C "$work" -c user.name=jaga -c user.email=jaga@localhost commit -q -m "package under test"

mkdir -p target/package-test
log=target/package-test/fresh-machine.log
rc=0
FRESH_APT_UPDATE=1 FRESH_KEEP=1 bash "$fresh" "$work" \
  "bash package-check.sh $(basename "$deb")" 2>&1 | tee "$log" || rc=$?
run=$(sed -n 's/^\[fresh-machine\] kept run directory: \([^ ]*\) .*/\1/p' "$log" | tail -n 1)
if [ -n "$run" ] && [ -d "$run/root/root/project" ]; then
  cp "$run/root/root/project/window.png" target/package-test/ 2>/dev/null &&
    echo "screenshot: target/package-test/window.png"
  rm -rf --one-file-system "$run"
fi
exit "$rc"
