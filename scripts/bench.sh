#!/usr/bin/env bash
# Every benchmark, one command; prints tables (record them in docs/performance.md).
#   bash scripts/bench.sh            native quote (criterion), card sets and zone lookups,
#                                    batch of 100,000 shipments, wasm in Node and workerd
#   bash scripts/bench.sh --karrio   also the side-by-side run with Karrio (about 4 min)
# Benchmarks never fail on time; they only print.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "## native: one shipment against every USPS service (criterion)"
cargo bench --locked --bench quote -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -vE '^\s*(Compiling|Finished|Running|Benchmarking|Warning)'
echo
echo "## native: card sets, national zone matrix, zone lookups"
cargo bench --locked --bench cards 2>&1 | grep '^|'
echo
echo "## native: batch"
bash bench/batch.sh 100000
echo
echo "## WebAssembly (Node, workerd)"
bash scripts/setup.sh >/dev/null
bash scripts/build-wasm.sh | tail -1
node bench/wasm-bench.mjs
if [ "${1:-}" = "--karrio" ]; then
  echo
  echo "## side by side with Karrio"
  bash bench/karrio/run.sh
fi
