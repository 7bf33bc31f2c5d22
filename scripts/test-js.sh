#!/usr/bin/env bash
# Tests of the WebAssembly package in every JS runtime, offline (called by scripts/test.sh):
#   bash scripts/test-js.sh [section...]   (sections: size types stack memory tape conformance random packaging worker)
# Installs what is missing (scripts/setup-js.sh, idempotent), builds pkg/ (scripts/build-wasm.sh)
# and the native CLI (the conformance oracle), then runs tests/js/run.mjs: the conformance
# suite in Node ESM, Node CommonJS, Deno, workerd and Chromium against the native CLI, packaging
# tests from the packed tarball (Node, Deno, TypeScript, Vite + Chromium, wrangler-style bundle
# in workerd), examples/worker, and the size budget. Last line: `js: N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."

fail_build() {
  echo "test-js: $1 failed" >&2
  echo "js: 0 passed, 1 failed"
  exit 1
}
bash scripts/setup-js.sh >/dev/null || fail_build "scripts/setup-js.sh"
bash scripts/build-wasm.sh || fail_build "scripts/build-wasm.sh"
cargo build --locked --quiet --bin zonerate || fail_build "cargo build --bin zonerate"
exec node tests/js/run.mjs "$@"
