// The carrier-mix analysis of a shipments CSV, as `zonerate batch` does it (src/cli/batch.rs):
// the same columns, the same cheapest choice per row, the same summary (cost per carrier,
// cheapest mix, savings against USPS only, by USPS zone and by weight band) and the same
// result CSV. Pure functions, no DOM: run by the profile worker.

/** Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF); skips blank lines. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  let fieldStarted = false;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === ",") {
      row.push(field);
      field = "";
      fieldStarted = false;
      i++;
      continue;
    }
    if (c === "\n" || c === "\r") {
      row.push(field);
      if (!(row.length === 1 && row[0] === "")) rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      if (c === "\r" && text[i + 1] === "\n") i++;
      i++;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (fieldStarted || field !== "" || row.length) {
    row.push(field);
    if (!(row.length === 1 && row[0] === "")) rows.push(row);
  }
  return rows;
}

const TRUE = new Set(["true", "yes", "y", "1", "residential"]);
const FALSE = new Set(["false", "no", "n", "0", "commercial"]);

/** Column lookup by lower-cased, trimmed header name. */
export function columns(header) {
  const map = new Map();
  header.forEach((h, i) => map.set(h.trim().toLowerCase(), i));
  const get = (rec, name) => {
    const i = map.get(name);
    if (i === undefined || i >= rec.length) return undefined;
    const v = rec[i].trim();
    return v === "" ? undefined : v;
  };
  const raw = (rec, name) => {
    const i = map.get(name);
    return i === undefined || i >= rec.length ? "" : rec[i];
  };
  return { has: (name) => map.has(name), get, raw };
}

/**
 * One CSV record → `{ line, id, shipment }` or `{ line, id, error }`. `line` is the
 * record's number counting the header as line 1 (as zonerate batch reports it).
 */
export function parseRow(cols, rec, line, defaultDate) {
  const id = cols.get(rec, "id") ?? String(line);
  // A bad row is reported with its id cell as written (empty without an id column).
  const rawId = cols.raw(rec, "id");
  const fail = (error) => ({ line, id: rawId, error });
  const from = cols.get(rec, "from");
  if (!from) return fail("from: is empty");
  const to = cols.get(rec, "to");
  if (!to) return fail("to: is empty");
  let weight;
  const w = cols.get(rec, "weight");
  if (w !== undefined) {
    const u = cols.get(rec, "weight_unit");
    weight = u ? `${w}${u}` : w;
  } else {
    for (const u of ["lb", "oz", "kg", "g"]) {
      const v = cols.get(rec, `weight_${u}`);
      if (v !== undefined) {
        weight = `${v}${u}`;
        break;
      }
    }
    if (weight === undefined) return fail("weight: is empty");
  }
  let dimensions;
  const d = cols.get(rec, "dims");
  if (d !== undefined) {
    dimensions = d;
  } else {
    const unitCol = cols.get(rec, "dim_unit");
    const side = (name) => {
      const v = cols.get(rec, name);
      if (v !== undefined) return [v, unitCol];
      for (const u of ["in", "cm"]) {
        const x = cols.get(rec, `${name}_${u}`);
        if (x !== undefined) return [x, u];
      }
      return undefined;
    };
    const [l, wd, h] = [side("length"), side("width"), side("height")];
    if (l && wd && h) {
      if (!l[1]) return fail("dims: give a dim_unit column or headers like length_in");
      dimensions = `${l[0]}x${wd[0]}x${h[0]}${l[1]}`;
    } else if (l || wd || h) {
      return fail("dims: length, width and height must all be given");
    }
  }
  const shipDate = cols.get(rec, "ship_date") ?? defaultDate;
  let residential = false;
  const r = cols.get(rec, "residential");
  if (r !== undefined) {
    const v = r.toLowerCase();
    if (TRUE.has(v)) residential = true;
    else if (!FALSE.has(v)) return fail(`residential: ${JSON.stringify(v)} is not true/false`);
  }
  const shipment = { from, to, weight, residential };
  if (dimensions !== undefined) shipment.dimensions = dimensions;
  if (shipDate) shipment.shipDate = shipDate;
  const options = {};
  const packaging = cols.get(rec, "packaging");
  if (packaging) options.packaging = packaging;
  const hub = cols.get(rec, "hub");
  if (hub) options.hub = hub;
  if (Object.keys(options).length) shipment.options = options;
  return { line, id, rawId, shipment };
}

/** A decimal string → { m: BigInt mantissa, s: scale }, or null. */
function decimal(text) {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return null;
  return { m: BigInt((m[1] || "0") + (m[2] ?? "")), s: (m[2] ?? "").length };
}

const WEIGHT_UNITS = {
  oz: "oz", ounce: "oz", ounces: "oz",
  lb: "lb", lbs: "lb", pound: "lb", pounds: "lb",
  g: "g", gram: "g", grams: "g",
  kg: "kg", kgs: "kg", kilogram: "kg", kilograms: "kg",
};

