#!/usr/bin/env bash
# Installs everything the build and the tests need. Idempotent: each step is skipped
# when what it installs is already there at the right version.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null; then
  echo "setup: cargo is required (install Rust from rustup)" >&2
  exit 1
fi
for s in scripts/setup-wasm.sh scripts/setup-js.sh; do
  if [ -f "$s" ]; then bash "$s"; fi
done
echo "setup: ok"
