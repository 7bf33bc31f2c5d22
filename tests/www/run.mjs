// Browser tests of the demo site (www/) and the checkout widget, against the native CLI.
//   node tests/www/run.mjs [name filter]
// Drives Debian's /usr/bin/chromium with playwright-core (never a downloaded browser), a
// fresh empty profile per test, the site served by www/serve.mjs on a free port. Every
// test fails on a console error or on any request made after the page has loaded.
// Screenshots go to target/screenshots/. Prints "www: N passed, M failed".
import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { startServer } from "../../www/serve.mjs";
import { sampleCsv } from "../../www/js/profile-core.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SHOTS = join(ROOT, "target", "screenshots");
const CLI = join(ROOT, "target", "release", "zonerate");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TIMEOUT = 180_000;

// --- helpers ----------------------------------------------------------------------------------

function cli(args, { allowFail = false } = {}) {
  const r = spawnSync(CLI, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0 && !allowFail) throw new Error(`zonerate ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r;
}

function cliQuote(s) {
  const args = ["quote", "--cards", "cards", "--from", s.from, "--to", s.to, "--weight", s.weight, "--date", s.date, "--json"];
  if (s.dims) args.push("--dims", s.dims);
  if (s.residential) args.push("--residential");
  for (const x of s.extra ?? []) args.push(x);
  return JSON.parse(cli(args).stdout);
}

const dollars = (amount) => {
  const [i, f = ""] = amount.split(".");
  return `$${i.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${f.padEnd(2, "0")}`;
};
const centsText = (c) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;

/** A fresh browser profile; returns { ctx, page, problems, armAfterLoad, requestsAfterLoad, close }. */
async function open(path, { locale = "en-US", viewport = { width: 1280, height: 900 }, ready = "html[data-ready=true]" } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "zonerate-www-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale,
    viewport,
    acceptDownloads: true,
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const problems = [];
  const after = [];
  let armed = false;
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // The page's requests include its workers' (the profile worker fetches the cards too).
  page.on("request", (r) => {
    const url = r.url();
    if (armed && !url.startsWith("blob:") && !url.startsWith("data:")) after.push(url);
  });
  await page.goto(server.url + path);
  await page.waitForSelector(ready, { timeout: TIMEOUT, state: "attached" });
  armed = true;
  return {
    ctx,
    page,
    problems,
    requestsAfterLoad: after,
    async close() {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
    /** Fails on console errors and on requests made after the page had loaded. */
    check() {
      assert.deepEqual(problems, [], "console errors");
      assert.deepEqual(after, [], "requests after load");
    },
  };
}

async function shot(page, name, opts = {}) {
  mkdirSync(SHOTS, { recursive: true });
  if (opts.fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), ...opts });
}

/** Fills the Compare form and waits until the list shows that shipment. */
async function compare(page, s) {
  const [value, unit] = /^([\d.]+)(\w+)$/.exec(s.weight).slice(1);
  await page.fill("#c-from", s.from);
  await page.fill("#c-to", s.to);
  await page.fill("#c-weight", value);
  await page.selectOption("#c-weight-unit", unit);
  if (s.dims) {
    const [, l, w, h, u] = /^([\d.]+)x([\d.]+)x([\d.]+)(\w+)$/.exec(s.dims);
    await page.fill("#c-length", l);
    await page.fill("#c-width", w);
    await page.fill("#c-height", h);
    await page.selectOption("#c-dim-unit", u);
  } else {
    for (const id of ["#c-length", "#c-width", "#c-height"]) await page.fill(id, "");
  }
  await page.setChecked("#c-residential", Boolean(s.residential));
  await page.fill("#c-date", s.date);
  const want = { from: s.from, to: s.to, weight: s.weight, residential: Boolean(s.residential), shipDate: s.date };
  if (s.dims) want.dimensions = s.dims;
  await page.waitForFunction(
    (w) => {
      const got = document.getElementById("quote-list").dataset.shipment;
      if (!got) return false;
      const g = JSON.parse(got);
      return Object.keys(w).every((k) => g[k] === w[k]) && g.dimensions === w.dimensions;
    },
    want,
    { timeout: TIMEOUT },
  );
}

async function shownQuotes(page) {
  return page.$$eval("#quote-list > li", (items) =>
    items.map((li) => ({
      service: li.dataset.service,
      carrier: li.dataset.carrier,
      total: li.dataset.total,
      shownTotal: li.querySelector(".q-total .amount").textContent,
      zone: li.querySelector(".q-zone").textContent,
      billable: li.dataset.billable,
      tags: (li.dataset.tags ?? "").split(" ").filter(Boolean).sort(),
      lines: [...li.querySelectorAll("table.lines tbody tr")].map((tr) => ({ code: tr.dataset.code, category: tr.dataset.category, amount: tr.querySelector("td").textContent })),
    })),
  );
}

// --- the tests --------------------------------------------------------------------------------

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test("server: MIME types, stable URLs, no way out of the mounts", async () => {
  const get = (p) => fetch(server.url + p.replace(/^\//, ""));
  const cases = [
    ["/", "text/html"],
    ["/shop.html", "text/html"],
    ["/js/app.js", "text/javascript"],
    ["/widget/zonerate-quote.js", "text/javascript"],
    ["/css/site.css", "text/css"],
    ["/cards.json", "application/json"],
    ["/cards/usps/usps-zones.json", "application/json"],
    ["/pkg/web.js", "text/javascript"],
    ["/pkg/zonerate_bg.wasm", "application/wasm"],
    ["/vendor/echarts.esm.min.js", "text/javascript"],
  ];
  for (const [p, type] of cases) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.headers.get("content-type").startsWith(type), `${p}: ${r.headers.get("content-type")}`);
    assert.match(r.headers.get("content-security-policy"), /connect-src 'self'/);
  }
  assert.equal((await get("/nope.html")).status, 404);
  for (const p of ["/cards/../Cargo.toml", "/cards/%2e%2e/Cargo.toml", "/pkg/..%2f..%2fCargo.toml", "/..%2fCargo.toml"]) {
    const r = await fetch(new URL(p, server.url), { redirect: "manual" });
    assert.equal(r.status, 404, p);
  }
});

test("the site's card list names every shipped card, zones-only cards first", async () => {
  const list = JSON.parse(readFileSync(join(ROOT, "www", "cards.json"), "utf8"));
  const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : f.endsWith(".json") ? [join(d, f)] : []));
  const shipped = walk(join(ROOT, "cards")).map((f) => relative(ROOT, f)).sort();
  assert.deepEqual([...list].sort(), shipped);
  const zonesOnly = list.map((f) => {
    const d = JSON.parse(readFileSync(join(ROOT, f), "utf8"));
    return !d.services || d.services.length === 0;
  });
  assert.deepEqual(zonesOnly, [...zonesOnly].sort((a, b) => b - a), "zones-only cards come first");
});

test("compare: every service, badges, zones, billable weights and breakdowns equal the CLI", async () => {
  const t = await open("");
  try {
    const { page } = t;
    const shipments = [
      { from: "90021", to: "10001", weight: "2.5lb", dims: "12x10x6in", residential: true, date: "2025-11-03" },
      { from: "85027", to: "30301", weight: "12oz", date: "2026-11-23" },
      { from: "43215", to: "94105", weight: "1.2kg", dims: "30x20x15cm", residential: true, date: "2025-12-01" },
      { from: "85027", to: "85004", weight: "60lb", dims: "30x20x20in", residential: true, date: "2026-11-23" },
    ];
    for (const [i, s] of shipments.entries()) {
      await compare(page, s);
      const want = cliQuote(s);
      const got = await shownQuotes(page);
      assert.equal(got.length, want.quotes.length, `${s.from}→${s.to}: number of quotes`);
      const byService = new Map(got.map((q) => [q.service, q]));
      for (const q of want.quotes) {
        const g = byService.get(q.service);
        assert.ok(g, `${q.service} is shown`);
        assert.equal(g.total, q.total, `${q.service} total`);
        assert.equal(g.shownTotal, dollars(q.total), `${q.service} shown total`);
        assert.equal(g.zone, q.zone, `${q.service} zone`);
        assert.equal(g.billable, `${q.billableWeight.value}${q.billableWeight.unit}`, `${q.service} billable weight`);
        assert.deepEqual(g.tags, [...(q.tags ?? [])].sort(), `${q.service} tags`);
        assert.deepEqual(
          g.lines,
          q.lines.map((l) => ({ code: l.code, category: l.category, amount: dollars(l.amount) })),
          `${q.service} lines`,
        );
      }
      // Shown cheapest first.
      const totals = got.map((q) => Math.round(Number(q.total) * 100));
      assert.deepEqual(totals, [...totals].sort((a, b) => a - b), "sorted by price");
      const unav = await page.$$eval("#unavailable-list > li", (li) => li.map((x) => ({ service: x.dataset.service, code: x.dataset.code })));
      assert.deepEqual(
        unav.sort((a, b) => a.service.localeCompare(b.service)),
        want.unavailable.map((u) => ({ service: u.service, code: u.code })).sort((a, b) => a.service.localeCompare(b.service)),
        "unavailable services and their codes",
      );
      if (i === 0) {
        await page.click("#quote-list > li:first-child details summary");
        await page.click("#quote-list > li:nth-child(7) details summary");
        await shot(page, "compare", { fullPage: true });
      }
    }
    assert.ok(
      await page.$eval("#quote-list > li[data-tags~=cheapest] .badge-cheapest", (b) => b.textContent === "Cheapest"),
      "the cheapest badge is shown",
    );
    // A bad ZIP points at its field.
    await page.fill("#c-to", "1000");
    await page.waitForSelector("#c-to[aria-invalid=true]", { timeout: TIMEOUT });
    const err = await page.textContent("#c-to-err");
    assert.match(err, /not a ZIP code/);
    assert.equal(await page.$$eval("#quote-list > li", (l) => l.length), 0);
    await page.fill("#c-to", "10001");
    await page.waitForSelector("#quote-list > li", { timeout: TIMEOUT });
    // Narrow screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, "compare-mobile", { fullPage: false });
    t.check();
  } finally {
    await t.close();
  }
});

test("price curves: line chart and heatmap drawn, numbers equal the CLI", async () => {
  const t = await open("#curves");
  try {
    const { page } = t;
    await page.waitForSelector("#panel-curves[data-ready=true]", { timeout: TIMEOUT });
    await page.fill("#k-date", "2025-11-03");
    await page.fill("#k-from", "85027");
    await page.waitForFunction(() => {
      const p = document.getElementById("panel-curves");
      return p.dataset.ready === "true" && JSON.parse(p.dataset.key).from === "85027" && JSON.parse(p.dataset.key).shipDate === "2025-11-03";
    }, null, { timeout: TIMEOUT });
    await page.selectOption("#k-zone", "5");
    await page.waitForFunction(() => JSON.parse(document.getElementById("panel-curves").dataset.key).zone === "5" && document.getElementById("panel-curves").dataset.ready === "true", null, { timeout: TIMEOUT });
    assert.ok(await page.$("#chart-lines canvas"), "line chart canvas");
    assert.ok(await page.$("#chart-heat canvas"), "heatmap canvas");
    const zones = await page.$$eval("#k-zone option", (o) => o.map((x) => x.value));
    assert.deepEqual(zones, ["1", "2", "3", "4", "5", "6", "7", "8", "9"].filter((z) => zones.includes(z)));
    assert.ok(zones.length >= 8, `zones found: ${zones}`);
    // Heatmap table: the USPS Ground Advantage (Commercial) price at 10 lb in each zone.
    const service = await page.$eval("#k-service", (s) => s.value);
    assert.equal(service, "usps_ground_advantage_commercial");
    const table = await page.$$eval("#heat-table table", ([tb]) => ({
      head: [...tb.querySelectorAll("thead th")].map((th) => th.textContent),
      rows: [...tb.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent)),
    }));
    const row10 = table.rows.find((r) => r[0] === "10 lb");
    for (let c = 1; c < table.head.length; c += 3) {
      const [, zone, zip] = /Zone (\S+) \((\d{5})\)/.exec(table.head[c]);
      const want = cliQuote({ from: "85027", to: zip, weight: "10lb", date: "2025-11-03", extra: ["--service", service] });
      assert.equal(want.quotes[0].zone, zone, `zone of ${zip}`);
      assert.equal(row10[c], dollars(want.quotes[0].total), `zone ${zone} at 10 lb`);
    }
    // Line chart table: every service in zone 5 at 3 lb.
    const lines = await page.$$eval("#lines-table table", ([tb]) => ({
      head: [...tb.querySelectorAll("thead th")].map((th) => th.textContent),
      row: [...tb.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent)).find((r) => r[0] === "3 lb"),
    }));
    const dests = (await page.textContent("#lines-dests")).replace(/.*: /, "").split(", ");
    const names = new Map();
    for (const zip of dests) {
      for (const q of cliQuote({ from: "85027", to: zip, weight: "3lb", date: "2025-11-03" }).quotes) if (q.zone === "5" && !names.has(q.serviceName)) names.set(q.serviceName, q.total);
    }
    for (let c = 1; c < lines.head.length; c++) {
      assert.ok(names.has(lines.head[c]), `${lines.head[c]} reaches zone 5`);
      assert.equal(lines.row[c], dollars(names.get(lines.head[c])), `${lines.head[c]} at 3 lb`);
    }
    await page.selectOption("#k-service", "usps_priority_mail_commercial");
    await page.waitForFunction(() => JSON.parse(document.getElementById("panel-curves").dataset.key).service === "usps_priority_mail_commercial" && document.getElementById("panel-curves").dataset.ready === "true", null, { timeout: TIMEOUT });
    await page.waitForTimeout(300);
    await shot(page, "curves", { fullPage: true });
    t.check();
  } finally {
    await t.close();
  }
});

/** Parses the summary `zonerate batch` prints. */
function parseBatchSummary(text) {
  const lines = text.split("\n");
  const head = /^(\d+) rows: (\d+) rated, (\d+) with no service that takes them, (\d+) bad/.exec(lines[0]);
  const s = { total: +head[1], rated: +head[2], unpriced: +head[3], bad: +head[4], carriers: [], byZone: [], byBand: [] };
  let section = null;
  for (const l of lines) {
    if (l.startsWith("all to one carrier")) section = "carriers";
    else if (l.startsWith("by USPS zone")) section = "byZone";
    else if (l.startsWith("by weight band")) section = "byBand";
    let m;
    if ((m = /^cheapest mix: (\S+) over (\d+) rows \((.*)\)$/.exec(l))) {
      s.mix = m[1];
      s.mixRows = +m[2];
      s.mixCount = m[3] ? m[3].split(", ").map((x) => x.split(" ")).map(([c, n]) => ({ carrier: c, rows: +n })) : [];
    } else if ((m = /^savings against USPS only: (\S+) of (\S+) \((.+)\) over the (\d+) rows USPS takes$/.exec(l))) {
      Object.assign(s, { savings: m[1], usps: m[2], savingsPercent: m[3], compared: +m[4] });
    } else if (section === "carriers" && (m = /^ {2}(\S+)\s+(-?\d+\.\d\d)\s+(\d+) of (\d+)$/.exec(l))) {
      s.carriers.push({ carrier: m[1], cost: m[2], rows: +m[3], of: +m[4] });
    } else if ((section === "byZone" || section === "byBand") && (m = /^ {2}(.+?)\s+(\d+)\s+(-?\d+\.\d\d)\s+(-?\d+\.\d\d)\s+(-|\S+ %)$/.exec(l))) {
      s[section].push({ key: m[1], rows: +m[2], usps: m[3], mix: m[4], savingsPercent: m[5] });
    }
  }
  return s;
}

async function shownSummary(page) {
  return page.evaluate(() => {
    const rows = (id) =>
      [...document.querySelectorAll(`#${id} tbody tr`)].map((tr) => ({ key: tr.dataset.key, rows: tr.children[1].textContent, usps: Number(tr.dataset.usps), mix: Number(tr.dataset.mix), savingsPercent: tr.children[4].textContent }));
    return {
      rowsText: document.getElementById("k-rows").textContent,
      rowsDetail: document.getElementById("k-rows-detail").textContent,
      mix: Number(document.getElementById("k-mix").dataset.cents),
      usps: Number(document.getElementById("k-usps").dataset.cents),
      savings: Number(document.getElementById("k-savings").dataset.cents),
      savingsDetail: document.getElementById("k-savings-detail").textContent,
      carriers: [...document.querySelectorAll("#t-carriers tbody tr")].map((tr) => ({ carrier: tr.dataset.carrier, cost: Number(tr.dataset.cost), rows: Number(tr.dataset.rows), mix: Number(tr.dataset.mix) })),
      byZone: rows("t-zones"),
      byBand: rows("t-bands"),
    };
  });
}

