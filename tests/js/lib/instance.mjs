// The package loaded the way the stack and memory tests need it: its glue instantiated by
// hand (so the module's exports, its memory among them, are at hand), then the package's
// Node entry, which finds that instance already made.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** { bytes, exports, zonerate } for the package in `pkg`. */
export async function loadPackage(pkg) {
  const bytes = readFileSync(join(pkg, "zonerate_bg.wasm"));
  const glue = await import(pathToFileURL(join(pkg, "glue.js")).href);
  const exports = glue.initSync({ module: bytes });
  const zonerate = await import(pathToFileURL(join(pkg, "node.mjs")).href);
  await zonerate.init();
  return { bytes, exports, zonerate };
}
