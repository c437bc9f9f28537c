#!/usr/bin/env bash
# README command 1: installs whatever is missing, builds the release and starts eSpace on its
# embedded default (SQLite file espace.db, created and seeded with demo data on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
# binaryen's wasm-opt from npm: Debian's breaks hydration (see README, Toolchain)
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
cargo leptos build --release
exec target/release/espace
