// A sample TypeScript consumer of the package, type-checked with `tsc --noEmit --strict`
// against the installed tarball (tests/js/packaging.mjs). Never run: only checked.
import { init, RateEngine, RateError } from "zonerate";
import type { CardSummary, ErrorCode, Line, Quote, QuoteManyItem, QuoteResult, ShipmentInput, Unavailable } from "zonerate";

declare const cardText: string;

export async function main(): Promise<string> {
  await init();
  const engine = new RateEngine();
  const summary: CardSummary = engine.addCard(cardText);
  const ids: string[] = [summary.id, engine.cardHash(summary.id) ?? summary.hash ?? "", ...summary.services, ...summary.zoneTables];
  const table = engine.quoteTable([["85027", "10001", "2.5lb", "12x10x6in", true, "2025-11-03"]]);
  const cheapestTotals: (string | null)[] = table.rows.flatMap((r) => ("totals" in r ? r.totals : []));
  const verified: boolean = engine.verifyQuote({ from: "85027", to: "10001", weight: "1lb", shipDate: "2025-11-03" }, "{}").valid;
  engine.addCard({ format: "zonerate/1", id: "x", carrier: "usps", services: [] }, "sha256:abc");
  engine.setMarkups({ format: "zonerate.markup/1", rules: [{ code: "m", label: "Markup", type: "percent", percent: "12" }] });
  engine.setMarkups('{"format":"zonerate.markup/1","rules":[]}');

  const shipment: ShipmentInput = { from: "85027", to: "90210", weight: "2.5lb", dimensions: "13x13x13in", residential: false, shipDate: "2026-11-21" };
  const result: QuoteResult = engine.quote(shipment);
  const first: Quote | undefined = result.quotes[0];
  const total: string | undefined = first?.total;
  const lines: Line[] = first?.lines ?? [];
  const categories: ("base" | "surcharge" | "markup")[] = lines.map((l) => l.category);
  const zone: string | undefined = first?.zone;
  const billable: string | undefined = first?.billableWeight.value;
  const tags = first?.tags ?? [];
  const cheapest: boolean = tags.includes("cheapest");
  const margin: string | undefined = first?.margin;
  const parcels = first?.parcels?.map((p) => p.total) ?? [];
  const why: Unavailable[] = result.unavailable;

  engine.quote({ from: "85027", to: "10001", weight: { value: 2.5, unit: "lb" }, dimensions: { length: 12, width: "10", height: 6, unit: "in" } });
  engine.quote({ from: "85027", to: "10001", parcels: [{ weight: "1lb" }, { weight: "12oz", dimensions: "9x6x3in" }], view: "internal" });
  engine.quote('{"from":"85027","to":"10001","weight":"1lb"}');

  const many: QuoteManyItem[] = engine.quoteMany([shipment, { ...shipment, weight: "-1lb" }]);
  for (const item of many) {
    if ("error" in item) {
      const code: ErrorCode = item.error.code;
      ids.push(code, item.error.path);
    } else {
      ids.push(String(item.quotes.length));
    }
  }
  const services: string[] = engine.services();

  try {
    engine.quote({ from: "8502", to: "90210", weight: "1lb" });
  } catch (e) {
    if (e instanceof RateError) {
      const code: ErrorCode = e.code;
      const path: string = e.path;
      const message: string = e.message;
      const name: "RateError" = e.name;
      ids.push(code, path, message, name, e.detail, e.toJSON().code);
    }
  }
  engine.free();

  // The types reject what the engine would refuse.
  // @ts-expect-error weight or parcels is required
  engine.quote({ from: "85027", to: "90210" });
  // @ts-expect-error not both weight and parcels
  engine.quote({ from: "85027", to: "90210", weight: "1lb", parcels: [{ weight: "1lb" }] });
  // @ts-expect-error unknown view
  engine.quote({ from: "85027", to: "90210", weight: "1lb", view: "boss" });
  // @ts-expect-error amounts are strings, not numbers
  const wrong: number = result.quotes[0].total;
  // @ts-expect-error RateError is not constructed by users
  new RateError();

  return [total, zone, billable, margin, cheapest, ...categories, ...parcels, ...services, why.length, wrong].join(",");
}
