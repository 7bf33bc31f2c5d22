// Orders a WebAssembly module's functions so that similar ones sit next to each other, which
// lets gzip (deflate: matches only within the last 32 KB) find more of their bytes again.
// Run by scripts/build-wasm.sh between two wasm-opt runs:
//   node scripts/order-functions.mjs OPTIMIZED INPUT OUTPUT
// OPTIMIZED is INPUT after the build's wasm-opt passes, with its name section kept: the
// similarity is measured on the bodies as they will be shipped. OUTPUT is INPUT (not
// OPTIMIZED: a second read and write of optimized code would cost bytes) with the same
// functions in the new order; wasm-opt keeps that order, so the build runs it on OUTPUT again.
// Nothing else changes: code, names, types, exports, tables and features are INPUT's.
//
// The order: a greedy walk, each time to the function not yet placed that has the largest
// share of its byte 4-grams in the last few functions placed. It starts with the HOT functions
// called from the most sites (the allocator, `Vec::extend_from_slice`, the JSON writers' key):
// a call names its function by index, a LEB of one byte below 128 and two above, and these
// few are named by about a third of all calls. The walk places them first, among themselves
// by similarity, then every other function. Functions of INPUT that the optimizer removed
// (inlined ones) follow in their old order. Deterministic: the same bytes give the same order.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { WasmReader } from "./wasm-read.mjs";

const [optimizedPath, inputPath, outputPath] = process.argv.slice(2);
if (!outputPath) {
  console.error("usage: node scripts/order-functions.mjs OPTIMIZED INPUT OUTPUT");
  process.exit(2);
}
const GRAM = 4; // bytes per n-gram
const RECENT = 6; // functions the next one is compared with
// Most-called functions placed first. Measured on five builds against none: 3 to 10 all save
// (10: -490 B raw, -170 B gzip -9, -350 B by Node's zlib on average); 15 or more lose gzip,
// and wasm-opt's --reorder-functions (every function by calls) loses 0.6 KB of it: the
// similarity of neighbours is worth more to deflate than short indices.
const HOT = 10;

const require = createRequire(new URL("../tests/js/package.json", import.meta.url));
const binaryen = (await import(require.resolve("binaryen"))).default;

/** The defined functions' bodies and names of a module: { bodies: Buffer[], names: string[] }. */
function functionsOf(bytes) {
  const r = new WasmReader(bytes);
  let imported = 0;
  const bodies = [];
  const names = new Map();
  for (const { id, end } of r.sections()) {
    if (id === 2) {
      imported = r.importedFunctions();
    } else if (id === 10) {
      for (let n = r.u32(); n > 0; n--) bodies.push(r.bytes(r.u32()));
    } else if (id === 0 && r.name() === "name") {
      while (r.p < end) {
        const sub = r.byte();
        const subEnd = r.u32() + r.p;
        if (sub === 1) {
          for (let n = r.u32(); n > 0; n--) {
            const index = r.u32();
            names.set(index, r.name());
          }
        }
        r.p = subEnd;
      }
    }
  }
  return { bodies, names: bodies.map((_, i) => names.get(imported + i)) };
}

/** Indices of `bodies` in the walk's order, those of `hot` (a Set) first. */
function walk(bodies, hot) {
  const grams = bodies.map((b) => {
    const s = new Set();
    for (let i = 0; i + GRAM <= b.length; i++) s.add(b.toString("latin1", i, i + GRAM));
    return s;
  });
  const left = new Set(bodies.keys());
  const order = [];
  const recent = [];
  let next = Math.min(...hot);
  while (next >= 0) {
    left.delete(next);
    order.push(next);
    recent.push(grams[next]);
    if (recent.length > RECENT) recent.shift();
    const near = new Set();
    for (const g of recent) for (const x of g) near.add(x);
    let best = -1;
    let bestShare = -1;
    // Among the hot ones while any is left, then among all.
    const hotLeft = [...left].filter((j) => hot.has(j));
    for (const j of hotLeft.length > 0 ? hotLeft : left) {
      let shared = 0;
      for (const x of grams[j]) if (near.has(x)) shared++;
      const share = shared / (grams[j].size + 1);
      if (share > bestShare) {
        bestShare = share;
        best = j;
      }
    }
    next = best;
  }
  return order;
}

const optimized = functionsOf(readFileSync(optimizedPath));

/** The HOT defined functions of `optimized` named by the most call instructions (indices). */
function mostCalled() {
  // Counted in binaryen's text of the module: `(call $name`, names quoted when they must be.
  const m = binaryen.readBinary(readFileSync(optimizedPath));
  const text = m.emitText();
  m.dispose();
  const calls = new Map();
  for (const [, name] of text.matchAll(/\(call \$("[^"]*"|[^\s)]+)/g)) {
    const n = name.startsWith('"') ? name.slice(1, -1) : name;
    calls.set(n, (calls.get(n) ?? 0) + 1);
  }
  const index = new Map(optimized.names.map((n, i) => [n, i]));
  const top = [...calls].filter(([n]) => index.has(n)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return new Set(top.slice(0, HOT).map(([n]) => index.get(n)));
}
// A function the optimizer made (without a name in the section) has no match in INPUT.
const rank = new Map();
for (const i of walk(optimized.bodies, mostCalled())) if (optimized.names[i] !== undefined) rank.set(optimized.names[i], rank.size);
if (rank.size < optimized.bodies.length / 2) throw new Error(`${optimizedPath} lacks most function names`);

binaryen.setDebugInfo(true); // keep the name section: the build's wasm-opt patterns match names
const module = binaryen.readBinary(readFileSync(inputPath));
const defined = [];
for (let i = 0; i < module.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
  if (!info.module) defined.push({ ...info, old: defined.length });
}
const key = (f) => (rank.has(f.name) ? rank.get(f.name) : rank.size + f.old);
const ordered = [...defined].sort((a, b) => key(a) - key(b));
for (const f of defined) module.removeFunction(f.name);
for (const f of ordered) module.addFunction(f.name, f.params, f.results, f.vars, f.body);
if (!module.validate()) throw new Error("the reordered module does not validate");
writeFileSync(outputPath, module.emitBinary());
const placed = ordered.filter((f) => rank.has(f.name)).length;
console.log(`[order-functions] ${defined.length} functions, ${placed} ordered by similarity`);
module.dispose();
