// Price curves: price against weight per service in one zone (line chart), and one
// service's price by zone and weight (heatmap). Every value is a quote from the engine:
// zones are found by asking the engine for the zone of a ZIP in every ZIP3 area.
import * as echarts from "../vendor/echarts.esm.min.js";
import { t } from "./i18n.js";
import { esc, money, toCents, today } from "./format.js";

/** Weights of the line chart and the heatmap, in lb. */
const LINE_WEIGHTS = [0.25, 0.5, 0.75, 1, 1.5, ...Array.from({ length: 69 }, (_, i) => i + 2)];
const HEAT_WEIGHTS = [0.5, ...Array.from({ length: 70 }, (_, i) => i + 1)];
const DASHES = ["solid", "dashed", "dotted"];
/** One colour per service (colour-blind-safe order first), line style per carrier's nth service. */
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd"];
const SYMBOLS = ["circle", "rect", "triangle", "diamond", "roundRect", "pin"];

/** Candidate destinations: three ZIPs in every ZIP3 area. */
function candidates() {
  const out = [];
  for (let p = 5; p <= 999; p++) {
    const z3 = String(p).padStart(3, "0");
    for (const suffix of ["01", "34", "67"]) out.push(z3 + suffix);
  }
  return out;
}

const nextFrame = () => new Promise((r) => setTimeout(r, 0));

function zoneOrder(a, b) {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b);
}

