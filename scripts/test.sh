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
# The wasm module's allocator is a crate of its own (an allocator needs unsafe code, which
# the main crate forbids): linted and tested on its own manifest.
ALLOC_CRATE=(--locked --manifest-path crates/wasm-alloc/Cargo.toml)
CARGO_TARGET_DIR=target cargo clippy "${ALLOC_CRATE[@]}" --all-targets -- -D warnings

step "Rust tests (unit, integration, doc)"
cargo test --locked 2>&1 | tee target/rust-tests.log
CARGO_TARGET_DIR=target cargo test "${ALLOC_CRATE[@]}" 2>&1 | tee -a target/rust-tests.log
passed=$(grep -Eo '[0-9]+ passed' target/rust-tests.log | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' target/rust-tests.log | awk '{s+=$1} END {print s+0}')

js_passed=0; js_failed=0
if [ -f scripts/test-js.sh ]; then
  step "WebAssembly package and JS runtimes (Node ESM/CJS, workerd, Chromium, packaging)"
  bash scripts/test-js.sh 2>&1 | tee target/js-tests.log
  read -r js_passed js_failed < <(sed -n 's/^js: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' target/js-tests.log | tail -1)
fi

www_passed=0; www_failed=0
if [ -f scripts/test-www.sh ]; then
  step "demo site and checkout widget in a browser"
  bash scripts/test-www.sh 2>&1 | tee target/www-tests.log
  read -r www_passed www_failed < <(sed -n 's/^www: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' target/www-tests.log | tail -1)
fi

if [ -f scripts/fuzz.sh ]; then
  step "fuzzing, bounded (${ZR_FUZZ_SECONDS:-60} s per target)"
  bash scripts/fuzz.sh "${ZR_FUZZ_SECONDS:-60}"
fi

echo
echo "all tests done in $(( $(date +%s) - start )) s"
echo "rust: ${passed} passed, ${failed} failed"
echo "js: ${js_passed:-0} passed, ${js_failed:-0} failed"
echo "www: ${www_passed:-0} passed, ${www_failed:-0} failed"
echo "total: $(( passed + ${js_passed:-0} + ${www_passed:-0} )) passed, $(( failed + ${js_failed:-0} + ${www_failed:-0} )) failed"
