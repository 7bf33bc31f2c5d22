// Loads the zonerate package and the rate cards into an engine. Used by the page and by
// the shipment-profile worker (no DOM here). The package is reached only through its
// browser entry, pkg/web.js.
import { init, RateEngine, RateError } from "../pkg/web.js";

export { RateEngine, RateError };

/** The list of card URLs shipped with the site, zones-only cards first. */
export const DEFAULT_MANIFEST = new URL("../cards.json", import.meta.url).href;

async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

/** Card URLs from a manifest: a JSON array of URLs (or `{cards: [...]}`), relative to it. */
export async function cardUrls(manifestUrl) {
  const res = await fetch(manifestUrl);
  if (!res.ok) throw new Error(`${manifestUrl}: HTTP ${res.status}`);
  const list = await res.json();
  const urls = Array.isArray(list) ? list : list?.cards;
  if (!Array.isArray(urls)) throw new Error(`${manifestUrl}: expected a JSON list of card URLs`);
  return urls.map((u) => new URL(u, res.url || manifestUrl).href);
}

/** What the UI wants to know about a card beyond addCard's summary. */
export function cardMeta(doc) {
  return {
    carrierName: typeof doc.carrierName === "string" ? doc.carrierName : doc.carrier,
    illustrative: doc.illustrative === true,
    source: typeof doc.source === "string" ? doc.source : "",
    effective: doc.effective ?? {},
    currency: doc.currency,
    zonesOnly: !Array.isArray(doc.services) || doc.services.length === 0,
    services: (Array.isArray(doc.services) ? doc.services : []).map((s) => ({
      code: s.code,
      name: s.name ?? s.code,
      cubic: s.table?.key === "cubic",
    })),
  };
}

/**
 * Loads the package and every card of the manifest, in manifest order. Resolves to
 * `{ engine, cards: [{url, text, summary, meta}], services: Map(code → info), carriers }`.
 */
export async function loadCatalog({ manifest = DEFAULT_MANIFEST, onProgress } = {}) {
  const urls = await cardUrls(manifest);
  let loaded = 0;
  const texts = Promise.all(
    urls.map((u) =>
      fetchText(u).then((t) => {
        loaded += 1;
        onProgress?.(loaded, urls.length);
        return t;
      }),
    ),
  );
  await init();
  const all = await texts;
  const engine = new RateEngine();
  const cards = [];
  for (let i = 0; i < urls.length; i++) {
    let summary;
    try {
      summary = engine.addCard(all[i]);
    } catch (e) {
      const where = e.path ? ` at ${e.path}` : "";
      throw new Error(`${urls[i]}: ${e.code ?? "error"}${where}: ${e.detail ?? e.message}`);
    }
    cards.push({ url: urls[i], text: all[i], summary, meta: cardMeta(JSON.parse(all[i])) });
  }
  return describe(engine, cards);
}

/** Adds what the UI needs: service and carrier tables, in load order. */
export function describe(engine, cards) {
  const services = new Map();
  const carriers = new Map();
  for (const c of cards) {
    if (!carriers.has(c.summary.carrier)) {
      carriers.set(c.summary.carrier, { code: c.summary.carrier, name: c.meta.carrierName, illustrative: c.meta.illustrative });
    }
    for (const s of c.meta.services) {
      if (!services.has(s.code)) {
        services.set(s.code, {
          code: s.code,
          name: s.name,
          carrier: c.summary.carrier,
          carrierName: c.meta.carrierName,
          illustrative: c.meta.illustrative,
          cubic: s.cubic,
        });
      }
    }
  }
  return { engine, cards, services, carriers };
}
