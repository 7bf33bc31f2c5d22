// examples/worker in workerd: bundled the way wrangler bundles it (zonerate resolved to
// the installed tarball when the packaging tests ran, else to pkg/), then GET /quote.
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import { JS_DIR, OUT, ROOT } from "./lib/paths.mjs";
import { MODULE_RULES, bundleWorker } from "./lib/wrangler-bundle.mjs";
import { nativeQuote } from "./packaging.mjs";

export async function workerExample({ group, sh }) {
  const g = group("examples/worker in workerd");
  const bundle = await g.step("bundle (wrangler-style)", () =>
    bundleWorker(join(ROOT, "examples", "worker", "src", "index.js"), join(OUT, "worker-example"), {
      nodePaths: [join(OUT, "pack", "worker-app", "node_modules"), join(JS_DIR, "node_modules")],
    }),
  );
  if (!bundle) return g.done();
  const { Miniflare } = await import("miniflare");
  let mf;
  const get = async (query) => {
    const r = await mf.dispatchFetch(`http://worker.test/quote?${query}`);
    return { status: r.status, body: await r.json() };
  };
  try {
    mf = new Miniflare({ modules: true, scriptPath: bundle.script, modulesRules: MODULE_RULES, compatibilityDate: "2025-09-01" });
    const good = "from=85027&to=90210&weight=2.5lb&dims=13x13x13in&date=2026-11-21";
    const want = nativeQuote(sh, { from: "85027", to: "90210", weight: "2.5lb", dimensions: "13x13x13in", shipDate: "2026-11-21" });
    let r = await get(good);
    g.ok("GET /quote = native", r.status === 200 && isDeepStrictEqual(r.body, want), JSON.stringify(r.body).slice(0, 300));
    r = await get("from=85027&to=10001&weight=3lb&date=2025-11-03&residential=1&service=usps_priority_mail_commercial");
    const want2 = nativeQuote(sh, { from: "85027", to: "10001", weight: "3lb", shipDate: "2025-11-03", residential: true, services: ["usps_priority_mail_commercial"] });
    g.ok("residential and service parameters = native", r.status === 200 && isDeepStrictEqual(r.body, want2), JSON.stringify(r.body).slice(0, 300));
    for (const [query, code, path] of [
      ["from=85027&to=90210&weight=2stone", "unknown_unit", "weight"],
      ["from=8502&to=90210&weight=1lb", "invalid_zip", "from"],
      ["from=85027&to=90210", "invalid_weight", "weight"],
      ["from=85027&to=90210&weight=1lb&dims=12x10in", "invalid_dimensions", "dimensions"],
      ["from=85027&to=90210&weight=1lb&date=2026-02-30", "invalid_date", "shipDate"],
      ["from=85027&to=90210&weight=1lb&service=nope", "unknown_service", "services[0]"],
    ]) {
      r = await get(query);
      const e = r.body.error ?? {};
      g.ok(`bad input (${code}): 400 with the RateError`, r.status === 400 && e.name === "RateError" && e.code === code && e.path === path && typeof e.message === "string", JSON.stringify(r.body));
      r = await get(good);
      g.ok(`after ${code}: the next good request succeeds`, r.status === 200 && isDeepStrictEqual(r.body, want));
    }
    const nf = await mf.dispatchFetch("http://worker.test/nope");
    g.ok("other paths: 404", nf.status === 404);
  } catch (e) {
    g.ok("workerd run", false, e && e.stack);
  } finally {
    await mf?.dispose();
  }
  g.done();
}
