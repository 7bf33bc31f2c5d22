// The JavaScript face of zonerate, shared by every runtime entry (node.mjs, node.cjs,
// web.js, workerd.js). Objects in, objects out: values cross into WebAssembly as JSON
// text and come back as JSON text or, for quotes, a flat tape of fields (money as
// decimal strings, never floats). Each entry
// only says how its runtime gets the module; the API is the same everywhere.
//
// The package declares "sideEffects": false, so nothing here or in an entry may rely
// on a top-level statement running: the entries pass their loader as an argument.
import initWasm, { initSync, run } from "./glue.js";

/**
 * A coded error from zonerate: a bad card, shipment or markup rule. `code` is stable
 * (see docs/errors.md), `path` names the bad field (`weight.unit`, `parcels[1].weight`,
 * `services[0].table.rows[3].step`; empty when the whole input is at fault), `detail`
 * is the sentence without the path, and `message` is `path: detail`.
 */
export class RateError extends Error {
  static {
    // On the prototype, like Error's own `name`: not an enumerable field of each error.
    Object.defineProperty(this.prototype, "name", { value: "RateError", writable: true, configurable: true });
  }

  constructor(message, { code = "invalid_value", path = "", detail = message } = {}) {
    super(message);
    this.code = code;
    this.path = path;
    this.detail = detail;
  }

  toJSON() {
    return { name: this.name, code: this.code, path: this.path, message: this.message, detail: this.detail };
  }
}

// Module state: the glue holds one instance per JS realm, so this is per realm too.
let ready = false;
let pending;

/**
 * Loads the WebAssembly module the way `runtime` says: `sync(initSync)` where the
 * runtime has the bytes or the compiled module at hand (Node, workerd), otherwise
 * `async(initWasm)` (browsers, Deno: fetch). Memoized: every call returns the same
 * promise; with `sync` the module is ready when this returns, before the promise
 * settles. A failed load is retried on the next call.
 * @internal
 */
export function start(runtime) {
  if (pending) return pending;
  if (runtime.sync) {
    try {
      runtime.sync(initSync);
    } catch (e) {
      return Promise.reject(e);
    }
    ready = true;
    pending = Promise.resolve();
    return pending;
  }
  const p = Promise.resolve()
    .then(() => runtime.async(initWasm))
    .then(() => {
      ready = true;
    });
  pending = p;
  p.catch(() => {
    if (pending === p) pending = undefined;
  });
  return p;
}

function ensureReady(runtime) {
  if (ready) return;
  if (runtime.sync && !pending) {
    // Node and workerd need no await: the first engine loads the module.
    runtime.sync(initSync);
    ready = true;
    pending = Promise.resolve();
    return;
  }
  throw new Error("zonerate: the WebAssembly module is not loaded yet; `await init()` before `new RateEngine()`");
}

// JSON text for the core: strings pass through, anything else is stringified.
function text(value, what) {
  if (typeof value === "string") return value;
  let t;
  try {
    t = JSON.stringify(value);
  } catch (e) {
    const detail = `the ${what} cannot be written as JSON (${e && e.message})`;
    throw new RateError(detail, { code: "invalid_json", path: "", detail });
  }
  if (t === undefined) {
    const detail = `the ${what} is missing: give a JSON string or an object`;
    throw new RateError(detail, { code: "invalid_json", path: "", detail });
  }
  return t;
}

