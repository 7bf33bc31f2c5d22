#!/usr/bin/env bash
# Browser tests of the demo site and the checkout widget (tests/www/run.mjs): headless
# Debian chromium driven by playwright-core, the native CLI as the oracle.
# Installs what it needs first (idempotent): tests/www/node_modules (npm ci), chromium
# (Debian package; never a downloaded browser), the wasm package (scripts/build-wasm.sh)
# and the release CLI. Prints "www: N passed, M failed"; exits non-zero on failure.
# Usage: bash scripts/test-www.sh [--no-build] [test name filter]
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[test-www] %s\n' "$*"; }

build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi

# --- npm packages: playwright-core and echarts, pinned by tests/www/package-lock.json -------
dir=tests/www
stamp="$dir/node_modules/.zonerate-lock.sha256"
want=$(sha256sum "$dir/package-lock.json" | awk '{print $1}')
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  log "npm: $dir/node_modules matches package-lock.json -> skip"
else
  log "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi

# --- chromium from Debian ----------------------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  if [ -f scripts/setup-js.sh ]; then
    bash scripts/setup-js.sh
  else
    as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    cand=$(apt-cache policy chromium 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then as_root apt-get update -qq; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
  [ -x /usr/bin/chromium ] || { log "/usr/bin/chromium is missing" >&2; exit 1; }
fi

# --- the wasm package and the CLI ----------------------------------------------------------------
if [ "$build" = 1 ]; then
  if [ -f scripts/build-wasm.sh ]; then
    bash scripts/setup.sh # the wasm toolchain and JS tools the build needs (idempotent)
    bash scripts/build-wasm.sh
  elif [ -f pkg/web.js ]; then
    log "scripts/build-wasm.sh is missing; testing the pkg/ already built"
  fi
  cargo build --release --locked --quiet --bin zonerate
fi
[ -f pkg/web.js ] || { log "pkg/web.js is missing: build the package (bash scripts/build-wasm.sh)" >&2; exit 1; }
mkdir -p www/vendor
cp "$dir/node_modules/echarts/dist/echarts.esm.min.mjs" www/vendor/echarts.esm.min.js

node tests/www/run.mjs "$@"
