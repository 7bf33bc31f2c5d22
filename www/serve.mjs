#!/usr/bin/env node
// A small static server for the demo site: no framework, no dependencies.
//   node www/serve.mjs [--port N] [--host H]      (PORT and HOST work too; default 8080, 127.0.0.1)
// URLs (stable; a static host can reproduce them by copying pkg/ and cards/ into www/):
//   /            www/            the site (index.html, shop.html, widget/, js/, css/)
//   /pkg/        pkg/            the npm package's browser build (bash scripts/build-wasm.sh)
//   /cards/      cards/          the shipped rate cards
//   /vendor/     www/vendor/     the chart library, copied from node_modules by
//                                scripts/demo.sh --serve (served from tests/www/node_modules
//                                when it has not been copied)
// Every response carries a Content-Security-Policy that only allows this origin, so once
// the page and cards are loaded nothing can leave the browser.
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".d.ts": "text/plain; charset=utf-8",
};

const CSP = [
  "default-src 'self'",
  // WebAssembly compilation needs 'wasm-unsafe-eval'; no inline or remote script.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  // The chart library writes style attributes into its tooltips.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

/** The folders behind each URL prefix; the first existing file wins. */
function mounts(root) {
  return [
    ["/pkg/", [join(root, "pkg")]],
    ["/cards/", [join(root, "cards")]],
    ["/vendor/", [join(root, "www", "vendor"), join(root, "tests", "www", "node_modules", "echarts", "dist")]],
    ["/", [join(root, "www")]],
  ];
}

// The vendored file keeps a stable name whichever folder serves it.
const ALIASES = { "/vendor/echarts.esm.min.js": ["echarts.esm.min.js", "echarts.esm.min.mjs"] };

async function findFile(root, pathname) {
  for (const [prefix, dirs] of mounts(root)) {
    if (!pathname.startsWith(prefix)) continue;
    const rel = pathname.slice(prefix.length);
    const names = ALIASES[pathname] ?? [rel];
    for (const dir of dirs) {
      for (const name of names) {
        const file = normalize(join(dir, name));
        if (file !== dir && !file.startsWith(dir + sep)) return null; // no way out of the mount
        try {
          let s = await stat(file);
          let f = file;
          if (s.isDirectory()) {
            f = join(file, "index.html");
            s = await stat(f);
          }
          if (s.isFile()) return { file: f, size: s.size, mtime: s.mtime };
        } catch {
          // try the next candidate
        }
      }
    }
    return null;
  }
  return null;
}

function mimeOf(file) {
  if (file.endsWith(".d.ts")) return MIME[".d.ts"];
  return MIME[extname(file).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Starts the server; resolves to `{ server, port, url, close() }`. `port: 0` picks a
 * free port.
 */
export function startServer({ port = 8080, host = "127.0.0.1", root = ROOT, quiet = true } = {}) {
  const server = createServer(async (req, res) => {
    const headers = {
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-cache",
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...headers, Allow: "GET, HEAD", "Content-Type": "text/plain" });
      res.end("method not allowed\n");
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400, { ...headers, "Content-Type": "text/plain" });
      res.end("bad request\n");
      return;
    }
    if (pathname.includes("\0")) {
      res.writeHead(400, { ...headers, "Content-Type": "text/plain" });
      res.end("bad request\n");
      return;
    }
    const found = await findFile(root, pathname);
    if (!quiet) console.log(`${req.method} ${pathname} ${found ? 200 : 404}`);
    if (!found) {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end(`not found: ${pathname}\n`);
      return;
    }
    const etag = `W/"${found.size.toString(16)}-${found.mtime.getTime().toString(16)}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { ...headers, ETag: etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      "Content-Type": mimeOf(found.file),
      "Content-Length": found.size,
      ETag: etag,
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(found.file)
      .on("error", () => res.destroy())
      .pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      const shown = host === "127.0.0.1" || host === "::1" ? "localhost" : host;
      resolvePromise({
        server,
        port: actual,
        url: `http://${shown}:${actual}/`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

function argValue(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(argValue("port") ?? process.env.PORT ?? 8080);
  const host = argValue("host") ?? process.env.HOST ?? "127.0.0.1";
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad port ${port}`);
    process.exit(2);
  }
  startServer({ port, host, quiet: !process.argv.includes("--verbose") })
    .then(({ url }) => {
      console.log(`zonerate demo: ${url}  (checkout widget: ${url}shop.html)  Ctrl-C to stop`);
    })
    .catch((e) => {
      console.error(`serve: ${e.message}`);
      process.exit(1);
    });
}
