// Conformance suite in workerd: the package's workerd entry, as is (static .wasm import).
// POST {cards, markups} runs the suite and answers its results as JSON.
import * as zonerate from "../../../pkg/workerd.js";
import { runSuite } from "../conformance.mjs";

export default {
  async fetch(request) {
    try {
      const input = await request.json();
      return Response.json(await runSuite(zonerate, input));
    } catch (e) {
      return Response.json({ fatal: String(e && e.stack ? e.stack : e) }, { status: 500 });
    }
  },
};
