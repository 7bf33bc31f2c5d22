// Node (CommonJS): source of node.cjs, bundled by scripts/build-wasm.sh (esbuild, CJS).
// Not shipped as is. The module is read from disk and instantiated on first use.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RateError, entry } from "./facade.js";

const runtime = { sync: (initSync) => initSync({ module: readFileSync(join(__dirname, "zonerate_bg.wasm")) }) };

export const { init, RateEngine } = entry(runtime);
export { RateError };
