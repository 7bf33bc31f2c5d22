// Benchmark of the WebAssembly package (not a test: times vary; see docs/performance.md).
//   bash scripts/build-wasm.sh && node bench/wasm-bench.mjs [--markdown] [--pkg DIR] [--cold]
// (--pkg: another build of the package, to compare; --cold: the workerd rows only)
// Prints a table:
//   - workerd cold start: a new Miniflare isolate per run (41 runs: median and mean, as the
//     worker's clock moves in whole ms); inside the worker, init() +
//     addCard() of the three USPS cards (performance.now and Date.now), and the wall time
//     of the first dispatchFetch (isolate's first request: init, cards, one quote);
//   - one all-services quote through the JS API in Node (median µs, objects in and out);
//   - quoteMany throughput in Node (service-quotes/s: priced services per second).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const argAfter = (flag) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const PKG = argAfter("--pkg") ?? join(ROOT, "pkg");
const COLD_ONLY = process.argv.includes("--cold");
const requireJs = createRequire(join(ROOT, "tests", "js", "package.json"));
const { Miniflare } = await import(pathToFileURL(requireJs.resolve("miniflare")).href);
const { CARD_FILES } = await import(pathToFileURL(join(ROOT, "tests", "js", "conformance.mjs")).href);
const { init, RateEngine } = await import(pathToFileURL(join(PKG, "node.mjs")).href);

const USPS = ["cards/usps/usps-zones.json", "cards/usps/usps-2025-10-05.json", "cards/usps/usps-2026-07-12.json"];
// Every shipped card, in the order the CLI loads them (the conformance suite's list).
const ALL = CARD_FILES;
const read = (f) => readFileSync(join(ROOT, f), "utf8");
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const fmt = (x, d = 1) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

// --- workerd cold start -----------------------------------------------------------------
const WORKER = `
import { init, RateEngine } from "./workerd.js";
import zones from "./usps-zones.json.txt";
import c2025 from "./usps-2025.json.txt";
import c2026 from "./usps-2026.json.txt";
let engine, loadMs, loadDateMs;
export default {
  async fetch() {
    if (!engine) {
      const t0 = performance.now(), d0 = Date.now();
      await init();
      const e = new RateEngine();
      e.addCard(zones); e.addCard(c2025); e.addCard(c2026);
      loadMs = performance.now() - t0;
      loadDateMs = Date.now() - d0;
      engine = e;
    }
    const r = engine.quote({ from: "85027", to: "10001", weight: "2.5lb", dimensions: "12x10x6in", shipDate: "2025-11-03" });
    return Response.json({ loadMs, loadDateMs, quotes: r.quotes.length });
  },
};`;

async function coldStart(runs) {
  const rows = [];
  for (let i = 0; i < runs; i++) {
    const mf = new Miniflare({
      modules: [
        { type: "ESModule", path: join(PKG, "main.js"), contents: WORKER },
        { type: "ESModule", path: join(PKG, "workerd.js") },
        { type: "ESModule", path: join(PKG, "facade.js") },
        { type: "ESModule", path: join(PKG, "glue.js") },
        { type: "CompiledWasm", path: join(PKG, "zonerate_bg.wasm") },
        { type: "Text", path: join(PKG, "usps-zones.json.txt"), contents: read(USPS[0]) },
        { type: "Text", path: join(PKG, "usps-2025.json.txt"), contents: read(USPS[1]) },
        { type: "Text", path: join(PKG, "usps-2026.json.txt"), contents: read(USPS[2]) },
      ],
      modulesRoot: PKG,
      compatibilityDate: "2025-09-01",
    });
    await mf.ready;
    const t0 = performance.now();
    const first = await (await mf.dispatchFetch("http://bench.test/")).json();
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    await (await mf.dispatchFetch("http://bench.test/")).json();
    const warmMs = performance.now() - t1;
    rows.push({ ...first, firstMs, warmMs });
    await mf.dispose();
  }
  return rows;
}

// --- Node: one quote, quoteMany ------------------------------------------------------------
function engineWith(files) {
  const e = new RateEngine();
  for (const f of files) e.addCard(read(f));
  return e;
}

