// Browsers, Deno and anything else with fetch: the module is fetched next to this file
// (bundlers such as Vite see the `new URL(…, import.meta.url)` and emit the .wasm).
// Loading is asynchronous: `await init()` before `new RateEngine()`.
import { RateError, entry } from "./facade.js";

const runtime = { async: (initWasm) => initWasm({ module_or_path: new URL("./zonerate_bg.wasm", import.meta.url) }) };

export const { init, RateEngine } = entry(runtime);
export { RateError };
