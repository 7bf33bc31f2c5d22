#!/usr/bin/env bash
# Instructions, not seconds: what the WebAssembly package costs, counted by valgrind
# (cachegrind) in Node. The same build counts the same on a busy or a quiet machine, so a
# change can be measured while other work runs (docs/performance.md, the twelfth
# session's section). Not a test; prints one line:
#   bash bench/wasm-count.sh [PKG]       (default pkg/; about a minute)
# - cold: a RateEngine and addCard() of the three USPS cards after init(), in V8's baseline
#   tier (`--liftoff-only`): the lazy compilation of every function the loading calls, and
#   running it. The same run without them is subtracted (Node's start, init()).
# - first quote: one all-services quote after those cards, same tier (what a worker's
#   first request adds).
# - JS quote: one all-services quote through the facade in the optimising tier, after
#   warm-up: (6,500 quotes - 2,500 quotes) / 4,000. (Until the sixteenth session the window
#   was 500 to 2,500 quotes, where V8 still optimises the facade's functions: a change to
#   the facade moved that figure by thousands of instructions of compiling, once.)
# `--predictable` and fixed seeds make the runs repeatable (to a few hundred instructions
# in the first two figures; a quote moves by about +-150 between builds from layout alone).
set -euo pipefail
cd "$(dirname "$0")/.."
PKG=$(realpath "${1:-pkg}")
command -v valgrind >/dev/null || { echo "wasm-count: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
[ -f "$PKG/zonerate_bg.wasm" ] || { echo "wasm-count: no $PKG/zonerate_bg.wasm (bash scripts/build-wasm.sh)" >&2; exit 1; }
SEEDS=(--single-threaded --predictable --hash-seed=42 --random-seed=42)
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/I *refs/ { gsub(",", "", $NF); print $NF }'
}
base=$(count node "${SEEDS[@]}" --liftoff-only bench/wasm-count.mjs "$PKG" none)
cards=$(count node "${SEEDS[@]}" --liftoff-only bench/wasm-count.mjs "$PKG" cards)
first=$(count node "${SEEDS[@]}" --liftoff-only bench/wasm-count.mjs "$PKG" first)
few=$(count node "${SEEDS[@]}" --no-liftoff bench/wasm-count.mjs "$PKG" quotes 2500)
many=$(count node "${SEEDS[@]}" --no-liftoff bench/wasm-count.mjs "$PKG" quotes 6500)
printf '%s: %s B; instructions: cold %s (3 USPS cards), first quote %s, JS quote %s\n' \
  "$PKG" "$(wc -c <"$PKG/zonerate_bg.wasm")" "$((cards - base))" "$((first - cards))" "$(((many - few) / 4000))"
