#!/usr/bin/env bash
# README command 2: every test. Installs what is missing, then: formatting, unit tests of the
# domain rules, the integration tests of the server functions twice (against temporary SQLite
# databases, then against a PostgreSQL server the script installs and starts on loopback), a
# release build, and the Playwright tests in Debian Chromium against that build.
# Extra arguments go to Playwright (e.g. scripts/test.sh -g "language").
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

scripts/install-tools.sh

# On a throwaway checkout (CI=true, as CI services and .ci/run set it) the disk is spared, which a
# CI machine may be short of: no incremental compilation caches (1.4 GB, of no use to one build),
# and the tests' debug build (3 GB) goes once the integration tests are done, before the release
# build brings its own 3 GB. A developer's runs keep both (switching would recompile the app).
throwaway=""; [ "${CI:-}" != true ] || throwaway=1
[ -z "$throwaway" ] || export CARGO_INCREMENTAL=0

step "formatting"
cargo fmt --check

step "unit tests, and integration tests on SQLite"
scripts/cargo-test.sh --lib --tests

step "integration tests on PostgreSQL (a new server of the project's own, on loopback)"
TEST_POSTGRES=$(scripts/postgres.sh fresh) scripts/cargo-test.sh --tests
scripts/postgres.sh remove
[ -z "$throwaway" ] || rm -rf target/cargo

step "release build"
scripts/build-release.sh

step "browser tests (Playwright, Debian Chromium)"
(cd end2end && npx playwright test "$@")

step "all tests passed in $(( $(date +%s) - started )) s"
