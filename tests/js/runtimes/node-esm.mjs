// Conformance suite in Node, ESM: `import … from "zonerate"` (exports map: node.import).
import * as zonerate from "zonerate";
import { runSuite } from "../conformance.mjs";
import { suiteInput } from "../lib/inputs.mjs";

const out = await runSuite(zonerate, suiteInput());
process.stdout.write(JSON.stringify(out));