/** "2.50 LBS" → { text: "2.50", unit: "lb" } (the number as rust_decimal prints it). */
export function splitWeight(s) {
  const m = /^\s*([0-9.]*?)\s*([A-Za-z]+)\s*$/.exec(s);
  if (!m) return null;
  const unit = WEIGHT_UNITS[m[2].toLowerCase()];
  const num = m[1].trim();
  if (!unit || !decimal(num)) return null;
  let [int, frac] = num.split(".");
  int = int.replace(/^0+(?=\d)/, "") || "0";
  return { text: frac ? `${int}.${frac}` : int, unit };
}

/** Weight bands of the summary, upper bounds in lb, inclusive. */
export const BANDS = [
  ["≤ 1 lb", 1n],
  ["1–5 lb", 5n],
  ["5–10 lb", 10n],
  ["10–20 lb", 20n],
  ["20–70 lb", 70n],
  ["> 70 lb", null],
];

/** The band of a weight, compared exactly (1 lb = 16 oz = 0.45359237 kg). */
export function band(weightText) {
  const w = splitWeight(weightText);
  const d = w && decimal(w.text);
  if (!d) return "> 70 lb";
  const p = 10n ** BigInt(d.s);
  for (const [name, up] of BANDS) {
    if (up === null) return name;
    let ok;
    if (w.unit === "lb") ok = d.m <= up * p;
    else if (w.unit === "oz") ok = d.m <= up * 16n * p;
    else if (w.unit === "kg") ok = d.m * 10n ** 8n <= up * 45359237n * p;
    else ok = d.m * 10n ** 5n <= up * 45359237n * p;
    if (ok) return name;
  }
  return "> 70 lb";
}

/** "12.34" → 1234 (integer cents). Totals are rounded to the cent by the engine. */
export function cents(amount) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`not an amount in cents: ${amount}`);
  const c = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -c : c;
}

