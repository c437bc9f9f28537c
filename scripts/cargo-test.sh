#!/usr/bin/env bash
# `cargo test` of the server half with the project's settings; arguments pass through, e.g.
#   scripts/cargo-test.sh --lib ssn        scripts/cargo-test.sh --test integration sign_out
# Its own target directory: sharing cargo-leptos's would rebuild everything each time.
# erase_components (as cargo-leptos does in debug): without it the generated i18n module and the
# views' types make every debug binary about 1.4 GB; with it about 60 MB, and builds are faster.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=target/cargo
export RUSTFLAGS="--cfg erase_components"
# the mail tests' SMTP server (aiosmtpd), installed by scripts/install-tools.sh
export SMTP_TEST_PYTHON="$PWD/target/python/bin/python"
exec cargo test --features ssr "$@"
