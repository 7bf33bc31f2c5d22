// The shadow stack's high-water mark: run by tests/js/run.mjs (section "stack") in a Node
// process of its own, since it loads the module through the glue to reach its memory.
//   node tests/js/stack.mjs PKG_DIR   → JSON: { stackSize, cases: [{ name, used, code, expect }] }
// The module's stack is the STACK_SIZE bytes below the stack pointer's initial value: the
// linker puts it after the data (scripts/build-wasm.sh sets its size and says why).
// Between calls nothing lives on it: each case fills it with a pattern, runs one call and
// finds the lowest byte the call overwrote.
import { runSuite } from "./conformance.mjs";
import { suiteInput } from "./lib/inputs.mjs";
import { loadPackage } from "./lib/instance.mjs";
import { WasmReader } from "../../scripts/wasm-read.mjs";

const pkg = process.argv[2];
const { bytes, exports, zonerate } = await loadPackage(pkg);

/** The stack's size, as scripts/build-wasm.sh links it. */
const size = 65536;

/** The initial value of the module's first global (the stack pointer, the stack's top) and
 * the end of its last data segment. */
function layout(b) {
  const r = new WasmReader(b);
  let top = -1;
  let dataEnd = 0;
  for (const { id, end } of r.sections()) {
    if (id === 6) {
      r.u32(); // count
      r.bytes(2); // value type, mutability
      if (r.byte() !== 0x41) throw new Error("the first global's init is not i32.const");
      top = r.u32();
    } else if (id === 11) {
      for (let n = r.u32(); n > 0; n--) {
        if (r.u32() !== 0 || r.byte() !== 0x41) throw new Error("a data segment not active at a constant");
        const at = r.u32();
        r.byte(); // end
        const len = r.u32();
        dataEnd = Math.max(dataEnd, at + len);
        r.p += len;
      }
    }
    r.p = end;
  }
  if (top < 0) throw new Error("no global section");
  return { top, dataEnd };
}

const { top, dataEnd } = layout(bytes);
const bottom = top - size;
const PATTERN = 0xa5;
const mem = () => new Uint8Array(exports.memory.buffer);
const cases = [];
function run(name, f, expect = "ok") {
  mem().fill(PATTERN, bottom, top);
  let code = "ok";
  return Promise.resolve()
    .then(f)
    .catch((e) => {
      code = e && e.code ? e.code : String(e);
    })
    .then(() => {
      const m = mem();
      let low = bottom;
      while (low < top && m[low] === PATTERN) low++;
      cases.push({ name, used: top - low, code, expect });
    });
}

const input = suiteInput();
const deepArray = (n) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
const engine = new zonerate.RateEngine();
const shipment = { from: "85027", to: "90210", weight: "2.5lb", dimensions: "13x13x13in", shipDate: "2026-11-21" };
const withExtra = (x) => `{"from":"85027","to":"90210","weight":"2lb","shipDate":"2026-11-21","x":${x}}`;
const card = JSON.parse(input.cards.find((c) => c.file.includes("gofo")).text);

await run("the conformance suite, all runtimes' cases", () => runSuite(zonerate, input));
await run("the suite's cards loaded", () => {
  for (const c of input.cards) engine.addCard(c.text);
});
await run("a quote against every card", () => engine.quote(shipment));
const signed = { ...shipment, fingerprint: true };
let fingerprinted;
await run("a fingerprinted quote", () => {
  fingerprinted = engine.quote(signed).quotes[0];
});
await run("verifyQuote", () => {
  if (!engine.verifyQuote(signed, fingerprinted).valid) throw new Error("not valid");
});
await run("cardHash of every card", () => {
  for (const c of input.cards) engine.cardHash(JSON.parse(c.text).id);
});
await run("quoteTable", () => engine.quoteTable("85027,90210,2lb\n85027,10001,70lb,12x12x40in,true,2026-11-21\n1,2,3"));
await run("a shipment with arrays nested 127 deep", () => engine.quote(withExtra(deepArray(127))), "invalid_json");
await run("a shipment with objects nested 127 deep", () => engine.quote(withExtra(deepObject(127))), "invalid_json");
await run("a shipment with arrays nested 200 deep", () => engine.quote(withExtra(deepArray(200))), "invalid_json");
await run("quoteMany, arrays nested 128 deep", () => engine.quoteMany(`[${deepArray(127)}]`));
await run("markups with arrays nested 127 deep", () => engine.setMarkups(`{"rules":${deepArray(126)}}`), "invalid_json");
await run("verifyQuote of a quote nested 127 deep", () => engine.verifyQuote(signed, `{"a":${deepArray(126)}}`), "invalid_shipment");
await run("a card with arrays nested 31 deep", () => new zonerate.RateEngine().addCard({ ...card, x: JSON.parse(deepArray(30)) }), "invalid_json");
await run("a card nested 200 deep", () => new zonerate.RateEngine().addCard(`{"x":${deepArray(200)}}`), "card_too_large");
await run("the engine still quotes", () => engine.quote(shipment));
process.stdout.write(JSON.stringify({ stackSize: size, bottom, top, dataEnd, cases }));
