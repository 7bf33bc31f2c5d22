// Packaging tests: `npm pack` pkg/, install the tarball (offline) into fresh projects and
// quote in each: Node ESM and CommonJS, Deno, TypeScript consumers (tsc, deno check), a Vite build run in
// Chromium, and a Worker bundled the way wrangler bundles, run in workerd (miniflare).
// Every quote is compared, deep-equal, with the native CLI's answer.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import { DENO, DENO_ENV, DENO_RUN, JS_DIR, NATIVE_CLI, OUT, PKG, ROOT } from "./lib/paths.mjs";
import { MODULE_RULES, bundleWorker } from "./lib/wrangler-bundle.mjs";

export const USPS_CARDS = ["cards/usps/usps-zones.json", "cards/usps/usps-2025-10-05.json", "cards/usps/usps-2026-07-12.json"];
export const SHIPMENT = { from: "85027", to: "90210", weight: "2.5lb", dimensions: "13x13x13in", residential: false, shipDate: "2026-11-21" };
const BAD = { from: "85027", to: "90210", weight: "2stone" };

const EXPECTED_FILES = [
  "README.md",
  "facade.js",
  "glue.js",
  "index.d.cts",
  "index.d.ts",
  "node.cjs",
  "node.mjs",
  "package.json",
  "web.js",
  "workerd.js",
  "zonerate_bg.wasm",
];

/** The native CLI's answer for one shipment on the USPS cards. */
export function nativeQuote(sh, shipment = SHIPMENT) {
  const args = ["quote", ...USPS_CARDS.flatMap((f) => ["--cards", join(ROOT, f)]), "--stdin"];
  return JSON.parse(sh(NATIVE_CLI, args, { input: JSON.stringify(shipment) + "\n" }).trim());
}

