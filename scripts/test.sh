#!/usr/bin/env bash
# Runs Jaga's whole test suite on a fresh Debian machine with a Rust toolchain.
# Installs what the tests need first: a C compiler (bundled SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential
exec cargo test "$@"
