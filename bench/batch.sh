#!/usr/bin/env bash
# Benchmark: N shipments (default 100,000) through `zonerate batch` with every shipped card.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
cargo build --release --locked --quiet --bin zonerate
mkdir -p target/bench
csv=target/bench/shipments-$n.csv
[ -f "$csv" ] || python3 bench/gen_shipments.py "$n" > "$csv"
start=$(date +%s.%N)
./target/release/zonerate batch --cards cards "$csv" -o target/bench/quotes-$n.csv --quiet > target/bench/summary-$n.txt 2> target/bench/bad-$n.txt
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')
services=$(head -1 target/bench/quotes-$n.csv | tr ',' '\n' | grep -c ':')
printf '| batch: %d shipments × %d services, %d threads | %.2f s | %.0f shipments/s |\n' "$n" "$services" "$(nproc)" "$secs" "$(awk -v n="$n" -v s="$secs" 'BEGIN{print n/s}')"
head -3 target/bench/summary-$n.txt
