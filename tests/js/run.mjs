// Every JS test of the WebAssembly package, offline. Run by scripts/test-js.sh after
// scripts/build-wasm.sh has filled pkg/ and the native CLI is built:
//   node tests/js/run.mjs [section...]     sections: size conformance packaging worker types
// Prints a count per section and runtime, then `js: N passed, M failed`; exits 1 on failure.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { CASES, CARD_FILES, DEFAULT_DATE, MARKUP_FILE } from "./conformance.mjs";
import { suiteInput } from "./lib/inputs.mjs";
import { CHROMIUM, CHROMIUM_ARGS, JS_DIR, NATIVE_CLI, OUT, PKG, ROOT } from "./lib/paths.mjs";

// Size of the optimised module (decimal kilobytes: 1 KB = 1000 bytes).
// BUDGET is the target (150 KB raw, 60 KB gzipped): NOT MET yet — the module is about
// 527 KB / 209 KB (docs/performance.md says where the bytes go). It is printed on every
// run and never hidden. CEILING is what the test enforces meanwhile: the size measured
// when the budget was last worked on, so the module cannot grow unnoticed; lower it
// whenever the module shrinks, and make it BUDGET once the budget is met.
export const BUDGET = { raw: 150_000, gzip: 60_000 };
export const CEILING = { raw: 530_000, gzip: 212_000 };

const wanted = new Set(process.argv.slice(2));
const runs = (s) => wanted.size === 0 || wanted.has(s);
let passed = 0;
let failed = 0;
const failures = [];

/** A group of test results with its own count line. */
function group(name) {
  let p = 0;
  let f = 0;
  const g = {
    ok(test, cond, detail = "") {
      if (cond) {
        p++;
        passed++;
      } else {
        f++;
        failed++;
        failures.push(`${name} › ${test}${detail ? `: ${String(detail).slice(0, 600)}` : ""}`);
      }
      return Boolean(cond);
    },
    async step(test, fn) {
      try {
        const r = await fn();
        g.ok(test, true);
        return r;
      } catch (e) {
        g.ok(test, false, e && e.stack ? e.stack : e);
        return undefined;
      }
    },
    done() {
      console.log(`  ${name}: ${p} passed, ${f} failed`);
    },
  };
  return g;
}

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 256 << 20, ...opts });
}

// pkg/ as the package "zonerate" for the conformance drivers (tests/js/node_modules/zonerate).
function linkPackage() {
  const link = join(JS_DIR, "node_modules", "zonerate");
  try {
    if (lstatSync(link)) unlinkSync(link);
  } catch {
    /* not there */
  }
  symlinkSync(relative(join(JS_DIR, "node_modules"), PKG), link, "dir");
}

// ---------------------------------------------------------------------------------------
// Native oracle: the CLI's JSON-lines mode, same cards in the same order.
function nativeResults() {
  const cardArgs = CARD_FILES.flatMap((f) => ["--cards", join(ROOT, f)]);
  const out = new Map();
  for (const engine of ["plain", "markup"]) {
    const cases = CASES.filter((c) => c.engine === engine);
    const lines = cases.map((c) => (typeof c.shipment === "string" ? c.shipment : JSON.stringify(c.shipment))).join("\n") + "\n";
    const args = ["quote", ...cardArgs, "--stdin", "--date", DEFAULT_DATE];
    if (engine === "markup") args.push("--markup", join(ROOT, MARKUP_FILE));
    const text = sh(NATIVE_CLI, args, { input: lines });
    const results = text.trim().split("\n").map((l) => JSON.parse(l));
    if (results.length !== cases.length) throw new Error(`native CLI answered ${results.length} lines for ${cases.length}`);
    cases.forEach((c, i) => out.set(c, results[i]));
  }
  return CASES.map((c) => out.get(c));
}

function compareWithNative(g, suite, native) {
  if (!g.ok("suite ran", suite && !suite.fatal && Array.isArray(suite.results), suite && suite.fatal)) return;
  g.ok("one result per case", suite.results.length === CASES.length, suite.results.length);
  CASES.forEach((c, i) => {
    const got = suite.results[i] && suite.results[i].output;
    g.ok(`= native: ${c.name}`, isDeepStrictEqual(got, native[i]), `\n    wasm:   ${JSON.stringify(got).slice(0, 400)}\n    native: ${JSON.stringify(native[i]).slice(0, 400)}`);
  });
  for (const ch of suite.checks) g.ok(ch.name, ch.ok, ch.detail);
}

let browser;
async function chromium() {
  if (!browser) {
    const { chromium: pw } = await import("playwright-core");
    browser = await pw.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }
  return browser;
}

