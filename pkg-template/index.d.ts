// Types of the zonerate package: the same API on every runtime (Node ESM and CommonJS,
// browsers, Deno, Cloudflare Workers). They describe the JSON shapes of src/shipment.rs
// (input) and src/quote.rs, src/engine.rs (output). Money and weights are decimal
// strings, never floats: "13.82", "2.5".

/** A decimal number written as a string: `"13.82"`, `"2.5"`. */
export type DecimalString = string;
/** A calendar date, `YYYY-MM-DD`. */
export type DateString = string;

/** Weight units in results. */
export type WeightUnit = "oz" | "lb" | "g" | "kg";
/** Length units in results. */
export type LengthUnit = "in" | "cm";
/** Weight units accepted in input (any letter case). */
export type WeightUnitInput =
  | WeightUnit
  | "ounce" | "ounces" | "lbs" | "pound" | "pounds" | "gram" | "grams" | "kgs" | "kilogram" | "kilograms";
/** Length units accepted in input (any letter case). */
export type LengthUnitInput =
  | LengthUnit
  | "inch" | "inches" | "centimetre" | "centimeter" | "centimetres" | "centimeters";

/** A positive decimal, as a string (`"2.5"`) or a JSON number (`2.5`). */
export type NumberInput = string | number;

/** A weight: `"2.5lb"`, `"40 oz"`, `"1.2kg"`, or `{ value, unit }`. */
export type WeightInput = string | { value: NumberInput; unit: WeightUnitInput };

/** Dimensions: `"13x13x13in"`, `"30 x 20 x 15 cm"`, or `{ length, width, height, unit }`. */
export type DimensionsInput =
  | string
  | { length: NumberInput; width: NumberInput; height: NumberInput; unit: LengthUnitInput };

/** One parcel of a multi-parcel shipment. */
export interface ParcelInput {
  weight: WeightInput;
  dimensions?: DimensionsInput;
}

/** Extra options a card's surcharges and limits can look at. */
export interface ShipmentOptions {
  /** Options asked for (`"signature"`, …). */
  flags?: string[];
  /** Packaging kind (`"box"`, `"tube"`, `"roll"`, …). */
  packaging?: string;
  /** Declared value, in the cards' currency. */
  declaredValue?: NumberInput;
  /** Entry hub for regional carriers (default: chosen from the origin ZIP). */
  hub?: string;
}

/** Whose prices a quote shows: the customer's (sell prices only) or the internal one (cost, sell, margin). */
export type View = "customer" | "internal";

/** Fields common to single- and multi-parcel shipments. */
export interface ShipmentBase {
  /** Origin ZIP: `"85027"`, `"85027-1234"`. */
  from: string;
  /** Destination ZIP. */
  to: string;
  residential?: boolean;
  /** `YYYY-MM-DD`; default: today (UTC). */
  shipDate?: DateString;
  /** Only these services (codes from `services()`); an unknown code is an error. */
  services?: string[];
  options?: ShipmentOptions;
  /** Only these carriers. */
  carriers?: string[];
  /** Not these carriers. */
  excludeCarriers?: string[];
  /** Not these services. */
  excludeServices?: string[];
  /** `best_value` is the cheapest quote arriving within this many business days (default 4). */
  bestValueDays?: number;
  view?: View;
  /** Give each quote a `fingerprint` that `verifyQuote` can check (needs `shipDate` to verify). */
  fingerprint?: boolean;
}

/** One parcel. */
export interface SingleParcelShipment extends ShipmentBase {
  weight: WeightInput;
  dimensions?: DimensionsInput;
  parcels?: never;
}

/** Several parcels (1 to 100), each with its own weight and dimensions. */
export interface MultiParcelShipment extends ShipmentBase {
  parcels: ParcelInput[];
  weight?: never;
  dimensions?: never;
}

/** A shipment to quote. */
export type ShipmentInput = SingleParcelShipment | MultiParcelShipment;

/** A weight in a result. */
export interface Weight {
  value: DecimalString;
  unit: WeightUnit;
}

/** Kind of a quote line. */
export type LineCategory = "base" | "surcharge" | "markup";

/** One line of a quote; the lines add up to the total exactly. */
export interface Line {
  /** `"base"`, a surcharge code (`"residential"`, `"fuel"`, …) or a markup rule's code. */
  code: string;
  category: LineCategory;
  label: string;
  /** Rounded to the cent. */
  amount: DecimalString;
}

/** Rate-shopping tags. */
export type QuoteTag = "cheapest" | "fastest" | "best_value";

