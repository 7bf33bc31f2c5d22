// Text that holds the tape's own separators (U+001E, U+001F): run by tests/js/run.mjs (section
// "tape") in a Node process of its own.
//   node tests/js/tape.mjs PKG_DIR   → JSON: { checked, wrong: [...] }
// A quote travels from the module as a tape of values split by U+001F. When some text in it
// holds U+001E or U+001F, the module writes the tape again escaped (src/tape.rs counts those
// bytes, sixteen at a time with wasm SIMD): it starts with U+001C, and U+001C and U+001F
// inside its strings are U+001C and "\\", "_". A mark missed would split a value,
// so a service name with a mark at every position of a 16-byte step (and none, for the
// tape's own path) must come back whole, from `quote` and from `quoteMany`; so must names
// that hold U+001C, U+001D or what looks like an escape, and an error message that quotes
// a mark.
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
for (const mark of ["", "\x1e", "\x1f", "\x1e\x1f", "\x1c\x1d", "\x1c_", "\x1c\\\x1f", "\x1f\x1c_"]) {
  for (let pad = 0; pad < (mark.includes("\x1c") ? 18 : 34); pad++) {
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
// An error of quoteMany whose path and message hold the shipment's own text (an unknown
// member whose name has marks in it), beside a good shipment: both must come back as the
// single quote's error gives them.
{
  const engine = new zonerate.RateEngine();
  engine.addCard(zones);
  engine.addCard(card);
  for (const key of ["a\x1fb", "a\x1e\x1c_b", "a\x1c\\\x1fb"]) {
    const bad = { ...shipment, options: { [key]: true } };
    let want = {};
    try {
      engine.quote(bad);
    } catch (e) {
      want = { path: e.path, message: e.detail };
    }
    const [got, good] = engine.quoteMany([bad, shipment]);
    checked++;
    const same = got.error?.path === `[0].${want.path}` && got.error?.message === want.message;
    if (!same || !want.path?.includes(key) || !want.message?.includes(key) || !(good.quotes?.length > 0)) {
      wrong.push({ key: [...key].map((c) => c.charCodeAt(0)), want, got: got.error });
    }
  }
  engine.free();
}
process.stdout.write(JSON.stringify({ checked, wrong }));
