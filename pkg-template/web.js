// Browsers, Deno and anything else with fetch: the module is fetched next to this file
// (bundlers such as Vite see the `new URL(…, import.meta.url)` and emit the .wasm).
// Loading is asynchronous: `await init()` before `new RateEngine()`.
import { Engine, RateError, start } from "./facade.js";

const runtime = { async: (initWasm) => initWasm({ module_or_path: new URL("./zonerate_bg.wasm", import.meta.url) }) };

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