export function money(c) {
  const neg = c < 0;
  const a = Math.abs(c);
  return `${neg ? "-" : ""}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

/** a / b as a percentage with one decimal, half to even (rust_decimal's round_dp). */
export function percent(a, b) {
  if (b === 0) return "-";
  const num = BigInt(a) * 1000n;
  const den = BigInt(b);
  const neg = num < 0n !== den < 0n;
  const n = neg ? -num : num;
  const dd = den < 0n ? -den : den;
  let q = n / dd;
  const r = n % dd;
  if (r * 2n > dd || (r * 2n === dd && q % 2n === 1n)) q += 1n;
  const s = `${q / 10n}.${q % 10n}`;
  return `${neg && q !== 0n ? "-" : ""}${s} %`;
}

function csvCell(s) {
  const v = String(s ?? "");
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The running analysis. `services` is the engine's (carrier, service) list in load
 * order, which fixes the result CSV's columns and the carriers' order.
 */
export class Analysis {
  constructor(services) {
    this.services = services;
    this.index = new Map(services.map((s, i) => [`${s.carrier}\u0000${s.service}`, i]));
    this.carriers = [...new Set(services.map((s) => s.carrier))];
    this.perCarrier = this.carriers.map(() => ({ cost: 0, rows: 0 }));
    this.mixTotal = 0;
    this.mixCount = new Map();
    this.byZone = new Map();
    this.byBand = new Map();
    this.uspsTotal = 0;
    this.mixVsUsps = 0;
    this.compared = 0;
    this.rated = 0;
    this.unpriced = 0;
    this.records = 0;
    this.bad = [];
    this.out = [];
    const header = ["line", "id", "from", "to", "weight", "cheapest_carrier", "cheapest_service", "zone", "cheapest_total"];
    for (const s of services) header.push(`${s.carrier}:${s.service}`);
    header.push("error");
    this.width = header.length;
    this.out.push(header.map(csvCell).join(",") + "\n");
  }

  /** A row that could not be read or rated. */
  addError(line, id, message) {
    this.records += 1;
    this.bad.push({ line, id, message });
    const rec = [String(line), id, ...Array(this.width - 3).fill(""), message];
    this.out.push(rec.map(csvCell).join(",") + "\n");
  }

  /** A rated row: `result` is the engine's quote result for `row.shipment`. */
  addResult(row, result) {
    this.records += 1;
    const s = row.shipment;
    const w = splitWeight(s.weight);
    const zip = (z) => z.trim().slice(0, 5);
    const rec = [String(row.line), row.id, zip(s.from), zip(s.to), w ? `${w.text}${w.unit}` : s.weight];
    const cells = Array(this.services.length).fill("");
    const quotes = [];
    let uspsZone;
    for (const q of result.quotes) {
      const i = this.index.get(`${q.carrier}\u0000${q.service}`);
      if (i !== undefined) {
        const c = cents(q.total);
        quotes.push({ i, zone: q.zone, c });
        cells[i] = money(c);
      }
      if (q.carrier === "usps" && uspsZone === undefined) uspsZone = q.zone;
    }
    let best;
    for (const q of quotes) if (!best || q.c < best.c) best = q;
    if (!best) {
      this.unpriced += 1;
      rec.push("", "", "", "");
    } else {
      this.rated += 1;
      const { carrier, service } = this.services[best.i];
      this.mixTotal += best.c;
      this.mixCount.set(carrier, (this.mixCount.get(carrier) ?? 0) + 1);
      rec.push(carrier, service, best.zone, money(best.c));
      this.carriers.forEach((carrier, ci) => {
        let min;
        for (const q of quotes) if (this.services[q.i].carrier === carrier && (min === undefined || q.c < min)) min = q.c;
        if (min !== undefined) {
          this.perCarrier[ci].cost += min;
          this.perCarrier[ci].rows += 1;
        }
      });
      let usps;
      for (const q of quotes) if (this.services[q.i].carrier === "usps" && (usps === undefined || q.c < usps)) usps = q.c;
      const zoneKey = uspsZone ?? `${best.zone} (non-USPS)`;
      for (const [map, key] of [
        [this.byZone, zoneKey],
        [this.byBand, band(s.weight)],
      ]) {
        const tally = map.get(key) ?? { rows: 0, usps: 0, mix: 0, compared: 0 };
        tally.rows += 1;
        if (usps !== undefined) {
          tally.usps += usps;
          tally.mix += best.c;
          tally.compared += 1;
        }
        map.set(key, tally);
      }
      if (usps !== undefined) {
        this.uspsTotal += usps;
        this.mixVsUsps += best.c;
        this.compared += 1;
      }
    }
    rec.push(...cells, "");
    this.out.push(rec.map(csvCell).join(",") + "\n");
  }

  /** The summary, amounts in cents. */
  summary() {
    const byKey = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const bandOrder = (a, b) => BANDS.findIndex(([n]) => n === a[0]) - BANDS.findIndex(([n]) => n === b[0]);
    return {
      total: this.records,
      rated: this.rated,
      unpriced: this.unpriced,
      bad: this.bad.length,
      carriers: this.carriers.map((carrier, i) => ({ carrier, cost: this.perCarrier[i].cost, rows: this.perCarrier[i].rows })),
      mixTotal: this.mixTotal,
      mixCount: [...this.mixCount.entries()].sort(byKey).map(([carrier, rows]) => ({ carrier, rows })),
      uspsTotal: this.uspsTotal,
      savings: this.uspsTotal - this.mixVsUsps,
      savingsPercent: percent(this.uspsTotal - this.mixVsUsps, this.uspsTotal),
      compared: this.compared,
      byZone: [...this.byZone.entries()].sort(byKey).map(([key, t]) => ({ key, ...t, savingsPercent: percent(t.usps - t.mix, t.usps) })),
      byBand: [...this.byBand.entries()].sort(bandOrder).map(([key, t]) => ({ key, ...t, savingsPercent: percent(t.usps - t.mix, t.usps) })),
      badRows: [...this.bad].sort((a, b) => a.line - b.line).slice(0, 200),
    };
  }

  /** The result CSV: one row per input row, in line order (as zonerate batch -o writes it). */
  csvParts() {
    const [header, ...rows] = this.out;
    const withLine = rows.map((r) => [Number(r.slice(0, r.indexOf(","))), r]);
    withLine.sort((a, b) => a[0] - b[0]);
    return [header, ...withLine.map((x) => x[1])];
  }
}

/** Deterministic sample shipments (like bench/gen_shipments.py), as CSV text. */
export function sampleCsv(n, date) {
  // mulberry32: a small, well-mixed 32-bit generator.
  let seed = 20261121;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const range = (lo, hi) => lo + Math.floor(rnd() * (hi - lo));
  const origins = ["90021", "90640", "85027", "43215"];
  const dest3 = [];
  for (const [lo, hi] of [[10, 70], [100, 150], [200, 962]]) for (let z = lo; z < hi; z++) dest3.push(String(z).padStart(3, "0"));
  const out = ["id,from,to,weight,dims,residential,ship_date"];
  for (let i = 0; i < n; i++) {
    const o = pick(origins);
    const d = pick(dest3) + String(range(1, 99)).padStart(2, "0");
    const kind = range(0, 3);
    const w = kind === 0 ? `${range(2, 16)}oz` : kind === 1 ? `${range(1, 20)}lb` : `${range(1, 40)}.${range(0, 10)}lb`;
    const dims = rnd() < 0.3 ? "" : `${range(4, 24)}x${range(4, 16)}x${range(2, 12)}in`;
    const res = rnd() < 0.6 ? "yes" : "no";
    out.push(`S${i},${o},${d},${w},${dims},${res},${date}`);
  }
  return out.join("\n") + "\n";
}