/** One parcel's part of a multi-parcel quote. */
export interface ParcelQuote {
  billableWeight: Weight;
  dimWeight?: Weight;
  /** Cubic tier in cubic feet, for cubic services. */
  cubicTier?: DecimalString;
  total: DecimalString;
  lines: Line[];
}

/** A priced service. */
export interface Quote {
  carrier: string;
  service: string;
  serviceName: string;
  /** Zone label (`"8"`). */
  zone: string;
  billableWeight: Weight;
  /** Dimensional weight, where computed. */
  dimWeight?: Weight;
  /** Cubic tier in cubic feet, for cubic services. */
  cubicTier?: DecimalString;
  /** Sum of the lines. */
  total: DecimalString;
  /** ISO currency code (`"USD"`). */
  currency: string;
  lines: Line[];
  /** Transit business days, where the card has them. */
  transitDays?: number;
  /** Ship date plus the transit business days. */
  estimatedDelivery?: DateString;
  /** Id of the card that priced it. */
  card: string;
  tags?: QuoteTag[];
  /** Things to know (a zone from an outdated fallback chart, …). */
  warnings?: string[];
  /** Internal view: the carrier's price. */
  cost?: DecimalString;
  /** Internal view: the sell price (equals `total`). */
  sell?: DecimalString;
  /** Internal view: sell − cost. */
  margin?: DecimalString;
  /** Multi-parcel shipments: each parcel's quote. */
  parcels?: ParcelQuote[];
  /** `sha256:…` over the card version, markups, shipment and result (when asked for). */
  fingerprint?: string;
}

/** Why a service cannot take a shipment (stable codes; cards may add their own limit codes). */
export type UnavailableCode =
  | "no_card_in_effect"
  | "origin_not_served"
  | "destination_not_served"
  | "dimensions_required"
  | "no_price"
  | "over_max_weight"
  | "over_max_length"
  | "over_max_size"
  | "over_max_volume"
  | "over_max_value"
  | (string & {});

/** A service that cannot take the shipment. */
export interface Unavailable {
  carrier: string;
  service: string;
  code: UnavailableCode;
  message: string;
}

/** The answer to `quote()`. */
export interface QuoteResult {
  quotes: Quote[];
  unavailable: Unavailable[];
}

/** Stable error codes (docs/errors.md). */
export type ErrorCode =
  | "invalid_json"
  | "unsupported_format"
  | "invalid_value"
  | "invalid_step"
  | "overlapping_brackets"
  | "zone_count_mismatch"
  | "unknown_zone_table"
  | "unknown_surcharge"
  | "unknown_zip_set"
  | "duplicate_code"
  | "duplicate_card"
  | "card_too_large"
  | "hash_mismatch"
  | "invalid_zip"
  | "invalid_weight"
  | "invalid_dimensions"
  | "unknown_unit"
  | "invalid_date"
  | "unknown_service"
  | "invalid_shipment"
  | "invalid_markup"
  | "io"
  | "verification_failed";

/** A bad shipment inside `quoteMany()`: its path starts with its index (`"[3].weight"`). */
export interface QuoteError {
  error: { code: ErrorCode; path: string; message: string };
}

/** One item of `quoteMany()`'s answer, in input order. */
export type QuoteManyItem = QuoteResult | QuoteError;

/** What `addCard()` reports. */
export interface CardSummary {
  id: string;
  /** Edition label, when the card has one. */
  version?: string;
  carrier: string;
  /** Service codes it brings. */
  services: string[];
  /** Zone table names it brings (for other cards to reference). */
  zoneTables: string[];
  /**
   * Content hash, `sha256:…`, when loading computed it (the card carries its own `hash`,
   * or one was required); otherwise ask `cardHash(id)`.
   */
  hash?: string;
}

/**
 * A rate card (format `"zonerate/1"`, docs/rate-card-format.md and
 * schema/rate-card.v1.schema.json). Only the header is typed here; the engine checks
 * the whole card and reports the path of a bad field.
 */
export interface CardDocument {
  format: string;
  id: string;
  carrier: string;
  version?: string;
  [field: string]: unknown;
}

/** Kinds of markup rule. */
export type MarkupKind = "percent" | "fixed" | "perZone" | "minMargin";

/** One markup rule, applied in list order to the cost. */
export interface MarkupRule {
  code: string;
  label: string;
  type: MarkupKind;
  carriers?: string[];
  services?: string[];
  /** `percent`: the percentage. */
  percent?: NumberInput;
  /** `percent`: of the cost (default) or of the running sell price. */
  of?: "cost" | "running";
  /** `fixed` (per parcel) and `minMargin`: the amount. */
  amount?: NumberInput;
  /** `perZone`: zone labels … */
  zones?: string[];
  /** … and the amount for each. */
  amounts?: NumberInput[];
}

