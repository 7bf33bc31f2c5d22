// Node (ESM): the module is read from disk and instantiated synchronously on first use.
import { readFileSync } from "node:fs";
import { Engine, RateError, start } from "./facade.js";

const runtime = { sync: (initSync) => initSync({ module: readFileSync(new URL("./zonerate_bg.wasm", import.meta.url)) }) };

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
