// Node (ESM): the module is read from disk and instantiated synchronously on first use.
import { readFileSync } from "node:fs";
import { RateError, entry } from "./facade.js";

const runtime = { sync: (initSync) => initSync({ module: readFileSync(new URL("./zonerate_bg.wasm", import.meta.url)) }) };

export const { init, RateEngine } = entry(runtime);
export { RateError };
