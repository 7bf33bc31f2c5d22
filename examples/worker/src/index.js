// GET /quote?from=85027&to=90210&weight=2.5lb[&dims=13x13x13in][&date=2026-11-21]
//           [&residential=1][&service=CODE…]
// answers the quote result as JSON, from the USPS cards bundled into the script; bad
// input answers 400 with the RateError as JSON ({"error": {name, code, path, message,
// detail}}). The engine is built once per isolate and stays usable after any error.
import { init, RateEngine, RateError } from "zonerate";
import uspsZones from "../../../cards/usps/usps-zones.json";
import usps2025 from "../../../cards/usps/usps-2025-10-05.json";
import usps2026 from "../../../cards/usps/usps-2026-07-12.json";

// Zone-only cards first: the rate cards reference their zone tables.
const CARDS = [uspsZones, usps2025, usps2026];

let engine;
function rateEngine() {
  if (!engine) {
    const e = new RateEngine();
    for (const card of CARDS) e.addCard(card);
    engine = e;
  }
  return engine;
}

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });

/** The query string as a zonerate shipment (absent parameters are left out). */
function shipmentFrom(params) {
  const s = { from: params.get("from") ?? "", to: params.get("to") ?? "" };
  if (params.has("weight")) s.weight = params.get("weight");
  if (params.has("dims")) s.dimensions = params.get("dims");
  if (params.has("date")) s.shipDate = params.get("date");
  if (params.has("residential")) s.residential = ["1", "true", "yes"].includes(params.get("residential"));
  const services = params.getAll("service");
  if (services.length) s.services = services;
  return s;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/quote") return json({ error: { code: "not_found", message: "try GET /quote?from=85027&to=90210&weight=2.5lb" } }, 404);
    if (request.method !== "GET") return json({ error: { code: "method_not_allowed", message: "use GET" } }, 405);
    await init();
    try {
      return json(rateEngine().quote(shipmentFrom(url.searchParams)));
    } catch (e) {
      if (e instanceof RateError) return json({ error: e.toJSON() }, 400);
      throw e;
    }
  },
};