// Quote answers come from the core as a tape (src/tape.rs): fields separated by U+001F
// after a leading U+001E, in a fixed order, turned here into the objects the JSON of
// `zonerate quote --json` gives, key for key and in the same order. Building them from
// known shapes is about 3x faster in V8 than JSON.parse of the same answer. When a string
// holds U+001E or U+001F, the core escapes the tape: it starts with U+001C instead, and in
// its strings U+001C and U+001F are U+001C followed by "\\" and "_".
// The reader walks the text field by field (`indexOf`, `slice`) and reads counts and bit
// masks digit by digit: a `split` of the whole tape first cost more than the rest.
const unescape = (s) => s.replace(/\x1c([\\_])/g, (_, c) => String.fromCharCode(c.charCodeAt(0) - 0x40));
class Tape {
  constructor(text) {
    this.t = text;
    this.i = 2; // after U+001E (or U+001C) and the first U+001F
    this.escaped = text.charCodeAt(0) === 0x1c;
  }
  s() {
    const t = this.t;
    const i = this.i;
    let j = t.indexOf("\x1f", i);
    if (j < 0) j = t.length;
    this.i = j + 1;
    return this.escaped ? unescape(t.slice(i, j)) : t.slice(i, j);
  }
  // A count, a bit mask or a number of days: digits up to the next separator or the end
  // (where charCodeAt gives NaN).
  n() {
    const t = this.t;
    let i = this.i;
    let v = 0;
    for (let c = t.charCodeAt(i); c >= 48 && c <= 57; c = t.charCodeAt(++i)) v = v * 10 + c - 48;
    this.i = i + 1;
    return v;
  }
  weight() {
    return { value: this.s(), unit: this.s() };
  }
  lines() {
    const out = [];
    for (let n = this.n(); n > 0; n--) out.push({ code: this.s(), category: this.s(), label: this.s(), amount: this.s() });
    return out;
  }
  strs() {
    const out = [];
    for (let n = this.n(); n > 0; n--) out.push(this.s());
    return out;
  }
  parcel() {
    const b = this.n();
    const p = { billableWeight: this.weight() };
    if (b & 1) p.dimWeight = this.weight();
    if (b & 2) p.cubicTier = this.s();
    p.total = this.s();
    p.lines = this.lines();
    return p;
  }
  quote() {
    const b = this.n();
    const q = { carrier: this.s(), service: this.s(), serviceName: this.s(), zone: this.s(), billableWeight: this.weight() };
    if (b & 1) q.dimWeight = this.weight();
    if (b & 2) q.cubicTier = this.s();
    q.total = this.s();
    q.currency = this.s();
    q.lines = this.lines();
    if (b & 4) q.transitDays = this.n();
    if (b & 8) q.estimatedDelivery = this.s();
    q.card = this.s();
    if (b & 16) q.tags = this.strs();
    if (b & 32) q.warnings = this.strs();
    if (b & 64) q.cost = this.s();
    if (b & 128) q.sell = this.s();
    if (b & 256) q.margin = this.s();
    if (b & 512) {
      const parcels = [];
      for (let n = this.n(); n > 0; n--) parcels.push(this.parcel());
      q.parcels = parcels;
    }
    if (b & 1024) q.fingerprint = this.s();
    return q;
  }
  result() {
    const quotes = [];
    for (let n = this.n(); n > 0; n--) quotes.push(this.quote());
    const unavailable = [];
    for (let n = this.n(); n > 0; n--) unavailable.push({ carrier: this.s(), service: this.s(), code: this.s(), message: this.s() });
    return { quotes, unavailable };
  }
  many() {
    const out = [];
    while (this.i <= this.t.length) {
      out.push(this.s() === "q" ? this.result() : { error: { code: this.s(), path: this.s(), message: this.s() } });
    }
    return out;
  }
}


// The binding's operations: its one export `run(engine, op, text, bytes)` (src/wasm.rs), by
// the numbers it gives them (`addCardHashed`: `addCard` with the required hash as `text`).
// `run`'s first argument is the engine's handle (`new` answers a new one's; `free` frees it).
const OP = {
  addCard: 0,
  setMarkups: 1,
  quote: 2,
  quoteMany: 3,
  verifyQuote: 4,
  quoteTable: 5,
  cardHash: 6,
  services: 7,
  addCardHashed: 8,
  new: 9,
  free: 10,
};

// Frees the module's engine of a RateEngine collected without `free()`.
let registry;

let encoder;
const utf8 = () => (encoder ??= new TextEncoder());

// The binding answers an error with one string, U+001D then `code,n,<path><detail>` with
// the path's length n (src/wasm.rs error_answer); give callers the class.
function rateError(e) {
  const i = e.indexOf(",");
  const j = e.indexOf(",", i + 1);
  const n = +e.slice(i + 1, j);
  const path = e.slice(j + 1, j + 1 + n);
  const detail = e.slice(j + 1 + n);
  return new RateError(path ? `${path}: ${detail}` : detail, { code: e.slice(1, i), path, detail });
}

/**
 * Loaded rate cards and markup rules; answers quotes. Each runtime entry subclasses it
 * as `RateEngine`, passing how that runtime loads the module.
 * @internal
 */
export class Engine {
  // The engine's handle in the module (src/wasm.rs), undefined once freed.
  #h;

