// Conformance suite in Node, CommonJS: `require("zonerate")` (exports map: node.require).
const zonerate = require("zonerate");

(async () => {
  const { runSuite } = await import("../conformance.mjs");
  const { suiteInput } = await import("../lib/inputs.mjs");
  // CommonJS users get the same three names, and a working engine without any await.
  const names = Object.keys(zonerate).sort().join(",");
  const syncEngine = new zonerate.RateEngine();
  const syncWorks = Array.isArray(syncEngine.services());
  const out = await runSuite(zonerate, suiteInput());
  out.checks.push({ name: "require() exports init, RateEngine, RateError", ok: names === "RateEngine,RateError,init", detail: names });
  out.checks.push({ name: "require(): new RateEngine() works before init()", ok: syncWorks, detail: "" });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
