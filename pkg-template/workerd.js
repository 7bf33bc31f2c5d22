// Cloudflare Workers (workerd, wrangler) and other edge runtimes that import a .wasm
// file as a compiled WebAssembly.Module: no fetch, no runtime compilation (which
// workerd forbids); instantiation is synchronous, on first use.
import wasm from "./zonerate_bg.wasm";
import { Engine, RateError, start } from "./facade.js";

const runtime = { sync: (initSync) => initSync({ module: wasm }) };

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
