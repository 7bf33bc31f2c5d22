// Cloudflare Workers (workerd, wrangler) and other edge runtimes that import a .wasm
// file as a compiled WebAssembly.Module: no fetch, no runtime compilation (which
// workerd forbids); instantiation is synchronous, on first use.
import wasm from "./zonerate_bg.wasm";
import { RateError, entry } from "./facade.js";

const runtime = { sync: (initSync) => initSync({ module: wasm }) };

export const { init, RateEngine } = entry(runtime);
export { RateError };