  constructor(runtime) {
    ensureReady(runtime);
    const h = +run(0, OP.new, "");
    this.#h = h;
    registry ??=
      typeof FinalizationRegistry === "undefined"
        ? { register: () => {}, unregister: () => {} }
        : new FinalizationRegistry((h) => run(h, OP.free, ""));
    registry.register(this, h, this);
  }

  // One operation of the binding (`OP`); its answer, or its error thrown as a RateError.
  #run(op, text, bytes) {
    const h = this.#h;
    if (h === undefined) throw new Error("zonerate: this RateEngine was freed");
    const a = run(h, op, text, bytes);
    if (a.charCodeAt(0) === 0x1d) throw rateError(a);
    return a;
  }

  /** Adds a rate card (JSON text or object); returns its summary. Nothing is added on error. */
  addCard(card, hash) {
    // As UTF-8 bytes (see `run` in src/wasm.rs): one native encode and one native copy.
    const bytes = card instanceof Uint8Array ? card : utf8().encode(text(card, "card"));
    return JSON.parse(typeof hash === "string" ? this.#run(OP.addCardHashed, hash, bytes) : this.#run(OP.addCard, "", bytes));
  }

  /** Sets the markup rules (a `zonerate.markup/1` document, text or object), replacing earlier ones. */
  setMarkups(rules) {
    const t = text(rules, "markup rules");
    this.#run(OP.setMarkups, t);
  }

  /** Quotes one shipment with every loaded service. */
  quote(shipment) {
    const t = text(shipment, "shipment");
    const a = this.#run(OP.quote, t);
    return new Tape(a).result();
  }

  /** Quotes many shipments in one call; a bad one gives `{ error }` in its place. */
  quoteMany(shipments) {
    const t = text(shipments, "shipment list");
    const a = this.#run(OP.quoteMany, t);
    return new Tape(a).many();
  }

  /** The batch path: text lines (or tuples) in, one table of totals out, as text. */
  quoteTableText(shipments) {
    const t =
      typeof shipments === "string"
        ? shipments
        : Array.from(shipments, (r) => r.map((v) => (v === true ? "1" : v === false || v == null ? "" : String(v))).join(",")).join("\n");
    return this.#run(OP.quoteTable, t);
  }

  /** The batch path, parsed: `{ services, rows: [{ line, cheapest, totals } | { line, error }] }`. */
  quoteTable(shipments) {
    const lines = this.quoteTableText(shipments).split("\n");
    const services = lines[0].split(",").slice(2);
    const rows = [];
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i];
      if (l === "") continue;
      const cells = l.split(",");
      const line = Number(cells[0]);
      if (cells[1].startsWith("!")) {
        rows.push({ line, error: { code: cells[1].slice(1), message: cells.slice(2).join(",") } });
        continue;
      }
      rows.push({
        line,
        cheapest: cells[1] === "" ? null : Number(cells[1]),
        totals: cells.slice(2).map((c) => (c === "" ? null : c)),
      });
    }
    return { services, rows };
  }

  /** Checks a quote computed elsewhere against this engine's cards. */
  verifyQuote(shipment, quote) {
    const s = text(shipment, "shipment");
    const q = text(quote, "quote");
    // The quote as UTF-8 bytes (`run`'s second text, see src/wasm.rs).
    return JSON.parse(this.#run(OP.verifyQuote, s, utf8().encode(q)));
  }

  /** The content hash (`sha256:…`) of a loaded card, computed on first use; undefined if none has this id. */
  cardHash(id) {
    const h = this.#run(OP.cardHash, String(id));
    return h === "" ? undefined : h;
  }

  /** Service codes of the loaded cards, in load order. */
  services() {
    return JSON.parse(this.#run(OP.services, ""));
  }

  /** Releases the engine's memory now instead of when it is garbage-collected. */
  free() {
    const h = this.#h;
    if (h !== undefined) {
      this.#h = undefined;
      registry.unregister(this);
      run(h, OP.free, "");
    }
  }
}

/**
 * A runtime entry's exports: `init` and `RateEngine` bound to how that runtime loads the
 * module (`runtime`, as for `start`). Each entry file is this call and its exports.
 * @internal
 */
export function entry(runtime) {
  return {
    /** Loads the WebAssembly module; memoized, resolves on every runtime. */
    init: () => start(runtime),
    /** Loaded rate cards and markup rules; answers quotes. */
    RateEngine: class RateEngine extends Engine {
      constructor() {
        super(runtime);
      }
    },
  };
}
