// The build's last step, scripts/deflate-order.mjs, checked on the package's module: run by
// tests/js/run.mjs (section "size") in a Node process of its own.
//   node tests/js/order.mjs PKG_DIR   → JSON: { roundTrip, moved, same, hinted, linked, answers }
// `roundTrip`: the module put through the script with no move is byte for byte the module (the script
// reads and writes every section it touches exactly). `moved`: the build's module reordered
// another way (500 moves from the named module before the hints: functions moved, locals
// renumbered) differs from the shipped one; `same`: the conformance suite's
// answers from that module, loaded as a package of its own, equal the shipped module's.
// `hinted`: the build's named module (target/wasm-bindgen/final.wasm) started from the repository's
// hints and saved again gives, from those saved hints, the same module byte for byte (what `--save`
// writes is what `--hints` reads), and it has no name section left. `linked`: the linker's
// sections left in the shipped module (none: scripts/order-data.mjs drops them).
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { runSuite } from "./conformance.mjs";
import { suiteInput } from "./lib/inputs.mjs";
import { loadPackage } from "./lib/instance.mjs";
import { ROOT } from "./lib/paths.mjs";
import { WasmReader } from "../../scripts/wasm-read.mjs";

/** The names of a module's custom sections. */
function customSections(bytes) {
  const r = new WasmReader(bytes);
  const names = [];
  for (const { id } of r.sections()) if (id === 0) names.push(r.name());
  return names;
}
const hasNames = (bytes) => customSections(bytes).includes("name");

const pkg = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), "zonerate-order-"));
try {
  const script = join(ROOT, "scripts/deflate-order.mjs");
  const wasm = join(pkg, "zonerate_bg.wasm");
  const shipped = readFileSync(wasm);
  execFileSync(process.execPath, [script, wasm, join(dir, "same.wasm"), "0"], { encoding: "utf8" });
  const roundTrip = readFileSync(join(dir, "same.wasm")).equals(shipped);
  const named = join(ROOT, "target/wasm-bindgen/final.wasm");
  const copy = join(dir, "pkg");
  cpSync(pkg, copy, { recursive: true });
  // From the build's named module without the hints: an order of its own (the shipped one may
  // already be where 500 more moves find nothing better).
  execFileSync(process.execPath, [script, named, join(copy, "zonerate_bg.wasm"), "500"], { encoding: "utf8" });
  const moved = !readFileSync(join(copy, "zonerate_bg.wasm")).equals(shipped);
  const hints = join(ROOT, "scripts/deflate-hints.json");
  const run = (...a) => execFileSync(process.execPath, [script, named, ...a], { encoding: "utf8" });
  run(join(dir, "a.wasm"), "0", "--hints", hints, "--save", join(dir, "hints.json"));
  run(join(dir, "b.wasm"), "0", "--hints", join(dir, "hints.json"));
  const a1 = readFileSync(join(dir, "a.wasm"));
  const hinted = a1.equals(readFileSync(join(dir, "b.wasm"))) && !hasNames(a1) && hasNames(readFileSync(named));
  const input = suiteInput();
  const a = await runSuite((await loadPackage(pkg)).zonerate, input);
  const b = await runSuite((await loadPackage(copy)).zonerate, input);
  const same = isDeepStrictEqual(a, b);
  // scripts/order-data.mjs dropped the linker's relocations once it had used them
  const linked = customSections(shipped).filter((n) => n === "linking" || n.startsWith("reloc."));
  process.stdout.write(JSON.stringify({ roundTrip, moved, same, hinted, linked, answers: a.results.length + a.checks.length }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