/** Markup rules (`zonerate.markup/1`) turning cost prices into sell prices. */
export interface MarkupRules {
  format: "zonerate.markup/1";
  rules: MarkupRule[];
}

/** What `RateError#toJSON()` gives. */
export interface RateErrorJSON {
  name: "RateError";
  code: ErrorCode;
  path: string;
  message: string;
  detail: string;
}

/**
 * A bad card, shipment or markup rule. A RateError never leaves the engine unusable:
 * nothing is added or changed by a failed call.
 */
export declare class RateError extends Error {
  readonly name: "RateError";
  /** Stable machine code. */
  readonly code: ErrorCode;
  /** The bad field (`"weight.unit"`, `"parcels[1].weight"`); empty when the whole input is at fault. */
  readonly path: string;
  /** The sentence without the path (`message` is `path: detail`). */
  readonly detail: string;
  private constructor();
  toJSON(): RateErrorJSON;
}

/** The answer of `verifyQuote`. */
export interface Verification {
  /** True when the claimed quote is exactly what this engine's cards give. */
  valid: boolean;
  code:
    | "ok"
    | "total_mismatch"
    | "lines_mismatch"
    | "card_mismatch"
    | "quote_mismatch"
    | "fingerprint_mismatch"
    | "missing_fingerprint"
    | "service_unavailable";
  message: string;
  /** This engine's own total for the service, when it could price it. */
  expectedTotal?: DecimalString;
  /** This engine's own fingerprint, when it could price it. */
  expectedFingerprint?: string;
}

/** One shipment of `quoteTable`: `[from, to, weight, dims?, residential?, shipDate?]`. */
export type TableShipment = readonly [string, string, string, string?, boolean?, DateString?];

/** One line of `quoteTable`'s answer. */
export type TableRow =
  | {
      /** 1-based input line. */
      line: number;
      /** Index into `services` of the cheapest priced service, or null when none prices it. */
      cheapest: number | null;
      /** Each service's total (same order as `services`), null when unavailable. */
      totals: (DecimalString | null)[];
    }
  | { line: number; error: { code: ErrorCode; message: string } };

/** The answer of `quoteTable`. */
export interface QuoteTable {
  /** Every loaded service, the columns of `totals`. */
  services: string[];
  rows: TableRow[];
}

/** Loaded rate cards and markup rules; answers quotes. */
export declare class RateEngine {
  /** An empty engine. On Node and workerd the module loads on first use; elsewhere `await init()` first. */
  constructor();
  /**
   * Adds a rate card (JSON text, its UTF-8 bytes as read from a file, or an object).
   * Cards holding only zone tables must be added
   * before the cards that reference them. With `hash`, the card is refused unless its
   * content hash is that value. Throws RateError; nothing is added on error.
   */
  addCard(card: string | Uint8Array | CardDocument, hash?: string): CardSummary;
  /** Sets the markup rules (text or object), replacing earlier ones. Throws RateError. */
  setMarkups(rules: string | MarkupRules): void;
  /** Quotes one shipment with every loaded service (or those it asks for). Throws RateError on bad input. */
  quote(shipment: string | ShipmentInput): QuoteResult;
  /** Quotes many shipments in one call; a bad one gives `{ error }` in its place. */
  quoteMany(shipments: string | readonly ShipmentInput[]): QuoteManyItem[];
  /**
   * The batch path without per-shipment objects: shipments as text lines
   * `from,to,weight[,dims[,residential[,shipDate]]]` (or tuples), totals of every service
   * back in one table. Bad lines are reported in place; the others are quoted.
   */
  quoteTable(shipments: string | readonly TableShipment[]): QuoteTable;
  /** The same, as the raw text table (`line,cheapest,<services…>` then one line per shipment). */
  quoteTableText(shipments: string | readonly TableShipment[]): string;
  /**
   * Checks a quote computed elsewhere (a browser) for a shipment (with `shipDate`) against
   * this engine's cards: field for field and by fingerprint. Throws RateError on bad input.
   */
  verifyQuote(shipment: string | ShipmentInput, quote: string | Quote): Verification;
  /** The content hash (`sha256:…`) of a loaded card, computed on first use; undefined for an unknown id. */
  cardHash(id: string): string | undefined;
  /** Service codes of the loaded cards, in load order. */
  services(): string[];
  /** Releases the engine's memory now rather than at garbage collection. */
  free(): void;
}

/**
 * Loads the WebAssembly module. Memoized: call it as often as you like. On Node and
 * workerd it is synchronous underneath (the module is ready when it returns); in
 * browsers and Deno it fetches `zonerate_bg.wasm` next to the package's JS.
 */
export declare function init(): Promise<void>;