export function initCurves(app) {
  const $ = (id) => document.getElementById(id);
  $("k-date").value = today();
  const scans = new Map(); // "from|date" → Promise<Map(service → Map(zone → zip))>
  let lineChart;
  let heatChart;
  let timer;
  let generation = 0;
  let shown = false;
  let lastData = null;

  async function scan(from, shipDate) {
    const key = `${from}|${shipDate}`;
    if (!scans.has(key)) {
      scans.set(
        key,
        (async () => {
          const found = new Map();
          const all = candidates();
          for (let i = 0; i < all.length; i += 400) {
            const chunk = all.slice(i, i + 400);
            const results = app.catalog.engine.quoteMany(chunk.map((to) => ({ from, to, weight: "1lb", shipDate })));
            results.forEach((r, k) => {
              if (r.error) return;
              for (const q of r.quotes) {
                if (!found.has(q.service)) found.set(q.service, new Map());
                const zones = found.get(q.service);
                if (!zones.has(q.zone)) zones.set(q.zone, chunk[k]);
              }
            });
            await nextFrame();
          }
          return found;
        })(),
      );
    }
    return scans.get(key);
  }

  function params() {
    return { from: $("k-from").value.trim(), shipDate: $("k-date").value, residential: $("k-residential").checked };
  }

  async function refresh({ keepSelection = true } = {}) {
    const gen = ++generation;
    const p = params();
    const status = $("curves-status");
    $("panel-curves").dataset.ready = "false";
    try {
      app.catalog.engine.quote({ from: p.from, to: p.from, weight: "1lb", shipDate: p.shipDate });
    } catch (e) {
      status.textContent = `${e.code ?? "error"}: ${e.message}`;
      status.dataset.state = "error";
      return;
    }
    status.textContent = t("curves.scanning");
    status.dataset.state = "busy";
    const found = await scan(p.from, p.shipDate);
    if (gen !== generation) return;
    const zones = [...new Set([...found.values()].flatMap((m) => [...m.keys()]))].sort(zoneOrder);
    if (!zones.length) {
      status.textContent = t("curves.noZones");
      status.dataset.state = "empty";
      lineChart?.clear();
      heatChart?.clear();
      return;
    }
    fillSelect($("k-zone"), zones.map((z) => [z, z]), keepSelection ? $("k-zone").value : "", zones.includes("5") ? "5" : zones[0]);
    const services = [...app.catalog.services.values()].filter((s) => found.has(s.code) && !s.cubic);
    const preferred = services.find((s) => s.code === "usps_ground_advantage_commercial")?.code ?? services[0]?.code;
    fillSelect($("k-service"), services.map((s) => [s.code, s.name]), keepSelection ? $("k-service").value : "", preferred);
    lastData = compute(found, zones, services, p);
    status.textContent = "";
    status.dataset.state = "ok";
    draw();
  }

  function fillSelect(sel, options, keep, fallback) {
    const current = options.some(([v]) => v === keep) ? keep : fallback;
    sel.replaceChildren(
      ...options.map(([v, label]) => {
        const o = document.createElement("option");
        o.value = v;
        o.textContent = label;
        return o;
      }),
    );
    sel.value = current;
  }

  function quoteAt(from, to, lb, shipDate, residential, services) {
    return app.catalog.engine.quote({ from, to, weight: `${lb}lb`, shipDate, residential, services });
  }

  function compute(found, zones, services, p) {
    const zone = $("k-zone").value;
    const heatService = $("k-service").value;
    // Line chart: services serving this zone, grouped by the destination that reaches it.
    const inZone = services.filter((s) => found.get(s.code)?.has(zone));
    const byDest = new Map();
    for (const s of inZone) {
      const zip = found.get(s.code).get(zone);
      if (!byDest.has(zip)) byDest.set(zip, []);
      byDest.get(zip).push(s.code);
    }
    const line = new Map(inZone.map((s) => [s.code, LINE_WEIGHTS.map(() => null)]));
    let currency = "USD";
    for (const [zip, codes] of byDest) {
      LINE_WEIGHTS.forEach((w, i) => {
        const r = quoteAt(p.from, zip, w, p.shipDate, p.residential, codes);
        for (const q of r.quotes) {
          currency = q.currency;
          line.get(q.service)[i] = q.total;
        }
      });
    }
    // Heatmap: one service, every zone it reaches.
    const heatZones = zones.filter((z) => found.get(heatService)?.has(z));
    const heat = heatZones.map((z) => {
      const zip = found.get(heatService).get(z);
      return HEAT_WEIGHTS.map((w) => {
        const r = quoteAt(p.from, zip, w, p.shipDate, p.residential, [heatService]);
        return r.quotes[0]?.total ?? null;
      });
    });
    return { zone, inZone, byDest, line, heatService, heatZones, heat, currency, found };
  }

  function ensureCharts() {
    if (!lineChart) {
      lineChart = echarts.init($("chart-lines"), null, { renderer: "canvas" });
      heatChart = echarts.init($("chart-heat"), null, { renderer: "canvas" });
      const ro = new ResizeObserver(() => {
        lineChart.resize();
        heatChart.resize();
      });
      ro.observe($("chart-lines"));
      ro.observe($("chart-heat"));
    }
  }

  function draw() {
    if (!lastData || !shown) return;
    ensureCharts();
    const d = lastData;
    const cur = d.currency;
    const svcInfo = (code) => app.catalog.services.get(code);
    $("lines-title").textContent = t("curves.lineTitle", { zone: d.zone });
    const perCarrier = new Map();
    const series = d.inZone.map((s, i) => {
      const n = perCarrier.get(s.carrier) ?? 0;
      perCarrier.set(s.carrier, n + 1);
      return {
        name: s.name,
        type: "line",
        step: "start",
        showSymbol: false,
        symbol: SYMBOLS[n % SYMBOLS.length],
        connectNulls: false,
        color: PALETTE[i % PALETTE.length],
        lineStyle: { type: DASHES[n % DASHES.length], width: 2 },
        data: LINE_WEIGHTS.map((w, i) => {
          const v = d.line.get(s.code)[i];
          return v === null ? [w, null] : { value: [w, toCents(v) / 100], total: v };
        }),
      };
    });
    lineChart.setOption(
      {
        animation: false,
        textStyle: { fontFamily: "inherit" },
        grid: { left: 56, right: 24, top: 64, bottom: 48 },
        legend: { type: "scroll", top: 0, textStyle: { fontSize: 12 } },
        tooltip: {
          trigger: "axis",
          formatter: (items) => {
            const w = items[0]?.value?.[0] ?? items[0]?.data?.[0];
            const rows = items
              .filter((it) => it.data && it.data.total)
              .sort((a, b) => toCents(a.data.total) - toCents(b.data.total))
              .map((it) => `${it.marker}${esc(it.seriesName)}: <b>${esc(money(it.data.total, cur))}</b>`);
            return `${esc(t("curves.weight"))} ${esc(w)} lb<br>${rows.join("<br>")}`;
          },
        },
        xAxis: { type: "value", name: t("curves.weightAxis"), nameLocation: "middle", nameGap: 28, min: 0, max: 70 },
        yAxis: $("k-log").checked
          ? { type: "log", logBase: 10, name: t("curves.priceAxis", { cur }), axisLabel: { formatter: (v) => `${v}` } }
          : { type: "value", name: t("curves.priceAxis", { cur }), axisLabel: { formatter: (v) => `${v}` } },
        series,
      },
      { notMerge: true },
    );
    const dests = [...d.byDest.keys()];
    $("lines-dests").textContent = dests.length ? t("curves.dests", { zone: d.zone, list: dests.join(", ") }) : "";
    $("lines-table").innerHTML = tableHtml(
      [t("curves.weight"), ...d.inZone.map((s) => s.name)],
      LINE_WEIGHTS.map((w, i) => [`${w} lb`, ...d.inZone.map((s) => d.line.get(s.code)[i])]),
      cur,
    );

    const name = svcInfo(d.heatService)?.name ?? d.heatService;
    $("heat-title").textContent = t("curves.heatTitle", { service: name });
    const values = [];
    let lo = Infinity;
    let hi = -Infinity;
    d.heat.forEach((row, y) =>
      row.forEach((v, x) => {
        if (v === null) return;
        const n = toCents(v) / 100;
        lo = Math.min(lo, n);
        hi = Math.max(hi, n);
        values.push({ value: [x, y, n], total: v });
      }),
    );
    heatChart.setOption(
      {
        animation: false,
        textStyle: { fontFamily: "inherit" },
        grid: { left: 56, right: 24, top: 16, bottom: 96 },
        tooltip: {
          formatter: (it) =>
            `${esc(t("curves.zoneAxis"))} ${esc(d.heatZones[it.value[1]])} · ${esc(HEAT_WEIGHTS[it.value[0]])} lb<br><b>${esc(money(it.data.total, cur))}</b>`,
        },
        xAxis: { type: "category", data: HEAT_WEIGHTS.map(String), name: t("curves.weightAxis"), nameLocation: "middle", nameGap: 28, splitArea: { show: true } },
        yAxis: { type: "category", data: d.heatZones, name: t("curves.zoneAxis"), splitArea: { show: true } },
        visualMap: {
          min: Number.isFinite(lo) ? Math.floor(lo) : 0,
          max: Number.isFinite(hi) ? Math.ceil(hi) : 1,
          calculable: true,
          orient: "horizontal",
          left: "center",
          bottom: 4,
          itemHeight: 240,
          inRange: { color: ["#e6fcf5", "#63e6be", "#1098ad", "#364fc7", "#5f3dc4"] },
          formatter: (v) => `${Math.round(v)}`,
        },
        series: [{ type: "heatmap", data: values, emphasis: { itemStyle: { borderColor: "#212529", borderWidth: 1 } }, progressive: 0 }],
      },
      { notMerge: true },
    );
    $("heat-table").innerHTML = tableHtml(
      [t("curves.weight"), ...d.heatZones.map((z) => `${t("curves.zoneAxis")} ${z} (${d.found.get(d.heatService).get(z)})`)],
      HEAT_WEIGHTS.map((w, i) => [`${w} lb`, ...d.heat.map((row) => row[i])]),
      cur,
    );
    const panel = $("panel-curves");
    panel.dataset.key = JSON.stringify({ ...params(), zone: d.zone, service: d.heatService });
    panel.dataset.ready = "true";
  }

  function tableHtml(head, rows, cur) {
    const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join("");
    const body = rows
      .map(([first, ...cells]) => `<tr><th scope="row">${esc(first)}</th>${cells.map((c) => `<td class="num">${c === null ? "—" : esc(money(c, cur))}</td>`).join("")}</tr>`)
      .join("");
    return `<table class="data compact"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => refresh(), 250);
  }

  $("curves-form").addEventListener("input", (e) => (e.target.id === "k-log" ? draw() : schedule()));
  $("curves-form").addEventListener("submit", (e) => e.preventDefault());
  document.addEventListener("langchange", () => draw());

  return {
    /** Called when the tab becomes visible. */
    show() {
      const first = !shown;
      shown = true;
      if (first) {
        const s = app.compare.shipment();
        if (s.from) $("k-from").value = s.from;
        if (s.shipDate) $("k-date").value = s.shipDate;
        $("k-residential").checked = Boolean(s.residential);
        refresh({ keepSelection: false });
      } else {
        lineChart?.resize();
        heatChart?.resize();
      }
    },
  };
}
