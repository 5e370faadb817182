#!/usr/bin/env bash
# Builds the Debian package: target/debian/jaga_<version>_<arch>.deb.
#
#   bash scripts/package-deb.sh
#
# Installs what it needs when missing (a C compiler, dpkg-dev for the library
# dependencies, librsvg2-bin for the icons, and cargo-deb itself), builds the release
# binary once (cargo reuses target/ on later runs), then generates from their one source:
#   - the icons at the usual hicolor sizes, from assets/icon/jaga.svg;
#   - the man pages (jaga(1), jaga-validate(1), …) and bash/zsh/fish completions, from
#     the clap definition
#     (`jaga package-files`, a hidden subcommand of the binary just built);
# and hands everything to cargo-deb ([package.metadata.deb] in Cargo.toml lists it).
# scripts/test-package.sh installs the result on a fresh Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential dpkg-dev librsvg2-bin
if ! cargo deb --version >/dev/null 2>&1; then
  echo "jaga: installing cargo-deb" >&2
  cargo install cargo-deb --locked
fi

cargo build --release --locked

out=target/package
rm -rf "$out"
mkdir -p "$out"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$out/icons/${size}x${size}"
  rsvg-convert --width "$size" --height "$size" assets/icon/jaga.svg \
    -o "$out/icons/${size}x${size}/org.jaga.Jaga.png"
done
target/release/jaga package-files --out "$out"
gzip -9n "$out"/man/*.1

# --no-build: the binary built above is the one packaged. cargo-deb prints the .deb's path.
cargo deb --no-build --locked
