// Text that holds the tape's own separators (U+001E, U+001F): run by tests/js/run.mjs (section
// "tape") in a Node process of its own.
//   node tests/js/tape.mjs PKG_DIR   → JSON: { checked, wrong: [...] }
// A quote travels from the module as a tape of values split by U+001F, unless some text in it
// holds U+001E or U+001F: then the module sends JSON instead (src/tape.rs counts those bytes,
// sixteen at a time with wasm SIMD). A mark missed would split a value, so a service name
// with a mark at every position of a 16-byte step (and none, for the tape's own path) must
// come back whole, from `quote` and from `quoteMany`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackage } from "./lib/instance.mjs";
import { ROOT } from "./lib/paths.mjs";

const { zonerate } = await loadPackage(process.argv[2]);
const zones = readFileSync(join(ROOT, "cards/usps/usps-zones.json"), "utf8");
const card = JSON.parse(readFileSync(join(ROOT, "cards/usps/usps-2025-10-05.json"), "utf8"));
const shipment = { from: "85027", to: "10001", weight: "2.5lb", shipDate: "2025-11-03" };
const wrong = [];
let checked = 0;
for (const mark of ["", "\x1e", "\x1f", "\x1e\x1f"]) {
  for (let pad = 0; pad < 34; pad++) {
    const name = "x".repeat(pad) + mark + "y".repeat(pad % 3);
    const engine = new zonerate.RateEngine();
    engine.addCard(zones);
    engine.addCard({ ...card, services: card.services.map((s, i) => (i === 0 ? { ...s, name } : s)) });
    const one = engine.quote(shipment).quotes.map((q) => q.serviceName);
    const many = engine.quoteMany([shipment, shipment]).flatMap((r) => r.quotes.map((q) => q.serviceName));
    for (const got of [one, many]) {
      checked++;
      if (!got.includes(name)) wrong.push({ mark: [...mark].map((c) => c.charCodeAt(0)), pad, got: got.slice(0, 3) });
    }
    engine.free();
  }
}
process.stdout.write(JSON.stringify({ checked, wrong }));
