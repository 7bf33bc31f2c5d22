// Bundles a Worker the way wrangler does: esbuild, ESM, conditions workerd/worker/browser,
// JSON imported as objects, and `.wasm` imports left as separate modules that workerd
// loads as compiled WebAssembly.Module (wrangler's "CompiledWasm" module rule).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export const WRANGLER_CONDITIONS = ["workerd", "worker", "browser"];
// Module rules as wrangler applies them in the modules format: .js/.mjs are ES modules,
// .wasm files compiled WebAssembly modules. (Miniflare's own default treats .js as CommonJS.)
export const MODULE_RULES = [
  { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
  { type: "CompiledWasm", include: ["**/*.wasm"] },
];

export async function bundleWorker(entry, outdir, { nodePaths = [] } = {}) {
  mkdirSync(outdir, { recursive: true });
  const wasmModules = {
    name: "wasm-modules",
    setup(b) {
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = resolve(args.resolveDir, args.path.replace(/\?module$/, ""));
        const name = basename(file);
        copyFileSync(file, join(outdir, name));
        return { path: `./${name}`, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    outfile: join(outdir, "index.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    mainFields: ["browser", "module", "main"],
    conditions: WRANGLER_CONDITIONS,
    loader: { ".js": "jsx", ".mjs": "jsx", ".cjs": "jsx" },
    nodePaths,
    plugins: [wasmModules],
    metafile: true,
    logLevel: "silent",
    absWorkingDir: dirname(entry),
  });
  return { script: join(outdir, "index.js"), metafile: result.metafile };
}
