#!/usr/bin/env bash
# The checks scripts/test-package.sh runs as root inside a fresh Debian root, beside the
# .deb it copied there. Not meant for a real machine: it installs, starts and removes Jaga
# and makes a user account.
#
#   bash package-check.sh jaga_0.1.0-1_amd64.deb
#
# Every step says what it proves; the first failure stops the run (exit 1).
set -euo pipefail
deb=$(readlink -f "$1")
export DEBIAN_FRONTEND=noninteractive
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "apt installs the package and pulls its dependencies"
before=$(dpkg-query -W -f='${Package}\n' | wc -l)
apt-get install -y -q "$deb"
after=$(dpkg-query -W -f='${Package}\n' | wc -l)
echo "packages installed with jaga: $((after - before))"
[ "$((after - before))" -gt 1 ] || fail "apt pulled no dependencies"
dpkg-query -W -f='${Status} ${Version}\n' jaga | grep -q '^install ok installed' || fail "jaga is not installed"

step "jaga --version"
jaga --version | tee /tmp/version.txt
grep -q '^jaga ' /tmp/version.txt || fail "jaga --version printed no version"

step "the tools the checks need (installed after jaga, so they pulled none of its dependencies)"
apt-get install -y -q --no-install-recommends man-db xvfb xauth imagemagick procps

step "man jaga"
MANPAGER=cat man jaga > /tmp/man.txt
head -n 12 /tmp/man.txt
grep -q 'policy' /tmp/man.txt || fail "the man page does not list the policy command"
for f in /usr/share/bash-completion/completions/jaga /usr/share/zsh/vendor-completions/_jaga \
         /usr/share/fish/vendor_completions.d/jaga.fish /usr/share/metainfo/org.jaga.Jaga.metainfo.xml \
         /usr/share/icons/hicolor/48x48/apps/org.jaga.Jaga.png /usr/share/icons/hicolor/scalable/apps/org.jaga.Jaga.svg \
         /usr/share/doc/jaga/copyright /usr/share/doc/jaga/LICENSE-MIT /usr/share/doc/jaga/LICENSE-APACHE; do
  [ -s "$f" ] || fail "missing from the package: $f"
done
echo "completions, metainfo, icons and licences are in place"

step "the organisation's policy in /etc/jaga, checked"
mkdir -p /etc/jaga
cat > /etc/jaga/policy.toml <<'POLICY'
[organisation]
name = "PT Contoh Sejahtera"

[access]
pins_required = true
show_author = false
idle_minutes = 15
POLICY
chmod 644 /etc/jaga/policy.toml
jaga policy check /etc/jaga/policy.toml
printf '[access]\npins_required = "yes"\n' > /tmp/bad-policy.toml
if jaga policy check /tmp/bad-policy.toml 2> /tmp/bad.txt; then fail "a bad policy passed the check"; fi
cat /tmp/bad.txt
grep -q 'bad-policy.toml:2:.*access.pins_required' /tmp/bad.txt || fail "the error does not name file, line and key"

step "a learner's account with a data folder of their own"
useradd --create-home --shell /bin/bash ani
as_ani() { runuser -u ani -- env HOME=/home/ani "$@"; }
as_ani jaga demo-data --learners 3
data=/home/ani/.local/share/jaga
[ -f "$data/jaga.sqlite3" ] || fail "no results store in $data"
as_ani jaga organisation | tee /tmp/org.txt
grep -q 'organisation: PT Contoh Sejahtera' /tmp/org.txt || fail "the policy's organisation is not in force"

step "the window, started from the desktop entry's Exec line under Xvfb"
desktop=/usr/share/applications/org.jaga.Jaga.desktop
exec_line=$(sed -n 's/^Exec=//p' "$desktop" | head -n 1)
echo "Exec=$exec_line"
cat > /tmp/window.sh <<WINDOW
#!/bin/bash
$exec_line > /tmp/window.log 2>&1 &
pid=\$!
sleep 12
kill -0 \$pid || { echo "the window exited:"; cat /tmp/window.log; exit 1; }
import -window root /tmp/window.png
kill \$pid; wait \$pid || true
WINDOW
chmod 755 /tmp/window.sh
as_ani xvfb-run -a -s '-screen 0 1280x800x24' /tmp/window.sh
colours=$(identify -format '%k' /tmp/window.png)
echo "screenshot: $(identify -format '%wx%h' /tmp/window.png), $colours colours"
[ "$colours" -gt 20 ] || fail "the screenshot is blank: the window did not draw"
cp /tmp/window.png /root/project/window.png

step "apt-get remove leaves the learner's data alone"
apt-get remove -y -q jaga
[ ! -e /usr/bin/jaga ] || fail "/usr/bin/jaga is still there"
[ ! -e "$desktop" ] || fail "the desktop entry is still there"
[ -f "$data/jaga.sqlite3" ] || fail "removing the package removed the learner's data"
[ -f /etc/jaga/policy.toml ] || fail "removing the package removed the organisation's policy"
echo "removed; $data and /etc/jaga/policy.toml are untouched"
echo
echo "PACKAGE CHECK PASSED"
