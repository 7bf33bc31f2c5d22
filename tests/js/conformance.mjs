// The one conformance suite of the JS package, run unchanged in every runtime: Node ESM,
// Node CommonJS, Deno, workerd (miniflare) and headless Chromium (tests/js/run.mjs drives
// them). It only uses the public API (`init`, `RateEngine`, `RateError`) and plain
// JavaScript, so it runs wherever the package does.
//
// `runSuite(api, input)` returns { results, checks }:
//   results — one output per case (a quote result, or `{error: {code, path, message}}`
//             for a bad shipment); run.mjs compares each, deep-equal, with what the
//             native CLI (`zonerate quote --stdin`) answers for the same line;
//   checks  — everything else (error classes, recovery after errors, init memoization,
//             quoteMany = quote, card and markup errors), each {name, ok, detail}.

/** Cards in the order the native CLI loads `--cards cards`: zone-only cards first. */
export const CARD_FILES = [
  "cards/usps/usps-zones-national-2018.json",
  "cards/usps/usps-zones.json",
  "cards/gofo/gofo.json",
  "cards/ontrac/ontrac-2026.json",
  "cards/speedx/speedx.json",
  "cards/swiftx/swiftx.json",
  "cards/uniuni/uniuni.json",
  "cards/usps/usps-2025-10-05.json",
  "cards/usps/usps-2026-07-12.json",
];

/** Markup rules of the `markup` engine (the CLI's `--markup`). */
export const MARKUP_FILE = "examples/markups/standard.json";

/** Default ship date given to the CLI (`--date`); every case names its own anyway. */
export const DEFAULT_DATE = "2026-11-21";

const D25 = "2025-11-03"; // USPS 2025-10-05 card: all eight USPS services
const D26 = "2026-11-21"; // USPS 2026-07-12 card, holiday add-on in force
const GAP = "2026-03-02"; // between the two USPS editions: no USPS card in force
const ONTRAC_WEEK = "2026-02-04"; // OnTrac's dated weekly fuel rate

// Each case: name, engine ("plain" | "markup"), shipment (an object, or a raw line of text).
const plain = (name, shipment) => ({ name, engine: "plain", shipment });
const marked = (name, shipment) => ({ name, engine: "markup", shipment });

