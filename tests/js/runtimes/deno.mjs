// Conformance suite in Deno. run.mjs writes a small Deno project (out/deno-app: a
// package.json depending on "zonerate", node_modules/zonerate → pkg/) whose main module
// does `import * as zonerate from "zonerate"` — resolved by Deno itself, which picks the
// exports map's `deno` entry — and hands the package to `main` here.
import process from "node:process";
import { runSuite } from "../conformance.mjs";
import { suiteInput } from "../lib/inputs.mjs";

/** Runs the suite on the package as Deno resolved it (`entry`: its resolved URL). */
export async function main(zonerate, entry) {
  const out = await runSuite(zonerate, suiteInput());
  out.checks.push({ name: "Deno resolves the exports map's deno entry (web.js)", ok: entry.endsWith("/web.js"), detail: entry });
  out.checks.push({ name: "runs in Deno", ok: typeof Deno === "object" && typeof Deno.version?.deno === "string", detail: "" });
  process.stdout.write(JSON.stringify(out));
}
