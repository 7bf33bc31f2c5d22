#!/usr/bin/env bash
# Install what the JavaScript side needs (idempotent; called by scripts/setup.sh):
#   - tests/js/node_modules from tests/js/package-lock.json (`npm ci`): binaryen (wasm-opt),
#     deno, esbuild, miniflare (workerd), playwright-core, typescript, vite — pinned exactly;
#   - Chromium from Debian (`/usr/bin/chromium`) for the headless-browser tests.
#     Never `npx playwright install`: it downloads a browser from outside the registries.
# Each step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup-js] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root for: $*" >&2; exit 1; fi
}

# --- Node ---------------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "node and npm are required (Node 20.19 or later)" >&2
  exit 1
fi
# vite 7 needs Node ^20.19 or >=22.12; miniflare is pinned to the last release for Node 20.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)||a===21?0:1)'; then
  log "Node $(node --version) is too old: need 20.19+ or 22.12+" >&2
  exit 1
fi

# --- npm packages (one folder: tests/js) ----------------------------------------------------
JS_DIR=tests/js
stamp="$JS_DIR/node_modules/.zonerate-lock.sha256"
want=$(sha256sum "$JS_DIR/package-lock.json" | awk '{print $1}')
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  log "npm: $JS_DIR/node_modules matches package-lock.json -> skip"
else
  log "npm: npm ci in $JS_DIR"
  (cd "$JS_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi

# --- Chromium (Debian package) --------------------------------------------------------------
if [ -x /usr/bin/chromium ]; then
  log "chromium: /usr/bin/chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo '?')) -> skip"
else
  cand=$(apt-cache policy chromium 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
    log "apt: apt-get update"
    as_root apt-get update -qq
  else
    log "apt: package lists already offer chromium $cand -> skip apt-get update"
  fi
  log "chromium: apt-get install chromium"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x /usr/bin/chromium ] || { log "chromium: /usr/bin/chromium missing after install" >&2; exit 1; }
fi
log "ok"