function singleQuote(engine, shipment, iterations) {
  for (let i = 0; i < 2000; i++) engine.quote(shipment); // warm-up (JIT, allocator)
  const times = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    engine.quote(shipment);
    times[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  const r = engine.quote(shipment);
  return { medianUs: median(times), services: r.quotes.length + r.unavailable.length, priced: r.quotes.length };
}

// Deterministic pseudo-random shipments from Phoenix (the 850 chart is in force on the
// 2025 card's dates) to random ZIPs, with dimensions (so the cubic services price too).
function shipments(n) {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out = [];
  for (let i = 0; i < n; i++) {
    const to = String(10000 + Math.floor(rnd() * 89000)).padStart(5, "0");
    const w = (0.1 + rnd() * 15).toFixed(2);
    const dims = `${4 + Math.floor(rnd() * 14)}x${4 + Math.floor(rnd() * 10)}x${2 + Math.floor(rnd() * 8)}in`;
    out.push({ from: "85027", to, weight: `${w}lb`, dimensions: dims, shipDate: "2025-11-03" });
  }
  return out;
}

function throughput(engine, batch, seconds) {
  engine.quoteMany(batch); // warm-up
  let calls = 0;
  let priced = 0;
  let evaluated = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const res = engine.quoteMany(batch);
    calls++;
    for (const r of res) {
      if (r.quotes) {
        priced += r.quotes.length;
        evaluated += r.quotes.length + r.unavailable.length;
      }
    }
  }
  const s = (performance.now() - t0) / 1000;
  return { pricedPerS: priced / s, evaluatedPerS: evaluated / s, shipmentsPerS: (calls * batch.length) / s };
}

// --- run --------------------------------------------------------------------------------
const cpu = (readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) || [, cpus()[0]?.model ?? "?"])[1];
const nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const wasmBytes = readFileSync(join(PKG, "zonerate_bg.wasm")).length;

await init();
// workerd's clock inside a worker moves in whole milliseconds, so one run says little: the
// mean over many isolates resolves what the median of a few cannot.
const COLD_RUNS = 41;
const cold = await coldStart(COLD_RUNS);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const loadMedian = median(cold.map((r) => r.loadMs));
const loadMean = mean(cold.map((r) => r.loadMs));
if (COLD_ONLY) {
  const ms = (k, d) => `${fmt(median(cold.map((r) => r[k])), d)} ms`;
  console.log(`${PKG}: ${wasmBytes} bytes; workerd cold start (${COLD_RUNS} isolates): median ${fmt(loadMedian, 0)} ms, mean ${fmt(loadMean, 2)} ms inside (Date.now median ${ms("loadDateMs", 0)}); first request ${ms("firstMs", 1)}, second ${ms("warmMs", 1)}`);
  process.exit(0);
}
const usps = engineWith(USPS);
const all = engineWith(ALL);
const probe = { from: "85027", to: "10001", weight: "2.5lb", dimensions: "12x10x6in", shipDate: "2025-11-03" };
const q1 = singleQuote(usps, probe, 20000);
const q2 = singleQuote(all, probe, 20000);
const batch = shipments(1000);
const t1 = throughput(usps, batch, 3);
const t2 = throughput(all, batch, 3);

const rows = [
  [`workerd cold start: init + 3 USPS cards, inside the worker (performance.now, whole ms; ${COLD_RUNS} isolates: median, mean)`, `${fmt(loadMedian, 0)} ms, ${fmt(loadMean, 2)} ms`, "≤ 5 ms"],
  ["  same, Date.now", `${fmt(median(cold.map((r) => r.loadDateMs)), 0)} ms`, ""],
  [`workerd: first dispatchFetch, wall (init, cards, 1 quote, round trip; median of ${COLD_RUNS})`, `${fmt(median(cold.map((r) => r.firstMs)), 1)} ms`, ""],
  ["workerd: second dispatchFetch, wall (1 quote, round trip)", `${fmt(median(cold.map((r) => r.warmMs)), 1)} ms`, ""],
  [`Node: one all-services quote, USPS cards (${q1.services} services, ${q1.priced} priced), median`, `${fmt(q1.medianUs)} µs`, "≤ 20 µs"],
  [`Node: one all-services quote, all 9 cards (${q2.services} services, ${q2.priced} priced), median`, `${fmt(q2.medianUs)} µs`, ""],
  ["Node: quoteMany, USPS cards, 1000 shipments/call: priced service-quotes/s", fmt(t1.pricedPerS, 0), "≥ 300,000"],
  ["  same: shipments/s; services evaluated/s", `${fmt(t1.shipmentsPerS, 0)}; ${fmt(t1.evaluatedPerS, 0)}`, ""],
  ["Node: quoteMany, all 9 cards: priced service-quotes/s (services evaluated/s)", `${fmt(t2.pricedPerS, 0)} (${fmt(t2.evaluatedPerS, 0)})`, ""],
];

const md = process.argv.includes("--markdown");
console.log(`machine: nproc ${nproc}, ${cpu}, load average ${load} at start; node ${process.version}; zonerate_bg.wasm ${wasmBytes} bytes`);
if (md) {
  console.log("\n| measure | result | target |\n|---|---:|---|");
  for (const [a, b, c] of rows) console.log(`| ${a.trim()} | ${b} | ${c} |`);
} else {
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b.padStart(18)}  ${c}`);
}
