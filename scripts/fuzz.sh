#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), installing cargo-fuzz first when
# missing (idempotent). Prints the executions and the crashes per target; exits non-zero
# when any target crashed (the input is kept in fuzz/artifacts/<target>/).
#
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]
# Needs a nightly toolchain (rustup toolchain install nightly). The generated corpus goes
# to fuzz/corpus/<target> (not committed); fuzz/seeds/<target> is the committed seed.
# Built without AddressSanitizer (zonerate forbids unsafe code, so ASan adds nothing the
# Rust checks miss, and runs are about three times faster) but with debug assertions, so
# integer overflow panics too. SANITIZER=address bash scripts/fuzz.sh to use it anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
san="${SANITIZER:-none}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(card_parse card_mutate shipment_parse quote)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: a nightly toolchain is required (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  # Retried without --locked when the reachable package index lacks a locked version.
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

echo "fuzz: building the targets"
if ! (cd fuzz && cargo +nightly fuzz build -s "$san") >fuzz/build.log 2>&1; then
  cat fuzz/build.log >&2
  exit 2
fi

total_crashes=0
summary=()
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  artifacts="fuzz/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  before=$(find "$artifacts" -type f | wc -l)
  log="fuzz/artifacts/$t.log"
  echo "fuzz: $t for ${secs}s"
  dict=()
  case "$t" in
    card_*) dict=(-dict=dicts/card.dict) ;;
    shipment_*) dict=(-dict=dicts/shipment.dict) ;;
  esac
  set +e
  (cd fuzz && cargo +nightly fuzz run -s "$san" "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}") >"$log" 2>&1
  rc=$?
  set -e
  # libFuzzer's final stats: "stat::number_of_executed_units: N", or "#N DONE ...".
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1 || true)
  if [ -z "$execs" ]; then
    execs=$(grep -Eo '^#[0-9]+[[:space:]]+DONE' "$log" | grep -Eo '[0-9]+' | tail -1 || true)
  fi
  after=$(find "$artifacts" -type f | wc -l)
  crashes=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    crashes=1 # failed without leaving an input (build or setup error): count it
    echo "fuzz: $t exited with $rc; see $log" >&2
  fi
  total_crashes=$((total_crashes + crashes))
  summary+=("$(printf '%-16s executions %12s   crashes %d' "$t" "${execs:-?}" "$crashes")")
  if [ "$crashes" -gt 0 ]; then
    grep -E 'panicked at|ERROR: |SUMMARY' "$log" | head -5 >&2 || true
  fi
done

echo
printf '%s\n' "${summary[@]}"
if [ "$total_crashes" -gt 0 ]; then
  echo "fuzz: $total_crashes crash(es); inputs in fuzz/artifacts/" >&2
  exit 1
fi
echo "fuzz: no crashes"
