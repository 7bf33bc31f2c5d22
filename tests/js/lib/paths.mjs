// Where things are, for every JS test script.
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const JS_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(dirname(JS_DIR));
export const PKG = join(ROOT, "pkg");
export const OUT = join(JS_DIR, "out");
export const NATIVE_CLI = join(ROOT, "target", "debug", "zonerate");
export const CHROMIUM = "/usr/bin/chromium";
// Deno from npm (tests/js/package.json pins it), run with its own cache under out/.
export const DENO = join(JS_DIR, "node_modules", ".bin", "deno");
export const DENO_ENV = { ...process.env, DENO_DIR: join(OUT, "deno-cache"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
/** `deno run` with only what the tests need: reading files, no network, no prompts. */
export const DENO_RUN = ["run", "--no-prompt", "--allow-read", "--allow-env", "--node-modules-dir=manual", "--no-config"];
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
