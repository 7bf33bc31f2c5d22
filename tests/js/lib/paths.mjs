// Where things are, for every JS test script.
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const JS_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(dirname(JS_DIR));
export const PKG = join(ROOT, "pkg");
export const OUT = join(JS_DIR, "out");
export const NATIVE_CLI = join(ROOT, "target", "debug", "zonerate");
export const CHROMIUM = "/usr/bin/chromium";
// Flags that work on the build machines (docs: /work/shared/wasm-toolchain.md).
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
