#!/usr/bin/env bash
# The main job: quote a sample shipment against every card shipped in cards/.
# Usage: bash scripts/demo.sh [zonerate quote options…]
#   default: --from 85027 --to 10001 --weight 2.5lb --dims 12x10x6in --date 2025-11-03
#
# The demo site (www/): bash scripts/demo.sh --serve [--no-build] [--port N]   (or: npm run demo)
#   builds the WebAssembly package (scripts/build-wasm.sh → pkg/), copies the chart library
#   into www/vendor/, and serves http://localhost:8080 (PORT=… or --port to change).
#   --no-build serves the pkg/ already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--serve" ]; then
  shift
  build=1
  serve_args=()
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --no-build) build=0 ;;
      *) serve_args+=("$1") ;;
    esac
    shift
  done
  say() { printf '[demo] %s\n' "$*"; }
  if [ "$build" = 1 ]; then
    if [ -f scripts/build-wasm.sh ]; then
      bash scripts/setup.sh # the wasm toolchain and JS tools the build needs (idempotent)
      bash scripts/build-wasm.sh
    elif [ -f pkg/web.js ]; then
      say "scripts/build-wasm.sh is missing (it comes with the WebAssembly package); serving the pkg/ already built"
    else
      say "scripts/build-wasm.sh is missing and pkg/ is empty: the demo needs the WebAssembly package." >&2
      say "Build it with bash scripts/build-wasm.sh (part of the npm package work), or put a built package in pkg/." >&2
      exit 1
    fi
  fi
  [ -f pkg/web.js ] || { say "pkg/web.js is missing: the package build did not produce the browser entry" >&2; exit 1; }
  # The chart library (ECharts), pinned in tests/www/package-lock.json, vendored at build time.
  echarts=tests/www/node_modules/echarts/dist/echarts.esm.min.mjs
  if [ ! -f "$echarts" ]; then
    say "npm ci in tests/www (chart library and browser-test tools)"
    (cd tests/www && npm ci --no-audit --no-fund --loglevel=error)
  fi
  mkdir -p www/vendor
  cp "$echarts" www/vendor/echarts.esm.min.js
  cp tests/www/node_modules/echarts/LICENSE www/vendor/echarts.LICENSE.txt
  exec node www/serve.mjs "${serve_args[@]}"
fi

cargo build --release --locked --quiet --bin zonerate
if [ "$#" -eq 0 ]; then
  set -- --from 85027 --to 10001 --weight 2.5lb --dims 12x10x6in --date 2025-11-03
fi
exec ./target/release/zonerate quote --cards cards "$@"
