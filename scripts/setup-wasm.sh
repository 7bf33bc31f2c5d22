#!/usr/bin/env bash
# Install the WebAssembly build toolchain for zonerate (idempotent).
#   bash scripts/setup-wasm.sh
# Route A: rustup already has the wasm32-unknown-unknown std -> nothing to apt-install.
# Route B: (Debian 12 build machines / CI) Debian's rustc-web 1.96 + rust-web-src, used with
#          `-Z build-std` (see scripts/wasm-env.sh). Only package registries are reachable.
# wasm-opt is NOT installed here: it comes from the npm package `binaryen` in the project's
# node_modules (Debian's binaryen 108 is too old for current Rust output).
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
APT_PKGS=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
RUSTC_WEB_MIN=1.96

log() { printf '[setup-wasm] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root for: $*" >&2; exit 1; fi
}

# --- step 1: Rust compiler + std for wasm32 ---------------------------------------------
have_rustup_wasm() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'
}

# installed with the right (minimum) version?
pkg_ok() {
  local st ver
  st=$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) || return 1
  [ "$st" = installed ] || return 1
  [ "$1" != rustc-web ] && return 0
  ver=$(dpkg-query -W -f='${Version}' "$1")
  dpkg --compare-versions "$ver" ge "$RUSTC_WEB_MIN"
}

# do the current apt lists already offer every package (rustc-web new enough)?
apt_lists_ok() {
  local p cand
  for p in "${APT_PKGS[@]}"; do
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    { [ -n "$cand" ] && [ "$cand" != "(none)" ]; } || return 1
    if [ "$p" = rustc-web ]; then dpkg --compare-versions "$cand" ge "$RUSTC_WEB_MIN" || return 1; fi
  done
}

if have_rustup_wasm; then
  log "rust: rustup has wasm32-unknown-unknown -> no apt packages needed"
else
  missing=()
  for p in "${APT_PKGS[@]}"; do pkg_ok "$p" || missing+=("$p"); done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "rust: ${APT_PKGS[*]} already installed ($(/usr/bin/rustc --version)) -> skip"
  else
    if apt_lists_ok; then
      log "apt: package lists already offer ${APT_PKGS[*]} -> skip apt-get update"
    else
      log "apt: apt-get update"
      as_root apt-get update -qq
    fi
    log "rust: apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${APT_PKGS[@]}" >/dev/null
    for p in "${APT_PKGS[@]}"; do
      pkg_ok "$p" || { log "rust: $p missing or older than $RUSTC_WEB_MIN after install" >&2; exit 1; }
    done
  fi
fi

# --- step 2: wasm-bindgen CLI, exactly matching the crate pin -----------------------------
CARGO_BIN_DIR="${CARGO_HOME:-$HOME/.cargo}/bin"
wb_version() {
  local wb
  wb=$(command -v wasm-bindgen 2>/dev/null || true)
  [ -z "$wb" ] && [ -x "$CARGO_BIN_DIR/wasm-bindgen" ] && wb="$CARGO_BIN_DIR/wasm-bindgen"
  [ -n "$wb" ] && "$wb" --version 2>/dev/null | awk '{print $2}'
}
if [ "$(wb_version || true)" = "$WASM_BINDGEN_VERSION" ]; then
  log "wasm-bindgen-cli: $WASM_BINDGEN_VERSION already installed -> skip"
else
  # host tool: build it with the rustup cargo (not /usr/bin/cargo), ignoring any RUSTC override
  HOST_CARGO="$CARGO_BIN_DIR/cargo"
  [ -x "$HOST_CARGO" ] || HOST_CARGO=$(command -v cargo)
  host_cargo() { env -u RUSTC -u RUSTC_BOOTSTRAP -u CARGO_BUILD_TARGET "$HOST_CARGO" "$@"; }
  log "wasm-bindgen-cli: cargo install wasm-bindgen-cli --version =$WASM_BINDGEN_VERSION --locked (a few minutes)"
  if ! host_cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --locked --quiet; then
    # The package index reachable from the build machines may lack a version named in
    # wasm-bindgen-cli's Cargo.lock (seen: webpki-roots 1.0.11, required by ureq). The CLI
    # itself is still exactly $WASM_BINDGEN_VERSION; only its own dependencies re-resolve.
    log "wasm-bindgen-cli: --locked failed, retrying without --locked (cli still =$WASM_BINDGEN_VERSION)"
    host_cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --quiet
  fi
  got=$(wb_version || true)
  if [ "$got" != "$WASM_BINDGEN_VERSION" ]; then
    log "wasm-bindgen-cli: expected $WASM_BINDGEN_VERSION, '${got:-nothing}' found first on PATH" >&2
    exit 1
  fi
fi

# --- step 3: wasm-opt ---------------------------------------------------------------------
log "wasm-opt: not installed here; comes from npm package 'binaryen' in the project's node_modules"
