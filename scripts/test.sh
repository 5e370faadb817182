#!/usr/bin/env bash
# Runs Jaga's whole test suite on a fresh Debian machine with a Rust toolchain.
# Installs what the tests need first: a C compiler (bundled SQLite), Python with openpyxl
# (reads exports back), poppler-utils (reads certificates back), Node.js and npm (xAPI
# validation and a real Learning Record Store).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential python3 python3-openpyxl poppler-utils
need_tools node=nodejs npm=npm
exec cargo test "$@"
