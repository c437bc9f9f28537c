#!/usr/bin/env bash
# README command 2: every test. Installs what is missing, then: formatting, clippy, the supply-chain
# check (cargo deny: advisories, licences, bans, sources), unit tests of the
# domain rules, the integration tests of the server functions twice (against temporary SQLite
# databases, then against a PostgreSQL server the script installs and starts on loopback), a
# release build, the Playwright tests in Debian Chromium against that build, and the deployment
# kit's test (nginx in front of two app servers, scripts/test-behind-nginx.sh).
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

step "lints (clippy, warnings refused): the server with its tests and benches, then the browser's"
# the tests' target directory and flags (scripts/cargo-test.sh), so the dependencies built here
# serve the tests
RUSTFLAGS="--cfg erase_components" CARGO_TARGET_DIR=target/cargo \
  cargo clippy --all-targets --features ssr -- -D warnings
cargo clippy --features hydrate --lib --target wasm32-unknown-unknown \
  --target-dir target/check-wasm -- -D warnings
[ -z "$throwaway" ] || rm -rf target/check-wasm

step "supply chain (cargo deny, advisories from the offline RustSec snapshot)"
# every platform's crates, so that cargo deny can read the whole graph without the network
cargo fetch --locked >/dev/null 2>&1
if [ ! -d target/advisory-dbs/advisory-db-3157b0e258782691 ]; then
  echo "no RustSec advisory database: put its snapshot at ../shared/rustsec-advisory-db.tar.gz (or set ADVISORY_DB_ARCHIVE) and run scripts/install-tools.sh" >&2
  exit 1
fi
# the whole report when it fails; its summary line otherwise (several versions of one crate are
# only warnings, see deny.toml)
if ! cargo deny --offline check advisories licenses bans sources >target/cargo-deny.log 2>&1; then
  cat target/cargo-deny.log
  exit 1
fi
tail -n 1 target/cargo-deny.log

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

step "the deployment kit: Debian nginx in front of two app servers on PostgreSQL"
scripts/test-behind-nginx.sh

step "all tests passed in $(( $(date +%s) - started )) s"
