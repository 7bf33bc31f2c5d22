// The suite's input (cards as text in CLI order, markup rules), read from the repository.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CARD_FILES, MARKUP_FILE } from "../conformance.mjs";
import { ROOT } from "./paths.mjs";

export function suiteInput() {
  return {
    cards: CARD_FILES.map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") })),
    markups: readFileSync(join(ROOT, MARKUP_FILE), "utf8"),
  };
}
