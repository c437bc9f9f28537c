#!/usr/bin/env bash
# Release build of server and WebAssembly (cargo-leptos), skipped when no input changed since the
# last successful one: cargo-leptos reruns wasm-bindgen and wasm-opt (~35 s) even then.
set -euo pipefail
cd "$(dirname "$0")/.."
# binaryen's wasm-opt from npm: Debian's breaks hydration (see README, Toolchain notes)
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
stamp=target/.release-build
inputs=(src locales style public migrations Cargo.toml Cargo.lock build.rs)
if [ -f "$stamp" ] && [ -x target/release/espace ] && [ -f target/site/pkg/espace.wasm ] && [ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit)" ]; then
  echo "release build is up to date"
  exit 0
fi
# the build's start: a file changed while it runs is newer, so the next run builds again
touch "$stamp.started"
cargo leptos build --release
# served as they are asked for (Accept-Encoding) by the server's /pkg (src/server/app.rs):
# compressed once here, at the best ratio, rather than on every request
for file in target/site/pkg/*.{wasm,js,css}; do
  brotli --force --keep --best "$file"
  gzip --force --keep --best "$file"
done
mv "$stamp.started" "$stamp"
