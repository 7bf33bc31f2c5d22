#!/usr/bin/env bash
# zonerate vs Karrio's universal rate-sheet rating on one flat USPS card: prices and throughput.
# Usage: bash bench/karrio/run.sh [compare.py options, e.g. --zips 300 --shipments 2000 --throughput 200000]
set -euo pipefail
cd "$(dirname "$0")/../.."
KARRIO_VERSION=2026.1.32   # keep in step with bench/karrio/requirements.txt
venv=target/karrio-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
have=$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("karrio"))' 2>/dev/null || true)
if [ "$have" != "$KARRIO_VERSION" ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r bench/karrio/requirements.txt
fi
cargo build --release --locked --quiet --bin zonerate
exec "$venv/bin/python" bench/karrio/compare.py --zonerate target/release/zonerate "$@"
