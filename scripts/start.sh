#!/usr/bin/env bash
# README command 1: installs whatever is missing, builds the release and starts eSpace on its
# embedded default (SQLite file espace.db, created and seeded with demo data on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
scripts/build-release.sh
exec target/release/espace
