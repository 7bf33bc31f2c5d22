# shellcheck shell=bash
# Source this (do not execute it):  . scripts/wasm-env.sh
# Chooses how to build for wasm32-unknown-unknown on this machine and sets:
#   ZR_WASM_CARGO            cargo to run
#   ZR_WASM_RUSTC            compiler to pass as RUSTC=
#   ZR_WASM_BUILD_STD_FLAGS  extra cargo flags ("" with a rustup wasm32 target)
# and, on the Debian route only, exports RUSTC_BOOTSTRAP=1 (lets stable rustc take -Z).
# Usage:
#   RUSTC=$ZR_WASM_RUSTC $ZR_WASM_CARGO build --release --target wasm32-unknown-unknown \
#     $ZR_WASM_BUILD_STD_FLAGS ...
# Install the toolchain first with: bash scripts/setup-wasm.sh

if command -v rustup >/dev/null 2>&1 &&
  rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
  # Route A: normal rustup toolchain with the prebuilt wasm32 std.
  # Use rustup's proxies (next to rustup), not a /usr/bin/cargo that may come first on PATH.
  _zr_bin=$(dirname "$(command -v rustup)")
  ZR_WASM_CARGO="$_zr_bin/cargo"
  ZR_WASM_RUSTC="$_zr_bin/rustc"
  unset _zr_bin
  ZR_WASM_BUILD_STD_FLAGS=""
elif [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] &&
  [ -d "$(/usr/bin/rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library" ]; then
  # Route B: Debian rustc-web/cargo-web + rust-web-src; rebuild std for the target.
  # RUSTC must be set explicitly, otherwise the rustup proxy on PATH is picked up.
  ZR_WASM_CARGO=/usr/bin/cargo
  ZR_WASM_RUSTC=/usr/bin/rustc
  ZR_WASM_BUILD_STD_FLAGS="-Z build-std=std,panic_abort"
  export RUSTC_BOOTSTRAP=1
else
  echo "wasm-env.sh: no wasm32-unknown-unknown toolchain found; run: bash scripts/setup-wasm.sh" >&2
  # shellcheck disable=SC2317
  return 1 2>/dev/null || exit 1
fi
export ZR_WASM_CARGO ZR_WASM_RUSTC ZR_WASM_BUILD_STD_FLAGS