function project(dir, tgz, sh, pkgJson = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: dir.split("/").pop(), private: true, type: "module", ...pkgJson }, null, 2));
  // The tarball has no dependencies: nothing is fetched.
  sh("npm", ["install", tgz, "--offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
  const cards = join(dir, "cards");
  mkdirSync(cards, { recursive: true });
  for (const f of USPS_CARDS) copyFileSync(join(ROOT, f), join(cards, f.split("/").pop()));
}

const cardNames = USPS_CARDS.map((f) => f.split("/").pop());

export async function packaging({ group, sh, inBrowser, serve }) {
  const dir = join(OUT, "pack");
  mkdirSync(dir, { recursive: true });
  const expected = nativeQuote(sh);
  // What an installed-package script (Node, Deno) printed: the right entry, native quotes, a RateError, recovery.
  const check = (out, entry) => {
    if (!out.entry.endsWith(entry)) throw new Error(`resolved ${out.entry}, expected …/${entry}`);
    if (!isDeepStrictEqual(out.result, expected)) throw new Error(`differs from native: ${JSON.stringify(out.result).slice(0, 300)}`);
    if (!isDeepStrictEqual(out.again, expected)) throw new Error("second quote after an error differs");
    const e = out.error;
    if (!(e.isRateError && e.name === "RateError" && e.code === "unknown_unit" && e.path === "weight")) throw new Error(JSON.stringify(e));
  };

  // --- npm pack ---------------------------------------------------------------------------
  const g = group("packaging, npm pack");
  const packed = JSON.parse(sh("npm", ["pack", PKG, "--pack-destination", dir, "--json", "--loglevel=error"]))[0];
  const tgz = join(dir, packed.filename);
  const files = packed.files.map((f) => f.path).sort();
  g.ok("tarball holds exactly the package files", JSON.stringify(files) === JSON.stringify(EXPECTED_FILES), files.join(", "));
  g.ok("name and version", packed.name === "zonerate" && packed.filename === `zonerate-${packed.version}.tgz`, packed.filename);
  g.done();

  // --- Node: ESM, CommonJS, TypeScript ------------------------------------------------------
  {
    const g = group("packaging, Node (installed tarball)");
    const app = join(dir, "node-app");
    project(app, tgz, sh);
    const body = (load) => `${load}
const engine = new RateEngine();
for (const f of ${JSON.stringify(cardNames)}) engine.addCard(readFileSync(cardPath(f), "utf8"));
const result = engine.quote(${JSON.stringify(SHIPMENT)});
let err;
try { engine.quote(${JSON.stringify(BAD)}); } catch (e) { err = e; }
const again = engine.quote(${JSON.stringify(SHIPMENT)});
console.log(JSON.stringify({ result, again, error: { isRateError: err instanceof RateError && err instanceof Error, name: err.name, code: err.code, path: err.path }, entry: RESOLVED }));
`;
    writeFileSync(
      join(app, "esm.mjs"),
      body(`import { init, RateEngine, RateError } from "zonerate";
import { readFileSync } from "node:fs";
const cardPath = (f) => new URL("./cards/" + f, import.meta.url);
const RESOLVED = import.meta.resolve("zonerate");
await init();`),
    );
    writeFileSync(
      join(app, "cjs.cjs"),
      body(`const { init, RateEngine, RateError } = require("zonerate");
const { readFileSync } = require("node:fs");
const cardPath = (f) => require("node:path").join(__dirname, "cards", f);
const RESOLVED = require.resolve("zonerate");`),
    );
    for (const [name, file, entry] of [["ESM import", "esm.mjs", "node.mjs"], ["CommonJS require", "cjs.cjs", "node.cjs"]]) {
      await g.step(`${name}: quotes = native`, () => check(JSON.parse(sh(process.execPath, [file], { cwd: app })), entry));
    }
    // TypeScript: the sample consumer against the installed package, three ways.
    mkdirSync(join(app, "types"), { recursive: true });
    copyFileSync(join(JS_DIR, "types", "consumer.ts"), join(app, "types", "consumer.ts"));
    copyFileSync(join(JS_DIR, "types", "consumer.cts"), join(app, "types", "consumer.cts"));
    const base = { strict: true, noEmit: true, target: "es2022", lib: ["es2022"], types: [], skipLibCheck: false };
    const configs = {
      "nodenext (ESM import + CommonJS require)": [{ ...base, module: "nodenext", moduleResolution: "nodenext" }, ["types/consumer.ts", "types/consumer.cts"]],
      "bundler resolution": [{ ...base, module: "esnext", moduleResolution: "bundler" }, ["types/consumer.ts"]],
      "bundler resolution, workerd condition": [{ ...base, module: "esnext", moduleResolution: "bundler", customConditions: ["workerd", "worker", "browser"] }, ["types/consumer.ts"]],
    };
    let i = 0;
    for (const [name, [compilerOptions, files]] of Object.entries(configs)) {
      const cfg = join(app, `tsconfig.${i++}.json`);
      writeFileSync(cfg, JSON.stringify({ compilerOptions, files }, null, 2));
      await g.step(`tsc --noEmit --strict, ${name}`, () => {
        try {
          sh(process.execPath, [join(JS_DIR, "node_modules", "typescript", "bin", "tsc"), "-p", cfg], { cwd: app });
        } catch (e) {
          throw new Error(`${e.stdout}${e.stderr}`);
        }
      });
    }
    g.done();
  }

  // --- Deno: the same ESM script and TypeScript consumer, in the same installed project -------
  {
    const g = group("packaging, Deno (installed tarball)");
    const app = join(dir, "node-app");
    const deno = (args) => sh(DENO, args, { cwd: app, env: DENO_ENV });
    await g.step("import in Deno (exports map: deno → web.js): quotes = native", () => check(JSON.parse(deno([...DENO_RUN, "esm.mjs"])), "web.js"));
    await g.step("deno check: the sample consumer against the installed package", () => {
      try {
        deno(["check", "--quiet", "--node-modules-dir=manual", "--no-config", "types/consumer.ts"]);
      } catch (e) {
        throw new Error(`${e.stdout}${e.stderr}`);
      }
    });
    g.done();
  }

  // --- Vite build, run in Chromium ------------------------------------------------------------
  {
    const g = group("packaging, Vite build in Chromium");
    const app = join(dir, "vite-app");
    project(app, tgz, sh);
    writeFileSync(join(app, "index.html"), `<!doctype html><meta charset="utf-8"><title>zonerate + vite</title><link rel="icon" href="data:,"><script type="module" src="/main.js"></script>\n`);
    writeFileSync(
      join(app, "main.js"),
      `import { init, RateEngine, RateError } from "zonerate";
${cardNames.map((f, i) => `import card${i} from "./cards/${f}?raw";`).join("\n")}
(async () => {
  try {
    await init();
    const engine = new RateEngine();
    ${cardNames.map((_, i) => `engine.addCard(card${i});`).join(" ")}
    const result = engine.quote(${JSON.stringify(SHIPMENT)});
    let err;
    try { engine.quote(${JSON.stringify(BAD)}); } catch (e) { err = e; }
    window.__result = { result, error: { isRateError: err instanceof RateError, code: err.code, path: err.path }, again: engine.quote(${JSON.stringify(SHIPMENT)}) };
  } catch (e) {
    window.__result = { fatal: String(e && e.stack ? e.stack : e) };
  }
})();
`,
    );
    const built = await g.step("vite build", async () => {
      const { build } = await import("vite");
      await build({ root: app, configFile: false, logLevel: "error", build: { outDir: join(app, "dist"), emptyOutDir: true } });
      return true;
    });
    if (built) {
      const assets = readdirSync(join(app, "dist", "assets"));
      g.ok("the .wasm is emitted as an asset", assets.some((f) => f.endsWith(".wasm")), assets.join(", "));
      const server = await serve(join(app, "dist"));
      try {
        const { value, errors } = await inBrowser(`${server.url}/`, "__result");
        g.ok("page quotes = native", value && isDeepStrictEqual(value.result, expected), JSON.stringify(value).slice(0, 400));
        g.ok("RateError in the page, then a good quote", value && value.error && value.error.isRateError && value.error.code === "unknown_unit" && isDeepStrictEqual(value.again, expected), JSON.stringify(value && value.error));
        g.ok("no console errors", errors.length === 0, errors.join("\n"));
      } finally {
        await server.close();
      }
    }
    g.done();
  }

  // --- Worker bundled like wrangler, run in workerd -----------------------------------------
  {
    const g = group("packaging, wrangler-style bundle in workerd");
    const app = join(dir, "worker-app");
    project(app, tgz, sh);
    mkdirSync(join(app, "src"), { recursive: true });
    writeFileSync(
      join(app, "src", "index.js"),
      `import { init, RateEngine, RateError } from "zonerate";
${cardNames.map((f, i) => `import card${i} from "../cards/${f}";`).join("\n")}
let engine;
export default {
  async fetch(request) {
    await init();
    if (!engine) {
      engine = new RateEngine();
      ${cardNames.map((_, i) => `engine.addCard(card${i});`).join(" ")}
    }
    const shipment = await request.json();
    try {
      return Response.json(engine.quote(shipment));
    } catch (e) {
      if (e instanceof RateError) return Response.json({ error: e.toJSON() }, { status: 400 });
      throw e;
    }
  },
};
`,
    );
    const bundle = await g.step("esbuild, conditions workerd/worker/browser, .wasm as a module", () => bundleWorker(join(app, "src", "index.js"), join(app, "dist")));
    if (bundle) {
      const inputs = Object.keys(bundle.metafile.inputs);
      g.ok("the workerd entry was chosen", inputs.some((f) => f.endsWith("node_modules/zonerate/workerd.js")), inputs.join(", "));
      const { Miniflare } = await import("miniflare");
      let mf;
      try {
    mf = new Miniflare({ modules: true, scriptPath: bundle.script, modulesRules: MODULE_RULES, compatibilityDate: "2025-09-01" });
        const post = (body) => mf.dispatchFetch("http://worker.test/", { method: "POST", body: JSON.stringify(body) });
        const r1 = await post(SHIPMENT);
        g.ok("quote = native", r1.status === 200 && isDeepStrictEqual(await r1.json(), expected));
        const r2 = await post(BAD);
        const e2 = await r2.json();
        g.ok("bad input: 400 with the RateError", r2.status === 400 && e2.error.name === "RateError" && e2.error.code === "unknown_unit" && e2.error.path === "weight", JSON.stringify(e2));
        const r3 = await post(SHIPMENT);
        g.ok("next good request succeeds", r3.status === 200 && isDeepStrictEqual(await r3.json(), expected));
      } catch (e) {
        g.ok("workerd run", false, e && e.stack);
      } finally {
        await mf?.dispose();
      }
    }
    g.done();
  }
}
