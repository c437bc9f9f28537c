#!/usr/bin/env bash
# README command 2: every test. Installs what is missing, then: formatting, unit tests of the
# domain rules, integration tests of the server functions against a temporary SQLite database,
# a release build, and the Playwright tests in Debian Chromium against that build.
# Extra arguments go to Playwright (e.g. scripts/test.sh -g "language").
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

scripts/install-tools.sh

step "formatting"
cargo fmt --check

step "unit and integration tests"
scripts/cargo-test.sh --lib --tests

step "release build"
scripts/build-release.sh

step "browser tests (Playwright, Debian Chromium)"
(cd end2end && npx playwright test "$@")

step "all tests passed in $(( $(date +%s) - started )) s"
