#!/usr/bin/env bash
# Builds Jaga and opens it on its built-in course.
# Needs: a Rust toolchain. Installs a C compiler (for the bundled SQLite) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential
exec cargo run --release -- "$@"
