// Every JS test of the WebAssembly package, offline. Run by scripts/test-js.sh after
// scripts/build-wasm.sh has filled pkg/ and the native CLI is built:
//   node tests/js/run.mjs [section...]     sections: size types stack memory conformance random packaging worker
// Prints a count per section and runtime, then `js: N passed, M failed`; exits 1 on failure.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { CASES, CARD_FILES, DEFAULT_DATE, MARKUP_FILE } from "./conformance.mjs";
import { suiteInput } from "./lib/inputs.mjs";
import { CHROMIUM, CHROMIUM_ARGS, DENO, DENO_ENV, DENO_RUN, JS_DIR, NATIVE_CLI, OUT, PKG, ROOT } from "./lib/paths.mjs";

// Size of the optimised module (decimal kilobytes: 1 KB = 1000 bytes).
// BUDGET is the target (150 KB raw, 60 KB gzipped, by Node's zlib at level 9): both are met
// (the raw one since the sixteenth session, the gzipped one since the twenty-second; the
// module is about 135.4 KB / 59.2 KB, and docs/performance.md says where the bytes go).
// Both are printed on every run. CEILING is what the test enforces: the budget itself.
export const BUDGET = { raw: 150_000, gzip: 60_000 };
export const CEILING = { raw: BUDGET.raw, gzip: BUDGET.gzip };

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
  // The last build step (scripts/deflate-order.mjs) renumbers exactly and changes no answer.
  const o = JSON.parse(sh(process.execPath, [join(JS_DIR, "order.mjs"), PKG]));
  g.ok("deflate-order with no move gives the module back byte for byte", o.roundTrip === true);
  g.ok("deflate-order without the hints, 500 moves, gives another order", o.moved === true);
  g.ok(`the reordered module answers the conformance suite as the shipped one (${o.answers} answers)`, o.same === true);
  g.ok("deflate-order's saved hints give back the module they were saved from, without names", o.hinted === true);
  g.ok("no linking or relocation section is left in the module", Array.isArray(o.linked) && o.linked.length === 0, JSON.stringify(o.linked));
  const met = (n, budget) => `${n <= budget ? "met" : "NOT MET"} (${n} B, ${(n / budget).toFixed(3)}×)`;
  console.log(
    `  size budget ${BUDGET.raw} B raw: ${met(wasm.length, BUDGET.raw)}; ` +
      `${BUDGET.gzip} B gzip: ${met(gz, BUDGET.gzip)}`,
  );
  g.done();
}

// The shadow stack (scripts/build-wasm.sh sets its size): the deepest inputs the module
// accepts, run by tests/js/stack.mjs in a process of its own, must use at most a quarter of
// it. Stack use is deterministic for a build, so this is a budget like the size's.
async function stackTests() {
  const g = group("stack");
  const r = JSON.parse(sh(process.execPath, [join(JS_DIR, "stack.mjs"), PKG]));
  // The stack lies above the data (the linker puts it after the statics), 64 KB of it.
  g.ok(`the stack is 64 KB above the data`, r.top - r.bottom === 65536 && r.bottom >= r.dataEnd, JSON.stringify(r));
  let most = 0;
  for (const c of r.cases) {
    most = Math.max(most, c.used);
    g.ok(`${c.name}: answers ${c.expect}`, c.code === c.expect, c.code);
    g.ok(`${c.name}: uses the stack, at most a quarter of it`, c.used > 0 && c.used <= r.stackSize / 4, `${c.used} B`);
  }
  console.log(`  stack: at most ${most} B of ${r.stackSize} B used`);
  g.done();
}

// The module's memory (pages of 64 KB) under a repeated workload, run by tests/js/memory.mjs
// in a process of its own: once a round of quotes, batches, markups, verification and extra
// engines has run, running it again takes no new page (nothing leaks, and the allocator
// reuses what was freed). Page counts are deterministic for a build: budgets like the size's.
async function memoryTests() {
  const g = group("memory");
  const r = JSON.parse(sh(process.execPath, [join(JS_DIR, "memory.mjs"), PKG]));
  g.ok("the three USPS cards load in at most 24 pages (1.5 MB, stack and data included)", r.cards <= 24, r.cards);
  g.ok("a round takes at most 128 pages (8 MB) in all", r.rounds[0] <= 128, r.rounds[0]);
  for (let i = 1; i < r.rounds.length; i++) {
    g.ok(`round ${i + 1} takes no page more than round 1`, r.rounds[i] === r.rounds[0], r.rounds.join(" "));
  }
  console.log(`  memory: ${r.cards} pages with the USPS cards, ${r.rounds.join(" ")} after each round`);
  g.done();
}

