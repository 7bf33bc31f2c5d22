// Node (CommonJS): source of node.cjs, bundled by scripts/build-wasm.sh (esbuild, CJS).
// Not shipped as is. The module is read from disk and instantiated on first use.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine, RateError, start } from "./facade.js";

const runtime = { sync: (initSync) => initSync({ module: readFileSync(join(__dirname, "zonerate_bg.wasm")) }) };

/** Loads the WebAssembly module; memoized, resolves on every runtime. */
export function init() {
  return start(runtime);
}

/** Loaded rate cards and markup rules; answers quotes. */
export class RateEngine extends Engine {
  constructor() {
    super(runtime);
  }
}

export { RateError };
