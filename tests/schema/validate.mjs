// Validates every rate card under cards/ and docs/examples/ against
// schema/rate-card.v1.schema.json, and checks that broken cards are rejected.
//
// Run from the repository root, after `npm install` in tests/schema:
//   node tests/schema/validate.mjs
// Prints `schema: N passed, M failed` and exits with status 1 when anything failed;
// VERBOSE=1 also shows why each broken card was rejected.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const schema = JSON.parse(readFileSync(join(root, "schema", "rate-card.v1.schema.json"), "utf8"));

// strict: unknown keywords and ignored keywords in the schema itself are errors.
// allowUnionTypes: decimals are `type: ["string", "number"]`.
// strictRequired off: the `required` lists inside if/then name properties that the
// enclosing object schema defines, which this check does not look for.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true });
addFormats(ajv, ["date"]);
const validate = ajv.compile(schema);

function cardFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...cardFiles(p));
    else if (name.endsWith(".json")) out.push(p);
  }
  return out;
}

function describe(errors) {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => `    ${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`)
    .join("\n");
}

let passed = 0;
let failed = 0;
const fail = (what, detail) => {
  failed++;
  console.error(`FAIL ${what}${detail ? "\n" + detail : ""}`);
};

// 1. Every real and example card is valid.
const files = [...cardFiles(join(root, "cards")), ...cardFiles(join(root, "docs", "examples"))];
for (const file of files) {
  const name = relative(root, file);
  let card;
  try {
    card = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    fail(name, `    not JSON: ${e.message}`);
    continue;
  }
  if (validate(card)) passed++;
  else fail(name, describe(validate.errors));
}
if (files.length < 10) fail(`found only ${files.length} cards under cards/ and docs/examples/`);