function assertSameSummary(got, want) {
  const n = (x) => x.toLocaleString("en-US");
  assert.equal(got.rowsText, n(want.total), "rows");
  assert.equal(got.rowsDetail, `${n(want.rated)} rated · ${n(want.unpriced)} with no service · ${n(want.bad)} with errors`);
  assert.equal(centsText(got.mix), want.mix, "cheapest mix total");
  assert.equal(centsText(got.usps), want.usps, "USPS only total");
  assert.equal(centsText(got.savings), want.savings, "savings");
  assert.ok(got.savingsDetail.startsWith(`${want.savingsPercent} over the ${n(want.compared)} rows`), `${got.savingsDetail} vs ${want.savingsPercent}`);
  assert.deepEqual(
    got.carriers.map((c) => ({ carrier: c.carrier, cost: centsText(c.cost), rows: c.rows })),
    want.carriers.map((c) => ({ carrier: c.carrier, cost: c.cost, rows: c.rows })),
    "cost per carrier",
  );
  const mixShown = got.carriers.filter((c) => c.mix > 0).map((c) => ({ carrier: c.carrier, rows: c.mix }));
  assert.deepEqual(mixShown.sort((a, b) => a.carrier.localeCompare(b.carrier)), [...want.mixCount].sort((a, b) => a.carrier.localeCompare(b.carrier)), "cheapest mix per carrier");
  for (const k of ["byZone", "byBand"]) {
    assert.deepEqual(
      got[k].map((r) => ({ key: r.key, rows: Number(r.rows.replace(/,/g, "")), usps: centsText(r.usps), mix: centsText(r.mix), savingsPercent: r.savingsPercent })),
      want[k],
      k,
    );
  }
}

