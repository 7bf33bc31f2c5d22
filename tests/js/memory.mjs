// The module's memory under a repeated workload: run by tests/js/run.mjs (section "memory")
// in a Node process of its own, since it loads the module through the glue to reach its
// memory.
//   node tests/js/memory.mjs PKG_DIR   → JSON: { cards, rounds: [pages after each round] }
// `cards`: pages after the first engine has loaded the three USPS cards. A round: 2,000
// quotes of varied shipments, 20 `quoteMany` batches of 200, markups set, a fingerprinted
// quote verified, a batch table, and two more engines that load the suite's cards and are
// freed. The allocator (crates/wasm-alloc) takes new pages only when every block of a
// size class is in use, so once a round has run, the same round again needs none.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { suiteInput } from "./lib/inputs.mjs";
import { loadPackage } from "./lib/instance.mjs";
import { ROOT } from "./lib/paths.mjs";

const pkg = process.argv[2];
const { exports, zonerate } = await loadPackage(pkg);
const pages = () => exports.memory.buffer.byteLength / 65536;

const USPS = ["cards/usps/usps-zones.json", "cards/usps/usps-2025-10-05.json", "cards/usps/usps-2026-07-12.json"];
const engine = new zonerate.RateEngine();
for (const f of USPS) engine.addCard(readFileSync(join(ROOT, f), "utf8"));
const cards = pages();

const input = suiteInput();
const ZIPS = ["90210", "10001", "60601", "33101", "98101", "02108", "75201", "80202", "96801", "99501"];
const shipment = (i) => ({
  from: "85027",
  to: ZIPS[i % ZIPS.length],
  weight: `${(i % 70) + 0.5}lb`,
  dimensions: i % 3 ? `${6 + (i % 18)}x${4 + (i % 9)}x${2 + (i % 7)}in` : undefined,
  residential: i % 2 === 0,
  shipDate: "2026-11-21",
});
const batch = Array.from({ length: 200 }, (_, i) => shipment(i * 7));

function round() {
  for (let i = 0; i < 2000; i++) engine.quote(shipment(i));
  for (let i = 0; i < 20; i++) engine.quoteMany(batch);
  engine.setMarkups(input.markups);
  const signed = { ...shipment(3), fingerprint: true };
  const q = engine.quote(signed).quotes[0];
  if (!engine.verifyQuote(signed, q).valid) throw new Error("verifyQuote: not valid");
  engine.quoteTable("85027,90210,2lb\n85027,10001,70lb,12x12x40in,true,2026-11-21");
  engine.setMarkups('{"format":"zonerate.markup/1","rules":[]}');
  for (let i = 0; i < 2; i++) {
    const e = new zonerate.RateEngine();
    for (const c of input.cards) e.addCard(c.text);
    e.quote(shipment(i));
    e.free();
  }
  return pages();
}

const rounds = [];
for (let i = 0; i < 6; i++) rounds.push(round());
process.stdout.write(JSON.stringify({ cards, rounds }));
