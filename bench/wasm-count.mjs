// One step of bench/wasm-count.sh (run under valgrind by it; see there):
//   node bench/wasm-count.mjs PKG none|cards|first|quotes N
// none: init() only; cards: also a RateEngine and addCard() of the three USPS cards; first:
// also one all-services quote; quotes: the cards, then N quotes of the same shipment.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const [pkg, mode, n] = process.argv.slice(2);
const { init, RateEngine } = await import(pathToFileURL(join(resolve(pkg), "node.mjs")).href);
const USPS = ["cards/usps/usps-zones.json", "cards/usps/usps-2025-10-05.json", "cards/usps/usps-2026-07-12.json"];
const texts = USPS.map((f) => readFileSync(join(ROOT, f), "utf8"));
const shipment = { from: "85027", to: "10001", weight: "2.5lb", dimensions: "12x10x6in", shipDate: "2025-11-03" };
await init();
// No engine in `none`: making one is part of what the cards cost (whatever the binding
// compiles for it), so builds that make engines differently count alike.
const engine = mode === "none" ? undefined : new RateEngine();
if (mode !== "none") for (const t of texts) engine.addCard(t);
if (mode === "first") engine.quote(shipment);
if (mode === "quotes") for (let i = 0; i < Number(n); i++) engine.quote(shipment);