/** A few thousand shipments exercising every column form, plus bad rows. */
function testCsv(n) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const origins = ["90021", "90640", "85027", "43215", "24060", "91101"];
  const dests = ["10001", "94105", "60601", "85004", "30301", "98101", "02108", "75201", "33101", "80202", "90210", "92101", "89101", "97201", "84101", "55401", "19103", "20001", "48201", "63101", "99501", "96813", "00901", "73301", "04101"];
  const weights = () => pick([`${1 + Math.floor(rnd() * 15)}oz`, `${(rnd() * 30 + 0.1).toFixed(1)}lb`, `${1 + Math.floor(rnd() * 20)}lb`, `${(rnd() * 10 + 0.1).toFixed(2)}kg`, `${100 + Math.floor(rnd() * 4000)}g`, "16oz", "0.45359237kg", "5lb", "70lb", "85lb", "160lb"]);
  const dims = () => pick(["", "", `${4 + Math.floor(rnd() * 20)}x${4 + Math.floor(rnd() * 12)}x${2 + Math.floor(rnd() * 10)}in`, `${10 + Math.floor(rnd() * 50)}x${10 + Math.floor(rnd() * 30)}x${5 + Math.floor(rnd() * 20)}cm`, "50x30x30in"]);
  const res = () => pick(["yes", "no", "true", "1", "", "N", "residential"]);
  const date = () => pick(["2025-11-03", "2025-12-15", "2026-11-23", "2026-03-02", ""]);
  const out = ["id,from,to,weight,dims,residential,ship_date"];
  for (let i = 0; i < n; i++) {
    const id = i % 97 === 0 ? `"R,${i}"` : `R${i}`;
    out.push([id, pick(origins), pick(dests), weights(), dims(), res(), date()].join(","));
  }
  out.push("BAD1,8502,10001,2lb,,no,2025-11-03");
  out.push("BAD2,85027,10001,2xx,,no,2025-11-03");
  out.push("BAD3,85027,10001,2lb,12x10in,no,2025-11-03");
  out.push("BAD4,85027,10001,2lb,,maybe,2025-11-03");
  out.push("BAD5,85027,10001,,,no,2025-11-03");
  out.push("BAD6,85027,10001,2lb,,no,2025-02-30");
  return out.join("\n") + "\n";
}

