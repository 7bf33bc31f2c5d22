// The shipment-profile worker (a module worker): loads the package and the cards itself,
// then rates a shipments CSV in chunks with quoteMany, posting progress, so that even
// 100,000 rows never block the page.
//
// Messages in:  {type: "init", manifest}
//               {type: "run", job, file | text | sample, defaultDate}
//               {type: "cancel", job}
// Messages out: {type: "ready", cards, services} | {type: "error", job?, message}
//               {type: "progress", job, done, total}
//               {type: "done", job, summary, csv: Blob, ms} | {type: "cancelled", job}
import { loadCatalog } from "./engine.js";
import { parseCsv, columns, parseRow, Analysis, sampleCsv } from "./profile-core.js";

/** Rows per quoteMany call: big enough to amortise the call, small enough to report often. */
const CHUNK = 500;

/** Shipment fields → the CSV columns they came from. */
const COLUMN = { dimensions: "dims", shipDate: "ship_date" };

let catalog;
const cancelled = new Set();

const pause = () => new Promise((r) => setTimeout(r, 0));

function serviceList(c) {
  const seen = new Set();
  const out = [];
  for (const card of c.cards) {
    for (const service of card.summary.services) {
      const key = `${card.summary.carrier}\u0000${service}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ carrier: card.summary.carrier, service });
      }
    }
  }
  return out;
}

async function run({ job, file, text, sample, defaultDate }) {
  const c = await catalog;
  const started = performance.now();
  let csv = text ?? (file ? await file.text() : sampleCsv(sample, defaultDate));
  const records = parseCsv(csv);
  csv = null;
  if (records.length === 0) throw new Error("the file is empty");
  const cols = columns(records[0]);
  for (const req of ["from", "to"]) {
    if (!cols.has(req)) throw new Error(`no \`${req}\` column (columns: from, to, weight, dims, residential, ship_date)`);
  }
  const analysis = new Analysis(serviceList(c));
  const total = records.length - 1;
  self.postMessage({ type: "progress", job, done: 0, total });
  for (let start = 1; start < records.length; start += CHUNK) {
    if (cancelled.has(job)) {
      cancelled.delete(job);
      self.postMessage({ type: "cancelled", job });
      return;
    }
    const batch = [];
    const end = Math.min(records.length, start + CHUNK);
    for (let k = start; k < end; k++) {
      const row = parseRow(cols, records[k], k + 1, defaultDate);
      records[k] = null; // let the text go as we go
      if (row.error) analysis.addError(row.line, row.id, row.error);
      else batch.push(row);
    }
    if (batch.length) {
      const results = c.engine.quoteMany(batch.map((r) => r.shipment));
      results.forEach((r, j) => {
        if (r.error) {
          // Named as zonerate batch names the CSV's columns.
          const field = String(r.error.path ?? "").replace(/^\[\d+\]\.?/, "");
          const path = COLUMN[field] ?? field;
          analysis.addError(batch[j].line, batch[j].rawId, path ? `${path}: ${r.error.message}` : r.error.message);
        } else {
          analysis.addResult(batch[j], r);
        }
      });
    }
    self.postMessage({ type: "progress", job, done: end - 1, total });
    await pause(); // lets a cancel message in
  }
  const summary = analysis.summary();
  const blob = new Blob(analysis.csvParts(), { type: "text/csv" });
  self.postMessage({ type: "done", job, summary, csv: blob, ms: performance.now() - started });
}

self.addEventListener("message", (e) => {
  const msg = e.data ?? {};
  if (msg.type === "init") {
    catalog = loadCatalog({ manifest: msg.manifest });
    catalog.then(
      (c) => self.postMessage({ type: "ready", cards: c.cards.length, services: serviceList(c).length }),
      (err) => self.postMessage({ type: "error", message: String(err?.message ?? err) }),
    );
  } else if (msg.type === "run") {
    run(msg).catch((err) => self.postMessage({ type: "error", job: msg.job, message: String(err?.message ?? err) }));
  } else if (msg.type === "cancel") {
    cancelled.add(msg.job);
  }
});
