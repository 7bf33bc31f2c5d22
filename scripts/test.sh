#!/usr/bin/env bash
# Runs every test of the project, installing what it needs first (idempotent).
# Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== %s\n' "$1"; }

step "set-up"
bash scripts/setup.sh

step "format (cargo fmt --check)"
cargo fmt --all -- --check

step "lint (cargo clippy, warnings are errors)"
cargo clippy --locked --all-targets -- -D warnings

step "Rust tests (unit, integration, doc)"
cargo test --locked 2>&1 | tee target/rust-tests.log
passed=$(grep -Eo '[0-9]+ passed' target/rust-tests.log | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' target/rust-tests.log | awk '{s+=$1} END {print s+0}')

if [ -f scripts/test-js.sh ]; then
  step "WebAssembly package and JS runtimes"
  bash scripts/test-js.sh
fi

# The browser tests need the wasm package build (scripts/build-wasm.sh).
if [ -f scripts/test-www.sh ] && [ -f scripts/build-wasm.sh ]; then
  step "demo site and checkout widget in a browser"
  bash scripts/test-www.sh
fi

echo
echo "all tests done in $(( $(date +%s) - start )) s"
echo "rust: ${passed} passed, ${failed} failed"