export const CASES = [
  // --- USPS -----------------------------------------------------------------------------
  plain("readme example (2026 card, cubic needs ≤18 in)", { from: "85027", to: "90210", weight: "2.5lb", dimensions: "13x13x13in", residential: false, shipDate: D26 }),
  plain("all USPS services 2025 (cubic, express)", { from: "85027", to: "10001", weight: "2.5lb", dimensions: "12x10x6in", shipDate: D25 }),
  plain("no dimensions: cubic unavailable", { from: "85027", to: "10001", weight: "1lb", shipDate: D25 }),
  plain("ounces from Columbus (431)", { from: "43215", to: "33101", weight: "12oz", dimensions: "9x6x3in", shipDate: D25 }),
  plain("kg and cm object forms", { from: "85027", to: "98101", weight: { value: 1.2, unit: "kg" }, dimensions: { length: 30, width: "20", height: 15, unit: "cm" }, shipDate: D26 }),
  plain("small cubic tier, local zone", { from: "85027", to: "85001", weight: "1.5lb", dimensions: "8x6x4in", shipDate: D25 }),
  plain("dim weight (divisor 139) 2026", { from: "85027", to: "02134", weight: "5lb", dimensions: "20x16x14in", shipDate: D26 }),
  plain("oversized Ground Advantage 2025", { from: "85027", to: "10001", weight: "20lb", dimensions: "40x20x20in", shipDate: D25 }),
  plain("over every USPS limit", { from: "85027", to: "90210", weight: "80lb", dimensions: "50x40x40in", shipDate: D25 }),
  plain("nonstandard length over 22 in", { from: "85027", to: "60601", weight: "3lb", dimensions: "24x6x6in", shipDate: D26 }),
  plain("nonstandard length over 30 in and volume", { from: "85027", to: "60601", weight: "12lb", dimensions: "32x12x10in", shipDate: D25 }),
  plain("nonstandard packaging (tube), flags, declared value", { from: "85027", to: "30301", weight: "2lb", dimensions: "36x4x4in", options: { packaging: "tube", flags: ["signature", "signature"], declaredValue: "150.00" }, shipDate: D25 }),
  plain("origin 240 chart in force (5-digit exceptions)", { from: "24072", to: "90210", weight: "3lb", shipDate: D26 }),
  plain("origin 240 before its chart: national fallback", { from: "24072", to: "90210", weight: "3lb", shipDate: D25 }),
  plain("unlisted origin: 2018 national fallback warning", { from: "10001", to: "94105", weight: "2lb", dimensions: "10x8x4in", shipDate: D26 }),
  plain("no USPS card in force", { from: "85027", to: "90210", weight: "1lb", shipDate: GAP }),
  plain("services filter", { from: "85027", to: "90210", weight: "1lb", services: ["usps_priority_mail_commercial", "usps_ground_advantage_retail"], shipDate: D26 }),
  plain("exclude services, best value within 2 days", { from: "85027", to: "10001", weight: "4lb", excludeServices: ["usps_ground_advantage_retail", "usps_priority_mail_retail"], bestValueDays: 2, shipDate: D25 }),
  plain("ZIP+4 and residential", { from: "85027-1234", to: "902101234", weight: "2lb", residential: true, shipDate: D26 }),
  plain("multi-parcel", { from: "85027", to: "10001", parcels: [{ weight: "2lb", dimensions: "10x8x6in" }, { weight: { value: "5", unit: "lb" }, dimensions: { length: "14", width: 12, height: 10, unit: "in" } }, { weight: "12oz" }], shipDate: D26 }),
  plain("one-parcel list = single parcel", { from: "85027", to: "10001", parcels: [{ weight: "2lb", dimensions: "10x8x6in" }], shipDate: D25 }),
  // --- regional carriers --------------------------------------------------------------------
  plain("LAX hub: GOFO, SpeedX, SwiftX, UniUni, residential", { from: "90001", to: "94105", weight: "3lb", dimensions: "12x10x8in", residential: true, carriers: ["gofo", "speedx", "swiftx", "uniuni"], shipDate: D26 }),
  plain("OnTrac PHX, dated weekly fuel", { from: "85027", to: "85001", weight: "6lb", dimensions: "14x12x10in", residential: true, carriers: ["ontrac"], shipDate: ONTRAC_WEEK }),
  plain("OnTrac large package (min billable 90 lb)", { from: "85027", to: "92101", weight: "60lb", dimensions: "80x20x20in", carriers: ["ontrac"], shipDate: D26 }),
  plain("OnTrac over maximum", { from: "43215", to: "10001", weight: "160lb", dimensions: "30x20x20in", carriers: ["ontrac"], shipDate: D26 }),
  plain("GOFO CNO hub, delivery area surcharge", { from: "91761", to: "04730", weight: "4lb", excludeCarriers: ["usps"], shipDate: D26 }),
  plain("extended delivery area wins its group", { from: "90001", to: "93520", weight: "2lb", excludeCarriers: ["usps", "ontrac"], shipDate: D26 }),
  plain("hub chosen explicitly (DFW)", { from: "85027", to: "75201", weight: "2lb", options: { hub: "DFW" }, excludeCarriers: ["usps"], shipDate: D26 }),
  plain("SpeedX ATL", { from: "30301", to: "33101", weight: "7lb", dimensions: "16x12x12in", carriers: ["speedx"], shipDate: D26 }),
  plain("SwiftX JFK, grams and centimetres", { from: "10001", to: "11201", weight: "900g", dimensions: "25x20x10cm", carriers: ["swiftx"], shipDate: D26 }),
  plain("UniUni EWR and limits", { from: "07102", to: "60601", weight: "19lb", dimensions: "31x10x10in", carriers: ["uniuni"], shipDate: D26 }),
  plain("destination not served (Alaska)", { from: "90001", to: "99501", weight: "1lb", shipDate: D26 }),
  // --- markups (engine with examples/markups/standard.json) -----------------------------
  marked("markups, internal view", { from: "85027", to: "10001", weight: "2.5lb", dimensions: "12x10x6in", view: "internal", shipDate: D26 }),
  marked("markups, customer view", { from: "85027", to: "10001", weight: "2.5lb", dimensions: "12x10x6in", view: "customer", shipDate: D26 }),
  marked("markups, internal, multi-parcel 2025", { from: "85027", to: "33101", parcels: [{ weight: "1lb" }, { weight: "3lb", dimensions: "12x12x12in" }], view: "internal", shipDate: D25 }),
  marked("markups, internal, regional", { from: "90001", to: "10001", weight: "5lb", view: "internal", excludeCarriers: ["usps"], shipDate: D26 }),
  // --- bad shipments: code and path must be the native ones -----------------------------
  plain("bad origin ZIP", { from: "8502", to: "90210", weight: "1lb", shipDate: D26 }),
  plain("bad destination ZIP", { from: "85027", to: "9021O", weight: "1lb", shipDate: D26 }),
  plain("negative weight", { from: "85027", to: "90210", weight: "-1lb", shipDate: D26 }),
  plain("zero weight", { from: "85027", to: "90210", weight: "0lb", shipDate: D26 }),
  plain("absurd weight", { from: "85027", to: "90210", weight: "50000lb", shipDate: D26 }),
  plain("unknown weight unit", { from: "85027", to: "90210", weight: "2stone", shipDate: D26 }),
  plain("object weight, bad value", { from: "85027", to: "90210", weight: { value: "x", unit: "lb" }, shipDate: D26 }),
  plain("object weight, bad unit", { from: "85027", to: "90210", weight: { value: "2", unit: "st" }, shipDate: D26 }),
  plain("two sides only", { from: "85027", to: "90210", weight: "1lb", dimensions: "12x10in", shipDate: D26 }),
  plain("unknown length unit", { from: "85027", to: "90210", weight: "1lb", dimensions: "12x10x6ft", shipDate: D26 }),
  plain("impossible date", { from: "85027", to: "90210", weight: "1lb", shipDate: "2026-02-30" }),
  plain("missing weight", { from: "85027", to: "90210", shipDate: D26 }),
  plain("bad second parcel", { from: "85027", to: "90210", parcels: [{ weight: "1lb" }, { weight: "-2lb" }], shipDate: D26 }),
  plain("weight and parcels both", { from: "85027", to: "90210", weight: "1lb", parcels: [{ weight: "1lb" }], shipDate: D26 }),
  plain("unknown field", { from: "85027", to: "90210", weight: "1lb", colour: "red", shipDate: D26 }),
  plain("unknown service in filter", { from: "85027", to: "90210", weight: "1lb", services: ["usps_teleport"], shipDate: D26 }),
  plain("bad view", { from: "85027", to: "90210", weight: "1lb", view: "boss", shipDate: D26 }),
  plain("negative declared value", { from: "85027", to: "90210", weight: "1lb", options: { declaredValue: "-5" }, shipDate: D26 }),
  plain("wrong type for residential", { from: "85027", to: "90210", weight: "1lb", residential: "yes", shipDate: D26 }),
  plain("not JSON (text)", "not json"),
  plain("trailing text after JSON (text)", '{"from":"85027","to":"90210","weight":"1lb","shipDate":"2026-11-21"} x'),
  plain("JSON array instead of object (text)", "[1,2]"),
];

