#!/usr/bin/env bash
# Installs every tool the project needs that a fresh machine of this kind lacks, idempotently:
# the wasm target, cargo-leptos, wasm-bindgen-cli at the Cargo.lock version, cargo-deny and the
# RustSec advisory database it reads offline, Debian Chromium and brotli,
# the npm packages of end2end/ (Playwright, axe, binaryen) and the Python SMTP server of the mail
# tests. A second run skips what is there.
# The recipe and its traps are in ../shared/TOOLCHAIN.md (copied into CONTRIBUTING.md "Toolchain notes").
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
log() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
# --build-only: what the release build needs and nothing of the tests (the container build)
build_only=""; [ "${1:-}" != --build-only ] || build_only=1

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "building cargo-leptos $CARGO_LEPTOS_VERSION (about 10 minutes on 2 cores)"
  # Its own lock file needs a newer rustc; the failed install leaves its source unpacked,
  # which we then build with one dependency pinned back. no_downloads: never fetch from GitHub.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked >/dev/null 2>&1 || true
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/cargo-leptos-"$CARGO_LEPTOS_VERSION" | head -1)
  work=$(mktemp -d)
  cp -r "$src" "$work/cargo-leptos"
  rm -f "$work/cargo-leptos/rust-toolchain.toml"
  (cd "$work/cargo-leptos" \
    && cargo update -p cargo-util-schemas --precise 0.14.1 \
    && CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
       cargo install --path . --locked --features no_downloads)
  rm -rf "$work"
fi

# wasm-bindgen-cli must equal the wasm-bindgen of Cargo.lock exactly: cargo-leptos does not check.
if [ -f Cargo.lock ]; then
  want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
else
  want=0.2.130
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $want"; then
  log "installing wasm-bindgen-cli $want"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# Debian's brotli (the release build precompresses /pkg); for the tests, chromium (the browser
# tests), poppler-utils (the PDF tests read the text back with pdftotext) and nginx (the
# deployment kit's test; the package's own service is not started)
missing=()
command -v brotli >/dev/null || missing+=(brotli)
if [ -z "$build_only" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f end2end/package-lock.json ]; then
  if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing end2end npm packages"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi
if [ -n "$build_only" ]; then
  log "build tools ready"
  exit 0
fi

CARGO_DENY_VERSION=0.20.2
if ! cargo deny --version 2>/dev/null | grep -q " $CARGO_DENY_VERSION"; then
  log "building cargo-deny $CARGO_DENY_VERSION (about 4 minutes on 2 cores)"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
fi
# The RustSec advisory database cannot be cloned from here: a snapshot of it (a git repository)
# sits beside the project, in ../shared. It is unpacked where deny.toml's db-path makes
# cargo-deny look for its default database, and again when the snapshot is newer.
ADVISORY_DB_ARCHIVE=${ADVISORY_DB_ARCHIVE:-../shared/rustsec-advisory-db.tar.gz}
advisory_db=target/advisory-dbs/advisory-db-3157b0e258782691
if [ -f "$ADVISORY_DB_ARCHIVE" ] && { [ ! -d "$advisory_db" ] || [ "$ADVISORY_DB_ARCHIVE" -nt "$advisory_db" ]; }; then
  log "unpacking the RustSec advisory database from $ADVISORY_DB_ARCHIVE"
  unpacked=$(mktemp -d)
  tar xzf "$ADVISORY_DB_ARCHIVE" -C "$unpacked"
  rm -rf "$advisory_db"
  mkdir -p "$(dirname "$advisory_db")"
  mv "$unpacked"/* "$advisory_db"
  rm -rf "$unpacked"
  touch "$advisory_db"
fi

# A real SMTP server for the mail tests (aiosmtpd), in a virtualenv of the project's own.
if ! target/python/bin/python -c "import aiosmtpd" 2>/dev/null \
   || [ tests/smtp/requirements.txt -nt target/python/.installed ]; then
  log "installing the test SMTP server (aiosmtpd) into target/python"
  python3 -m venv target/python
  target/python/bin/pip install -q -r tests/smtp/requirements.txt
  touch target/python/.installed
fi

log "tools ready"
