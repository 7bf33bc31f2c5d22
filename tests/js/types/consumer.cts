// The same API through require() (CommonJS, types from index.d.cts). Only type-checked.
import zonerate = require("zonerate");

export function quoteSync(card: string): string {
  const engine = new zonerate.RateEngine();
  engine.addCard(card);
  const r: zonerate.QuoteResult = engine.quote({ from: "85027", to: "90210", weight: "2.5lb" });
  const p: Promise<void> = zonerate.init();
  void p;
  return r.quotes.map((q) => q.total).join(",");
}