/** A good shipment quoted after every error: the engine must still answer the same. */
export const PROBE = { from: "85027", to: "10001", weight: "2.5lb", dimensions: "12x10x6in", shipDate: D26 };

// quoteMany's error paths carry the item's index (src/error.rs `within`).
function indexed(i, path) {
  if (!path) return `[${i}]`;
  return path.startsWith("[") ? `[${i}]${path}` : `[${i}].${path}`;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs the suite against `api` ({ init, RateEngine, RateError }). `input`: { cards:
 * [{ file, text }] in CARD_FILES order, markups: text }.
 */
export async function runSuite(api, input) {
  const { init, RateEngine, RateError } = api;
  const checks = [];
  const check = (name, ok, detail = "") => checks.push({ name, ok: Boolean(ok), detail: ok ? "" : String(detail) });
  const attempt = (name, fn) => {
    try {
      fn();
    } catch (e) {
      check(name, false, `threw ${e && e.name}: ${e && e.message}`);
    }
  };
  // Calls fn, expecting a RateError with this code and path, and checks the class.
  const expectError = (name, fn, code, path) => {
    try {
      fn();
      check(name, false, "no error thrown");
      return undefined;
    } catch (e) {
      check(`${name}: instanceof RateError and Error`, e instanceof RateError && e instanceof Error, `${e && e.constructor && e.constructor.name}: ${e}`);
      check(`${name}: name, code, path`, e.name === "RateError" && e.code === code && e.path === path, `got ${e.name} ${e.code} ${JSON.stringify(e.path)}: ${e.message}`);
      check(`${name}: message says path: detail`, typeof e.message === "string" && e.message.length > 0 && e.message === (e.path ? `${e.path}: ${e.detail}` : e.detail), e.message);
      return e;
    }
  };

  // init: memoized, resolves, callable again.
  const p1 = init();
  const p2 = init();
  check("init() is memoized (same promise)", p1 === p2);
  await p1;
  await init();
  check("init() resolves every time", true);

  const plainEngine = new RateEngine();
  const markupEngine = new RateEngine();
  const summaries = [];
  attempt("addCard (text)", () => {
    for (const c of input.cards) summaries.push(plainEngine.addCard(c.text));
  });
  attempt("addCard (object)", () => {
    for (const c of input.cards) markupEngine.addCard(JSON.parse(c.text));
  });
  check("addCard returns a summary per card", summaries.length === input.cards.length && summaries.every((s) => typeof s.id === "string" && Array.isArray(s.services) && Array.isArray(s.zoneTables) && s.hash === undefined), JSON.stringify(summaries[0]));
  check("cardHash(id) gives each card's content hash", summaries.every((s) => /^sha256:[0-9a-f]{64}$/.test(plainEngine.cardHash(s.id))) && plainEngine.cardHash("no-such-card") === undefined);
  const services = plainEngine.services();
  check("services() lists every loaded service once, in load order", same(services, [...new Set(summaries.flatMap((s) => s.services))]), JSON.stringify(services));
  check("services() equal for text and object cards", same(services, markupEngine.services()));
  attempt("setMarkups (object)", () => markupEngine.setMarkups(JSON.parse(input.markups)));

  const probe = plainEngine.quote(PROBE);
  check("probe quotes", probe.quotes.length > 0, JSON.stringify(probe).slice(0, 200));
  const recovers = (name) => {
    try {
      check(`${name}: engine still answers`, same(plainEngine.quote(PROBE), probe));
    } catch (e) {
      check(`${name}: engine still answers`, false, e && e.message);
    }
  };

  // Every case through quote(); errors become {error: {code, path, message}} as in the CLI.
  const results = [];
  for (const c of CASES) {
    const engine = c.engine === "markup" ? markupEngine : plainEngine;
    let output;
    try {
      output = engine.quote(c.shipment);
    } catch (e) {
      if (!(e instanceof RateError)) {
        check(`${c.name}: error is a RateError`, false, `${e && e.name}: ${e && e.message}`);
      } else {
        check(`${c.name}: RateError with code, path, message`, e instanceof Error && e.name === "RateError" && typeof e.code === "string" && typeof e.path === "string" && e.message === (e.path ? `${e.path}: ${e.detail}` : e.detail), e.message);
        recovers(c.name);
      }
      output = { error: { code: e && e.code, path: e && e.path, message: e && e.detail } };
    }
    results.push({ name: c.name, engine: c.engine, output });
  }

  // quoteMany: one call per engine for every object case; each item equals quote()'s answer
  // (errors with the index in front of the path).
  for (const engineName of ["plain", "markup"]) {
    const engine = engineName === "markup" ? markupEngine : plainEngine;
    const picked = CASES.map((c, i) => ({ c, r: results[i] })).filter(({ c }) => c.engine === engineName && typeof c.shipment === "object");
    let many;
    try {
      many = engine.quoteMany(picked.map(({ c }) => c.shipment));
    } catch (e) {
      check(`quoteMany (${engineName})`, false, e && e.message);
      continue;
    }
    check(`quoteMany (${engineName}) answers one item per shipment`, Array.isArray(many) && many.length === picked.length, many && many.length);
    let bad = [];
    picked.forEach(({ c, r }, i) => {
      const want = r.output.error ? { error: { ...r.output.error, path: indexed(i, r.output.error.path) } } : r.output;
      if (!same(many[i], want)) bad.push(c.name);
    });
    check(`quoteMany (${engineName}) = quote() for each of ${picked.length} shipments`, bad.length === 0, bad.join("; "));
  }
  // verifyQuote: an honest quote verifies, a tampered one does not, in every runtime.
  attempt("verifyQuote", () => {
    const s = { ...PROBE, fingerprint: true };
    const q = plainEngine.quote(s).quotes[0];
    check("fingerprint asked for is present", typeof q.fingerprint === "string" && q.fingerprint.startsWith("sha256:"), JSON.stringify(q).slice(0, 120));
    const v = plainEngine.verifyQuote(s, q);
    check("verifyQuote: an honest quote is valid", v.valid === true && v.code === "ok" && v.expectedTotal === q.total, JSON.stringify(v));
    const t = plainEngine.verifyQuote(s, { ...q, total: "0.01" });
    check("verifyQuote: a tampered total is caught", t.valid === false && t.code === "total_mismatch", JSON.stringify(t));
    const w = plainEngine.verifyQuote({ ...s, weight: "2.4lb" }, q);
    check("verifyQuote: a changed shipment is caught", w.valid === false && w.code === "fingerprint_mismatch", JSON.stringify(w));
  });
  expectError("verifyQuote without shipDate", () => plainEngine.verifyQuote({ from: "85027", to: "10001", weight: "1lb" }, probe.quotes[0]), "invalid_shipment", "shipDate");
  recovers("verifyQuote without shipDate");

  // quoteTable: the compact batch path gives quote()'s totals for the plain cases.
  attempt("quoteTable", () => {
    const simple = CASES.map((c, i) => ({ c, r: results[i] })).filter(
      ({ c, r }) =>
        c.engine === "plain" && typeof c.shipment === "object" && !r.output.error && typeof c.shipment.weight === "string" &&
        (c.shipment.dimensions === undefined || typeof c.shipment.dimensions === "string") &&
        Object.keys(c.shipment).every((k) => ["from", "to", "weight", "dimensions", "residential", "shipDate"].includes(k)),
    );
    const rows = simple.map(({ c }) => [c.shipment.from, c.shipment.to, c.shipment.weight, c.shipment.dimensions, c.shipment.residential, c.shipment.shipDate]);
    const table = plainEngine.quoteTable(rows);
    check("quoteTable lists every service", same(table.services, services), JSON.stringify(table.services));
    let bad = [];
    simple.forEach(({ c, r }, i) => {
      const row = table.rows[i];
      const want = table.services.map((code) => {
        const q = r.output.quotes.find((x) => x.service === code);
        return q ? q.total : null;
      });
      if (!row || !same(row.totals, want)) bad.push(c.name);
    });
    check(`quoteTable = quote() totals for ${simple.length} shipments`, simple.length > 5 && bad.length === 0, bad.join("; "));
    const withBad = plainEngine.quoteTable("85027,1000,2lb\n85027,10001,2lb,,,2026-11-21");
    check("quoteTable reports a bad line and quotes the next", withBad.rows[0].error && withBad.rows[0].error.code === "invalid_zip" && withBad.rows[1].totals, JSON.stringify(withBad.rows).slice(0, 200));
  });

  check("quoteMany of JSON text", same(plainEngine.quoteMany(JSON.stringify([PROBE])), [probe]));
  check("quoteMany of an empty list", same(plainEngine.quoteMany([]), []));
  expectError("quoteMany of a non-array", () => plainEngine.quoteMany({ from: "85027" }), "invalid_json", "");
  recovers("quoteMany of a non-array");

  // Inputs the facade refuses before the core sees them.
  expectError("quote(undefined)", () => plainEngine.quote(undefined), "invalid_json", "");
  recovers("quote(undefined)");
  const cyclic = { from: "85027", to: "10001", weight: "1lb" };
  cyclic.self = cyclic;
  expectError("quote(cyclic object)", () => plainEngine.quote(cyclic), "invalid_json", "");
  recovers("quote(cyclic object)");

  // Card errors: nothing is added, the engine keeps answering.
  const before = plainEngine.services();
  expectError("addCard: not JSON", () => plainEngine.addCard("nope"), "invalid_json", "");
  expectError("addCard: bytes that are not UTF-8", () => plainEngine.addCard(new Uint8Array([0x7b, 0xff, 0x7d])), "invalid_json", "");
  recovers("addCard: bytes that are not UTF-8");
  attempt("addCard (UTF-8 bytes, as read from a file)", () => {
    const e = new RateEngine();
    const sums = input.cards.map((c) => e.addCard(new TextEncoder().encode(c.text)));
    check("addCard of bytes = addCard of text", same(sums, summaries), JSON.stringify(sums[0]));
    check("an engine from bytes quotes as one from text", same(e.quote(PROBE), probe));
    e.free();
  });
  expectError("addCard: unsupported format", () => plainEngine.addCard({ format: "zonerate/9", id: "x", carrier: "x" }), "unsupported_format", "format");
  const broken = JSON.parse(input.cards.find((c) => c.file.endsWith("swiftx.json")).text);
  broken.id = "swiftx-broken";
  broken.services[0].table.rows[0].step = "-1";
  expectError("addCard: bad field deep in a card", () => plainEngine.addCard(broken), "invalid_value", "services[0].table.rows[0].step");
  expectError("addCard: duplicate card", () => plainEngine.addCard(input.cards[1].text), "duplicate_card", "id");
  expectError("addCard: required hash differs", () => plainEngine.addCard(input.cards[1].text.replace('"usps-zones"', '"usps-zones-copy"'), "sha256:0000"), "hash_mismatch", "");
  check("failed addCard adds nothing", same(plainEngine.services(), before));
  recovers("card errors");
  const zonesCopy = input.cards[1].text.replace('"usps-zones"', '"usps-zones-copy"');
  const copyEngine = new RateEngine();
  const copySummary = copyEngine.addCard(zonesCopy);
  const copyHash = copyEngine.cardHash(copySummary.id);
  check("addCard with the right hash", same(new RateEngine().addCard(zonesCopy, copyHash), { ...copySummary, hash: copyHash }));

  // Markup errors.
  expectError("setMarkups: not JSON", () => markupEngine.setMarkups("nope"), "invalid_json", "");
  expectError("setMarkups: bad rule", () => markupEngine.setMarkups({ format: "zonerate.markup/1", rules: [{ code: "m", label: "M", type: "percent" }] }), "invalid_markup", "rules[0].percent");
  const internal = CASES.findIndex((c) => c.engine === "markup");
  check("failed setMarkups keeps the rules", same(markupEngine.quote(CASES[internal].shipment), results[internal].output));

  // A freed engine says so instead of crashing; other engines are unaffected.
  const temp = new RateEngine();
  temp.free();
  let freedOk = false;
  try {
    temp.services();
  } catch (e) {
    freedOk = /freed/.test(e.message);
  }
  check("freed engine throws a clear error", freedOk);
  recovers("free");

  return { results, checks, services };
}