// Text holding the tape's separators comes back whole (tests/js/tape.mjs, a process of its
// own): the module counts those bytes with wasm SIMD, which the Rust tests do not run.
async function tapeTests() {
  const g = group("tape");
  const r = JSON.parse(sh(process.execPath, [join(JS_DIR, "tape.mjs"), PKG]));
  g.ok(`a service name with U+001C–U+001F at each of 18 or 34 places, and a quoteMany error quoting them, come back whole (${r.checked} answers)`, r.wrong.length === 0 && r.checked === 419, JSON.stringify(r.wrong.slice(0, 3)));
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
    // Deno resolves a bare "zonerate" only when a package.json lists it: a throwaway
    // project whose node_modules/zonerate is pkg/, and whose main module imports it.
    const g = group("conformance, Deno");
    const app = join(OUT, "deno-app");
    rmSync(app, { recursive: true, force: true });
    mkdirSync(join(app, "node_modules"), { recursive: true });
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "deno-app", private: true, type: "module", dependencies: { zonerate: "*" } }));
    symlinkSync(relative(join(app, "node_modules"), PKG), join(app, "node_modules", "zonerate"), "dir");
    const driver = pathToFileURL(join(JS_DIR, "runtimes", "deno.mjs")).href;
    writeFileSync(
      join(app, "main.mjs"),
      `import * as zonerate from "zonerate";\nimport { main } from ${JSON.stringify(driver)};\nawait main(zonerate, import.meta.resolve("zonerate"));\n`,
    );
    const r = spawnSync(DENO, [...DENO_RUN, "main.mjs"], { cwd: app, env: DENO_ENV, encoding: "utf8", maxBuffer: 256 << 20 });
    let suite;
    try {
      suite = JSON.parse(r.stdout);
    } catch {
      suite = { fatal: `exit ${r.status}: ${r.stderr || r.error}` };
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

// ---------------------------------------------------------------------------------------
// Property: native and wasm agree on random shipments (seeded, so a failure reproduces).
// Random ZIPs, weights in every unit (some absurd or malformed), dimensions, dates across
// both USPS editions and the gap, options; each answer deep-equal to the native CLI's.
function randomShipments(n, seed) {
  let x = seed >>> 0;
  const rnd = () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const zip = () => String(Math.floor(rnd() * 100000)).padStart(5, "0");
  const num = (max, dp) => (rnd() * max).toFixed(Math.floor(rnd() * (dp + 1)));
  const origins = ["85027", "43215", "90640", "24072", "10001", "98101", "60601"];
  const dates = ["2025-10-05", "2025-11-03", "2026-01-17", "2026-03-02", "2026-07-12", "2026-11-21", "2027-01-17"];
  const out = [];
  for (let i = 0; i < n; i++) {
    const s = { from: rnd() < 0.8 ? pick(origins) : zip(), to: rnd() < 0.95 ? zip() : pick(["1234", "ABCDE", "12345-6789"]), shipDate: pick(dates) };
    const unit = pick(["lb", "oz", "kg", "g"]);
    const w = rnd() < 0.97 ? num(unit === "g" ? 30000 : unit === "oz" ? 1200 : 80, 3) : pick(["0", "-1", "abc", "1e9"]);
    s.weight = rnd() < 0.5 ? `${w}${unit}` : { value: rnd() < 0.5 ? w : Number(w) || w, unit };
    if (rnd() < 0.6) {
      const du = pick(["in", "cm"]);
      const side = () => num(du === "cm" ? 150 : 60, 2);
      s.dimensions = rnd() < 0.5 ? `${side()}x${side()}x${side()}${du}` : { length: side(), width: side(), height: side(), unit: du };
    }
    if (rnd() < 0.5) s.residential = rnd() < 0.5;
    if (rnd() < 0.15) s.options = { packaging: pick(["tube", "box"]), declaredValue: num(500, 2) };
    if (rnd() < 0.1) s.view = "internal";
    if (rnd() < 0.1) s.fingerprint = true;
    out.push(s);
  }
  return out;
}

async function randomTests() {
  const g = group("random shipments: native = wasm (Node)");
  const seed = Number(process.env.ZR_SEED || 20261121);
  const shipments = randomShipments(400, seed);
  const cardArgs = CARD_FILES.flatMap((f) => ["--cards", join(ROOT, f)]);
  const lines = shipments.map((s) => JSON.stringify(s)).join("\n") + "\n";
  const native = sh(NATIVE_CLI, ["quote", ...cardArgs, "--stdin", "--date", DEFAULT_DATE], { input: lines })
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const { init, RateEngine, RateError } = await import(pathToFileURL(join(PKG, "node.mjs")).href);
  await init();
  const engine = new RateEngine();
  for (const f of CARD_FILES) engine.addCard(readFileSync(join(ROOT, f), "utf8"));
  let same = 0;
  let errors = 0;
  const bad = [];
  shipments.forEach((s, i) => {
    let got;
    try {
      got = engine.quote(s);
    } catch (e) {
      if (!(e instanceof RateError)) throw e;
      errors++;
      got = { error: { code: e.code, path: e.path, message: e.detail } };
    }
    if (isDeepStrictEqual(got, native[i])) same++;
    else if (bad.length < 3) bad.push(`#${i} ${JSON.stringify(s)}\n    wasm:   ${JSON.stringify(got).slice(0, 300)}\n    native: ${JSON.stringify(native[i]).slice(0, 300)}`);
  });
  g.ok(`${shipments.length} random shipments (seed ${seed}, ${errors} of them bad input): wasm = native for ${same}`, same === shipments.length, bad.join("\n"));
  g.ok("the sample has both priced quotes and errors", errors > 0 && errors < shipments.length, `${errors} errors`);
  g.done();
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
  if (runs("stack")) await stackTests();
  if (runs("memory")) await memoryTests();
  if (runs("tape")) await tapeTests();
  if (runs("conformance")) await conformanceTests();
  if (runs("random")) await randomTests();
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