// 2. Broken cards are rejected. Each case starts from a valid example and breaks one thing.
const base = () => JSON.parse(readFileSync(join(root, "docs", "examples", "minimal.json"), "utf8"));
const surcharged = () => JSON.parse(readFileSync(join(root, "docs", "examples", "surcharges.json"), "utf8"));
const row0 = (c) => c.services[0].table.rows[0];
const broken = {
  "no format": (c) => delete c.format,
  "format zonerate/2": (c) => (c.format = "zonerate/2"),
  "blank id": (c) => (c.id = "  "),
  "unknown top-level field": (c) => (c.colour = "red"),
  "unknown service field": (c) => (c.services[0].zone = "acme_phx"),
  "misspelled upTo": (c) => (row0(c).uptTo = row0(c).upTo),
  "lower-case currency": (c) => (c.currency = "usd"),
  "weight unit stone": (c) => (c.weightUnit = "stone"),
  "date 2026-13-01": (c) => (c.effective.from = "2026-13-01"),
  "negative price": (c) => (row0(c).prices[0] = "-1.00"),
  "price with a comma": (c) => (row0(c).prices[0] = "5,00"),
  "price as a boolean": (c) => (row0(c).prices[0] = true),
  "zero upTo": (c) => (row0(c).upTo = "0"),
  "row mode tiered": (c) => (row0(c).mode = "tiered"),
  "flat row without prices": (c) => delete row0(c).prices,
  "flat row with a step": (c) => (row0(c).step = "0.5"),
  "step row without step": (c) => {
    c.services[0].table.rows = [{ mode: "step", first: "1", firstPrice: ["5.00", "6.00", "7.00"], stepPrice: ["1", "1", "1"] }];
  },
  "step row with step 0": (c) => {
    c.services[0].table.rows = [
      { mode: "step", first: "1", firstPrice: ["5.00", "6.00", "7.00"], step: "0", stepPrice: ["1", "1", "1"] },
    ];
  },
  "step row with null stepPrice": (c) => {
    c.services[0].table.rows = [
      { mode: "step", first: "1", firstPrice: ["5.00", "6.00", "7.00"], step: "1", stepPrice: ["1", null, "1"] },
    ];
  },
  "progressive row without tiers": (c) => c.services[0].table.rows.push({ mode: "progressive" }),
  "cubic table without cubic rules": (c) => (c.services[0].table.key = "cubic"),
  "table without rows": (c) => (c.services[0].table.rows = []),
  "65 zone columns": (c) => (c.services[0].table.zones = Array.from({ length: 65 }, (_, i) => `z${i}`)),
  "service without zones": (c) => delete c.services[0].zones,
  "service with an empty zones list": (c) => (c.services[0].zones = []),
  "negative minCharge": (c) => (c.services[0].minCharge = "-1"),
  "transit days as text": (c) => (c.services[0].transitDays = ["2", 4, 6]),
  "zip5 table without hubs": (c) => delete c.zoneTables.acme_phx.hubs,
  "hub with a bad ZIP prefix": (c) => (c.zoneTables.acme_phx.hubs[0].origins = "850* 94*1"),
  "hub with a 6-digit ZIP": (c) => (c.zoneTables.acme_phx.hubs[0].zones["5"] = "902100"),
  "zip3 chart row of 999 characters": (c) => {
    c.zoneTables.acme_phx = { kind: "zip3", labels: ["2", "5", "8"], origins: { 850: "-".repeat(999) } };
  },
  "zip3 chart with a lower-case zone": (c) => {
    c.zoneTables.acme_phx = { kind: "zip3", labels: ["2", "5", "8"], origins: { 850: "a" + "-".repeat(999) } };
  },
  "zip3 origin of 4 digits": (c) => {
    c.zoneTables.acme_phx = { kind: "zip3", labels: ["2", "5", "8"], origins: { 8500: "-".repeat(1000) } };
  },
  "36 zone labels": (c) => (c.zoneTables.acme_phx.labels = Array.from({ length: 36 }, (_, i) => `z${i}`)),
  "limit on a measure that does not exist": (c) => (c.services[0].limits = [{ measure: "depth", max: "10" }]),
  "limit of 0": (c) => (c.services[0].limits = [{ measure: "weight", max: "0" }]),
  "dim weight divisor 0": (c) => (c.services[0].billable = { dimWeight: { divisor: "0" } }),
  "rounding mode ceil": (c) => (c.services[0].billable = { rounding: [{ mode: "ceil", increment: "1" }] }),
  "hash that is not sha256": (c) => (c.hash = "md5:abc"),
};
const brokenSurcharges = {
  "surcharge coded base": (c) => (c.surcharges[0].code = "base"),
  "surcharge without a label": (c) => delete c.surcharges[0].label,
  "charge type fixed": (c) => (c.surcharges[0].charge.type = "fixed"),
  "flat charge without amount": (c) => delete c.surcharges[0].charge.amount,
  "percent in an exclusive group": (c) => (c.surcharges.find((s) => s.code === "fuel_2026_w06").group = "area"),
  "percent over 1000": (c) => (c.surcharges.find((s) => s.code === "fuel_2026_w06").charge.percent = "1500"),
  "valueTiers row without amount": (c) => delete c.surcharges.find((s) => s.code === "declared_value").charge.rows[0].amount,
  "empty any": (c) => (c.surcharges.find((s) => s.code === "additional_handling").when.any = []),
  "empty range": (c) => (c.surcharges.find((s) => s.code === "additional_handling").when.any[0].weight = {}),
  "unknown condition field": (c) => (c.surcharges[0].when.weekday = "saturday"),
  "residential as text": (c) => (c.surcharges[0].when.residential = "yes"),
};
for (const [cases, make] of [
  [broken, base],
  [brokenSurcharges, surcharged],
]) {
  for (const [what, breakIt] of Object.entries(cases)) {
    const card = make();
    breakIt(card);
    if (validate(card)) fail(`broken card accepted: ${what}`);
    else {
      passed++;
      if (process.env.VERBOSE) console.log(`rejected ${what}:\n${describe(validate.errors.slice(0, 2))}`);
    }
  }
}

// 3. Numbers are accepted where decimals are expected, and null where cells may be empty.
{
  const c = base();
  row0(c).prices = [5, 6.5, null];
  row0(c).upTo = 1;
  if (validate(c)) passed++;
  else fail("numbers and null cells rejected", describe(validate.errors));
}

console.log(`schema: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