test("shipment profile: a CSV of a few thousand rows gives the CLI batch summary and result CSV", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zonerate-csv-"));
  const t = await open("#profile");
  try {
    const { page } = t;
    const csvPath = join(dir, "shipments.csv");
    writeFileSync(csvPath, testCsv(3000));
    const outPath = join(dir, "quotes.csv");
    const run = cli(["batch", "--cards", "cards", csvPath, "-o", outPath, "--date", "2025-11-03", "--quiet"]);
    const want = parseBatchSummary(run.stdout);
    assert.equal(want.total, 3006);
    assert.equal(want.bad, 6);
    await page.fill("#p-date", "2025-11-03");
    await page.setInputFiles("#csv-file", csvPath);
    await page.waitForSelector("#panel-profile[data-state=done]", { timeout: TIMEOUT });
    assertSameSummary(await shownSummary(page), want);
    const bad = await page.$$eval("#p-bad-list li", (li) => li.map((x) => x.textContent));
    assert.equal(bad.length, 6);
    assert.match(bad[0], /^line 3002 \(BAD1\): from: "8502" is not a ZIP code/);
    // The result CSV is the CLI's, byte for byte.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#p-download")]);
    const file = await download.path();
    const got = readFileSync(file, "utf8");
    const expected = readFileSync(outPath, "utf8");
    if (got !== expected) {
      const g = got.split("\n");
      const e = expected.split("\n");
      const i = g.findIndex((l, k) => l !== e[k]);
      assert.fail(`result CSV differs at line ${i + 1}:\n  page: ${g[i]}\n  cli:  ${e[i]}`);
    }
    await page.evaluate(() => document.getElementById("p-results").scrollIntoView());
    await shot(page, "profile", { fullPage: true });
    t.check();
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("shipment profile: 100,000 sample rows in the worker, the page stays responsive", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zonerate-csv-"));
  const t = await open("#profile");
  try {
    const { page } = t;
    const csvPath = join(dir, "sample.csv");
    writeFileSync(csvPath, sampleCsv(100_000, "2025-11-03"));
    const run = cli(["batch", "--cards", "cards", csvPath, "--date", "2025-11-03", "--quiet"]);
    const want = parseBatchSummary(run.stdout);
    await page.fill("#p-date", "2025-11-03");
    await page.selectOption("#p-sample-rows", "100000");
    // Measure the main thread: the longest gap between 50 ms timer ticks while rating.
    await page.evaluate(() => {
      window.__gaps = { max: 0, progress: new Set() };
      let last = performance.now();
      window.__tick = setInterval(() => {
        const now = performance.now();
        window.__gaps.max = Math.max(window.__gaps.max, now - last);
        last = now;
        const p = document.getElementById("panel-profile").dataset.progress;
        if (p) window.__gaps.progress.add(p);
      }, 50);
    });
    await page.click("#p-sample");
    await page.waitForFunction(() => window.__gaps.progress.size >= 5, null, { timeout: TIMEOUT });
    await shot(page, "profile-progress");
    // Typing in Compare while the worker rates: the page answers at once.
    await page.waitForSelector("#panel-profile[data-state=done]", { timeout: 600_000 });
    const gaps = await page.evaluate(() => {
      clearInterval(window.__tick);
      return { max: window.__gaps.max, progress: window.__gaps.progress.size };
    });
    console.log(`     100,000 rows: ${gaps.progress} progress steps seen, longest main-thread gap ${Math.round(gaps.max)} ms`);
    assert.ok(gaps.progress >= 10, `progress updates seen: ${gaps.progress}`);
    // A frozen page would show gaps of seconds; rendering the results takes a moment.
    assert.ok(gaps.max < 1500, `longest main-thread gap ${Math.round(gaps.max)} ms`);
    assertSameSummary(await shownSummary(page), want);
    t.check();
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("your own card: a broken card shows its code and path; a valid one is summarised and usable", async () => {
  const t = await open("#card");
  try {
    const { page } = t;
    const card = JSON.parse(readFileSync(join(ROOT, "cards", "gofo", "gofo.json"), "utf8"));
    card.services[0].billable.dimWeight.divisor = "-3";
    await page.setInputFiles("#card-file", { name: "broken-gofo.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(card, null, 2)) });
    await page.waitForSelector(".card-report[data-valid=false]", { timeout: TIMEOUT });
    assert.equal(await page.textContent(".err-code"), "invalid_value");
    assert.equal(await page.textContent(".err-path"), "services[0].billable.dimWeight.divisor");
    assert.match(await page.textContent(".err-detail"), /must be greater than 0/);
    assert.match(await page.textContent(".card-report"), /"-3"/);
    await shot(page, "card-error", { fullPage: true });

    await page.setInputFiles("#card-file", { name: "syntax.json", mimeType: "application/json", buffer: Buffer.from('{\n  "format": "zonerate/1",\n  "id": oops\n}') });
    await page.waitForSelector(".card-report[data-code=invalid_json]", { timeout: TIMEOUT });
    assert.match(await page.textContent(".card-report"), /line 3, column/);

    await page.setInputFiles("#card-file", join(ROOT, "docs", "examples", "minimal.json"));
    await page.waitForSelector(".card-report[data-valid=true]", { timeout: TIMEOUT });
    assert.match(await page.textContent(".card-report"), /acme-ground-2026/);
    assert.match(await page.textContent(".card-report"), /sha256:/);
    await shot(page, "card-valid", { fullPage: true });
    await page.click("#card-add");
    await page.waitForFunction(() => /Added/.test(document.getElementById("card-add-status").textContent));
    await page.click("#tab-compare");
    await compare(page, { from: "85027", to: "85004", weight: "2lb", date: "2026-06-01" });
    const services = (await shownQuotes(page)).map((q) => q.service);
    assert.ok(services.includes("acme_ground"), `acme_ground priced in Compare: ${services}`);
    const want = JSON.parse(cli(["quote", "--cards", "docs/examples/minimal.json", "--from", "85027", "--to", "85004", "--weight", "2lb", "--date", "2026-06-01", "--json"]).stdout);
    const got = (await shownQuotes(page)).find((q) => q.service === "acme_ground");
    assert.equal(got.total, want.quotes[0].total);
    t.check();
  } finally {
    await t.close();
  }
});

test("checkout widget: the storefront shows options and a select event carries the chosen quote", async () => {
  const t = await open("shop.html", { ready: "zonerate-quote[state=quotes]" });
  try {
    const { page } = t;
    await page.evaluate(() => {
      window.__selects = [];
      document.getElementById("shipping").addEventListener("select", (e) => window.__selects.push(e.detail));
    });
    await page.fill("#zip", "94105");
    await page.selectOption("#qty", "3");
    await page.waitForFunction(() => {
      const w = document.getElementById("shipping");
      return w.result && w.shipment?.to === "94105" && w.shipment.weight === "6.7lb" && w.getAttribute("state") === "quotes" && window.__selects.some((s) => s.shipment.to === "94105" && s.shipment.weight === "6.7lb");
    }, null, { timeout: TIMEOUT });
    const options = await page.$$eval("zonerate-quote label", (ls) => ls.map((l) => ({ service: l.dataset.service, total: l.dataset.total })));
    assert.ok(options.length >= 3, `options: ${options.length}`);
    const today = new Date().toISOString().slice(0, 10);
    const want = JSON.parse(
      cli([
        "quote", "--cards", "cards", "--from", "90021", "--to", "94105", "--weight", "6.7lb", "--dims", "10x8x21in", "--residential",
        "--date", today, "--markup", "www/shop/markup.json", "--view", "customer",
        ...["usps", "gofo", "uniuni", "speedx", "swiftx"].flatMap((c) => ["--carrier", c]), "--json",
      ]).stdout,
    );
    assert.deepEqual(
      [...options].sort((a, b) => a.service.localeCompare(b.service)),
      want.quotes.map((q) => ({ service: q.service, total: q.total })).sort((a, b) => a.service.localeCompare(b.service)),
      "widget options equal the CLI's customer view with the shop's markup",
    );
    const pick = options[2];
    await page.click(`zonerate-quote label[data-service="${pick.service}"]`);
    await page.waitForFunction((svc) => window.__selects.some((s) => !s.auto && s.quote.service === svc), pick.service, { timeout: TIMEOUT });
    const event = await page.evaluate((svc) => window.__selects.find((s) => !s.auto && s.quote.service === svc), pick.service);
    assert.equal(event.quote.total, pick.total);
    assert.equal(event.quote.service, pick.service);
    assert.ok(Array.isArray(event.quote.lines) && event.quote.lines.length > 0);
    assert.equal(event.quote.cost, undefined, "the customer view carries no cost");
    const summaryTotal = await page.textContent("#ship-cost");
    assert.equal(summaryTotal, dollars(pick.total));
    await shot(page, "widget-shop", { fullPage: true });
    // The widget follows the page's language.
    await page.click("#shop-lang");
    await page.waitForFunction(() => document.getElementById("shipping").shadowRoot.querySelector("legend")?.textContent === "配送方式", null, { timeout: TIMEOUT });
    assert.equal(await page.textContent("#place"), "提交订单");
    await shot(page, "widget-shop-zh", { fullPage: true });
    t.check();
  } finally {
    await t.close();
  }
});

test("language: the toggle switches to Chinese; a Chinese browser starts in Chinese", async () => {
  let t = await open("");
  try {
    const { page } = t;
    assert.equal(await page.textContent("#tab-compare"), "Compare");
    await page.click("#lang-toggle");
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    assert.equal(await page.textContent("#tab-compare"), "比价");
    assert.equal(await page.textContent("label[for=c-from]"), "发件邮编");
    assert.match(await page.textContent("#status"), /价卡/);
    await page.waitForSelector("#quote-list .badge-cheapest", { timeout: TIMEOUT });
    assert.equal(await page.textContent("#quote-list .badge-cheapest"), "最便宜");
    await page.click("#tab-profile");
    assert.match(await page.textContent("#panel-profile h1"), /发货分析/);
    await page.click("#tab-compare");
    await shot(page, "compare-zh", { fullPage: true });
    await page.click("#lang-toggle");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal(await page.textContent("#tab-compare"), "Compare");
    t.check();
  } finally {
    await t.close();
  }
  t = await open("#curves", { locale: "zh-CN" });
  try {
    const { page } = t;
    assert.equal(await page.textContent("#tab-curves"), "价格曲线");
    await page.waitForSelector("#panel-curves[data-ready=true]", { timeout: TIMEOUT });
    await page.waitForTimeout(300);
    await shot(page, "curves-zh", { fullPage: true });
    t.check();
  } finally {
    await t.close();
  }
});

// --- run --------------------------------------------------------------------------------------

if (!existsSync(CLI)) {
  const b = spawnSync("cargo", ["build", "--release", "--locked", "--quiet", "--bin", "zonerate"], { cwd: ROOT, stdio: "inherit" });
  if (b.status !== 0) {
    console.error("www: could not build the zonerate CLI");
    process.exit(1);
  }
}
if (!existsSync(join(ROOT, "pkg", "web.js"))) {
  console.error("www: pkg/web.js is missing: build the package first (bash scripts/build-wasm.sh)");
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`www: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  process.exit(1);
}

const filter = process.argv[2];
const server = await startServer({ port: 0 });
let passed = 0;
let failed = 0;
for (const { name, fn } of tests) {
  if (filter && !name.includes(filter)) continue;
  const start = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(e?.stack ?? e).split("\n").slice(0, 12).join("\n     ")}`);
  }
}
await server.close();
console.log(`www: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
