#!/usr/bin/env bash
# The main job: quote a sample shipment against every card shipped in cards/.
# Usage: bash scripts/demo.sh [zonerate quote options…]
#   default: --from 85027 --to 10001 --weight 2.5lb --dims 12x10x6in --date 2025-11-03
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --bin zonerate
if [ "$#" -eq 0 ]; then
  set -- --from 85027 --to 10001 --weight 2.5lb --dims 12x10x6in --date 2025-11-03
fi
exec ./target/release/zonerate quote --cards cards "$@"