/** Opens `url` in a fresh page, waits for `window[global]`, returns it and console errors. */
async function inBrowser(url, global, timeout = 120_000) {
  const b = await chromium();
  const page = await b.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(url);
    await page.waitForFunction((name) => window[name] !== undefined, global, { timeout });
    return { value: await page.evaluate((name) => window[name], global), errors };
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------
async function sizeTests() {
  const g = group("size budget");
  const wasm = readFileSync(join(PKG, "zonerate_bg.wasm"));
  const gz = gzipSync(wasm, { level: 9 }).length;
  g.ok(`zonerate_bg.wasm ${wasm.length} B ≤ ceiling ${CEILING.raw} B`, wasm.length <= CEILING.raw, `${wasm.length} bytes`);
  g.ok(`zonerate_bg.wasm gzip -9 ${gz} B ≤ ceiling ${CEILING.gzip} B`, gz <= CEILING.gzip, `${gz} bytes`);
  const met = wasm.length <= BUDGET.raw && gz <= BUDGET.gzip;
  console.log(
    `  size budget ${BUDGET.raw} B raw / ${BUDGET.gzip} B gzip: ${met ? "met" : "NOT MET"} ` +
      `(${wasm.length} B / ${gz} B, ${(wasm.length / BUDGET.raw).toFixed(1)}× / ${(gz / BUDGET.gzip).toFixed(1)}×)`,
  );
  g.done();
}

async function conformanceTests() {
  linkPackage();
  const native = nativeResults();
  const input = suiteInput();

  for (const [name, file] of [["node ESM", "runtimes/node-esm.mjs"], ["node CJS", "runtimes/node-cjs.cjs"]]) {
    const g = group(`conformance, ${name}`);
    const r = spawnSync(process.execPath, [join(JS_DIR, file)], { encoding: "utf8", maxBuffer: 256 << 20 });
    let suite;
    try {
      suite = JSON.parse(r.stdout);
    } catch {
      suite = { fatal: `exit ${r.status}: ${r.stderr}` };
    }
    compareWithNative(g, suite, native);
    g.done();
  }

  {
    const g = group("conformance, workerd");
    const { Miniflare } = await import("miniflare");
    const { MODULE_RULES } = await import("./lib/wrangler-bundle.mjs");
    let mf;
    try {
      mf = new Miniflare({
        modules: true,
        scriptPath: join(JS_DIR, "runtimes", "workerd-main.mjs"),
        modulesRoot: ROOT,
        modulesRules: MODULE_RULES,
        compatibilityDate: "2025-09-01",
      });
      const res = await mf.dispatchFetch("http://zonerate.test/", { method: "POST", body: JSON.stringify(input) });
      compareWithNative(g, await res.json(), native);
    } catch (e) {
      g.ok("workerd run", false, e && e.stack);
    } finally {
      await mf?.dispose();
    }
    g.done();
  }

  {
    const g = group("conformance, chromium");
    const server = await serve(ROOT, ["/pkg/", "/tests/js/", "/cards/", "/examples/"]);
    try {
      const { value, errors } = await inBrowser(`${server.url}/tests/js/runtimes/browser.html`, "__zonerate");
      compareWithNative(g, value, native);
      g.ok("no console errors", errors.length === 0, errors.join("\n"));
    } catch (e) {
      g.ok("chromium run", false, e && e.stack);
    } finally {
      await server.close();
    }
    g.done();
  }
}

async function serve(...args) {
  const { serve: s } = await import("./lib/server.mjs");
  return s(...args);
}

// ---------------------------------------------------------------------------------------
// Packaging: the packed tarball installed into fresh projects.
async function packagingTests() {
  const { packaging } = await import("./packaging.mjs");
  await packaging({ group, sh, inBrowser, serve });
}

async function workerExampleTests() {
  const { workerExample } = await import("./worker-example.mjs");
  await workerExample({ group, sh });
}

async function typeTests() {
  const g = group("types");
  const dts = readFileSync(join(PKG, "index.d.ts"), "utf8");
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  g.ok("index.d.ts has no `any`", !/\bany\b/.test(code), (code.match(/.*\bany\b.*/g) || []).join("\n"));
  g.ok("index.d.cts = index.d.ts", readFileSync(join(PKG, "index.d.cts"), "utf8") === dts);
  g.done();
}

// ---------------------------------------------------------------------------------------
if (!existsSync(join(PKG, "zonerate_bg.wasm"))) {
  console.error("pkg/ is not built: run bash scripts/build-wasm.sh");
  process.exit(1);
}
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const t0 = Date.now();
try {
  if (runs("size")) await sizeTests();
  if (runs("types")) await typeTests();
  if (runs("conformance")) await conformanceTests();
  if (runs("packaging")) await packagingTests();
  if (runs("worker")) await workerExampleTests();
} catch (e) {
  failed++;
  failures.push(`runner: ${e && e.stack ? e.stack : e}`);
} finally {
  if (browser) await browser.close();
}
if (failures.length) {
  console.log("\nfailures:");
  for (const f of failures) console.log(`  ✗ ${f}`);
}
console.log(`\njs tests took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`js: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
