// Shipment profile (page side): hands a CSV to the worker, shows its progress, then the
// carrier-mix summary with charts and the result CSV to download.
import * as echarts from "../vendor/echarts.esm.min.js";
import { t } from "./i18n.js";
import { count, esc, today, carrierColor, groupDigits, fileSource } from "./format.js";
import { DEFAULT_MANIFEST } from "./engine.js";

const dollars = (c) => `$${groupDigits(centsText(c))}`;
function centsText(c) {
  const a = Math.abs(c);
  return `${c < 0 ? "-" : ""}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

export function initProfile(app) {
  const $ = (id) => document.getElementById(id);
  $("p-date").value = today();
  const worker = new Worker(new URL("./profile-worker.js", import.meta.url), { type: "module" });
  let job = 0;
  let running = null;
  let lastSummary = null;
  let downloadUrl = null;
  const charts = {};
  let shown = false;

  const ready = new Promise((resolve, reject) => {
    const onMessage = (e) => {
      if (e.data.type === "ready") {
        worker.removeEventListener("message", onMessage);
        resolve(e.data);
      } else if (e.data.type === "error" && e.data.job === undefined) {
        worker.removeEventListener("message", onMessage);
        reject(new Error(e.data.message));
      }
    };
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", (e) => reject(new Error(e.message || "the profile worker failed to start")));
  });
  worker.postMessage({ type: "init", manifest: DEFAULT_MANIFEST });

  worker.addEventListener("message", (e) => {
    const m = e.data;
    if (m.job === undefined || m.job !== running) return;
    if (m.type === "progress") {
      $("p-progress").max = Math.max(1, m.total);
      $("p-progress").value = m.done;
      $("p-progress-text").textContent = t("profile.progress", { done: count(m.done), total: count(m.total) });
      $("panel-profile").dataset.progress = `${m.done}/${m.total}`;
    } else if (m.type === "done") {
      finish();
      lastSummary = m.summary;
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
      downloadUrl = URL.createObjectURL(m.csv);
      $("p-download").href = downloadUrl;
      $("p-status").textContent = t("profile.done", { total: count(m.summary.total), secs: (m.ms / 1000).toFixed(1) });
      render();
      $("panel-profile").dataset.state = "done";
    } else if (m.type === "cancelled") {
      finish();
      $("p-status").textContent = t("profile.cancelled");
      $("panel-profile").dataset.state = "cancelled";
    } else if (m.type === "error") {
      finish();
      $("p-status").textContent = t("profile.failed", { msg: m.message });
      $("panel-profile").dataset.state = "error";
    }
  });

  function setBusy(busy) {
    $("p-progress-box").hidden = !busy;
    $("p-sample").disabled = busy;
    $("csv-file").disabled = busy;
    $("csv-drop").classList.toggle("busy", busy);
  }

  function finish() {
    running = null;
    setBusy(false);
  }

  async function start(payload, label) {
    await ready;
    job += 1;
    running = job;
    $("panel-profile").dataset.state = "running";
    $("p-status").textContent = label ? t("profile.reading", { name: label }) : "";
    $("p-progress").value = 0;
    $("p-progress-text").textContent = t("profile.progressLabel");
    setBusy(true);
    worker.postMessage({ type: "run", job, defaultDate: $("p-date").value || today(), ...payload });
  }

  // A new file waits for the run in progress to end (or be cancelled).
  fileSource($("csv-file"), $("csv-drop"), (f) => {
    if (!running) start({ file: f }, f.name);
  });
  $("p-sample").addEventListener("click", () => start({ sample: Number($("p-sample-rows").value) }, ""));
  $("p-cancel").addEventListener("click", () => running && worker.postMessage({ type: "cancel", job: running }));

  function carrierName(code) {
    return app.catalog.carriers.get(code)?.name ?? code;
  }

  function render() {
    const s = lastSummary;
    if (!s) return;
    $("p-results").hidden = false;
    $("k-rows").textContent = count(s.total);
    $("k-rows-detail").textContent = t("profile.rowsDetail", { rated: count(s.rated), unpriced: count(s.unpriced), bad: count(s.bad) });
    $("k-mix").textContent = dollars(s.mixTotal);
    $("k-mix").dataset.cents = String(s.mixTotal);
    $("k-mix-detail").textContent = t("profile.mixDetail", { n: count(s.rated) });
    $("k-usps").textContent = dollars(s.uspsTotal);
    $("k-usps").dataset.cents = String(s.uspsTotal);
    $("k-usps-detail").textContent = t("profile.uspsDetail", { n: count(s.compared), mix: dollars(s.uspsTotal - s.savings) });
    $("k-savings").textContent = dollars(s.savings);
    $("k-savings").dataset.cents = String(s.savings);
    $("k-savings-detail").textContent = t("profile.savingsDetail", { pct: s.savingsPercent, n: count(s.compared) });

    const inMix = new Map(s.mixCount.map((m) => [m.carrier, m.rows]));
    $("t-carriers").innerHTML = `<thead><tr><th scope="col">${esc(t("profile.carrier"))}</th><th scope="col" class="num">${esc(t("profile.cost"))}</th><th scope="col" class="num">${esc(t("profile.rowsTaken"))}</th><th scope="col" class="num">${esc(t("profile.inMix"))}</th></tr></thead><tbody>${s.carriers
      .map(
        (c) =>
          `<tr data-carrier="${esc(c.carrier)}" data-cost="${c.cost}" data-rows="${c.rows}" data-mix="${inMix.get(c.carrier) ?? 0}"><th scope="row"><span class="chip small" style="--chip:${carrierColor(c.carrier)}">${esc(carrierName(c.carrier))}</span></th><td class="num">${esc(dollars(c.cost))}</td><td class="num">${esc(count(c.rows))} / ${esc(count(s.rated + s.unpriced))}</td><td class="num">${esc(count(inMix.get(c.carrier) ?? 0))}</td></tr>`,
      )
      .join("")}</tbody>`;
    const groupTable = (rows) =>
      `<thead><tr><th scope="col">${esc(t("profile.group"))}</th><th scope="col" class="num">${esc(t("profile.rows"))}</th><th scope="col" class="num">${esc(t("profile.usps"))}</th><th scope="col" class="num">${esc(t("profile.mixCol"))}</th><th scope="col" class="num">${esc(t("profile.savingsCol"))}</th></tr></thead><tbody>${rows
        .map(
          (r) =>
            `<tr data-key="${esc(r.key)}" data-usps="${r.usps}" data-mix="${r.mix}"><th scope="row">${esc(r.key.endsWith(" (non-USPS)") ? t("profile.nonUsps", { zone: r.key.replace(" (non-USPS)", "") }) : r.key)}</th><td class="num">${esc(count(r.rows))}</td><td class="num">${esc(dollars(r.usps))}</td><td class="num">${esc(dollars(r.mix))}</td><td class="num">${esc(r.savingsPercent)}</td></tr>`,
        )
        .join("")}</tbody>`;
    $("t-zones").innerHTML = groupTable(s.byZone);
    $("t-bands").innerHTML = groupTable(s.byBand);
    if (s.bad) {
      $("p-bad").hidden = false;
      $("p-bad-title").textContent = t("profile.bad", { n: count(s.bad) });
      const items = s.badRows
        .slice(0, 20)
        .map((b) => `<li><strong>${esc(t("profile.line", { n: b.line }))}</strong>${b.id ? ` (${esc(b.id)})` : ""}: ${esc(b.message)}</li>`);
      if (s.bad > 20) items.push(`<li class="muted">${esc(t("profile.moreBad", { n: count(s.bad - 20) }))}</li>`);
      $("p-bad-list").innerHTML = items.join("");
    } else {
      $("p-bad").hidden = true;
    }
    drawCharts();
  }

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init($(id), null, { renderer: "canvas" });
      new ResizeObserver(() => charts[id].resize()).observe($(id));
    }
    return charts[id];
  }

  function drawCharts() {
    const s = lastSummary;
    if (!s || !shown) return;
    const names = [...s.carriers.map((c) => carrierName(c.carrier)), t("profile.mix")];
    const costs = [
      ...s.carriers.map((c) => ({ value: c.cost / 100, itemStyle: { color: carrierColor(c.carrier) }, rows: c.rows })),
      { value: s.mixTotal / 100, itemStyle: { color: "#0b7285" }, rows: s.rated },
    ];
    const all = s.rated + s.unpriced;
    chart("chart-carriers").setOption(
      {
        animation: false,
        textStyle: { fontFamily: "inherit" },
        grid: { left: 72, right: 16, top: 24, bottom: 56 },
        tooltip: {
          trigger: "item",
          formatter: (p) => `${esc(p.name)}<br><b>${esc(dollars(Math.round(p.value * 100)))}</b><br>${esc(t("profile.rowsTaken"))}: ${esc(count(p.data.rows))} / ${esc(count(all))}`,
        },
        xAxis: { type: "category", data: names, axisLabel: { interval: 0, formatter: (v, i) => `${v}\n${count(costs[i]?.rows ?? 0)}/${count(all)}` } },
        yAxis: { type: "value", axisLabel: { formatter: (v) => `$${count(v)}` } },
        series: [{ type: "bar", data: costs, barMaxWidth: 56, label: { show: true, position: "top", formatter: (p) => `$${count(Math.round(p.value))}`, fontSize: 11 } }],
      },
      { notMerge: true },
    );
    chart("chart-share").setOption(
      {
        animation: false,
        textStyle: { fontFamily: "inherit" },
        tooltip: { trigger: "item", formatter: (p) => `${esc(p.name)}: ${esc(count(p.value))} (${p.percent}%)` },
        legend: { bottom: 0, type: "scroll" },
        series: [
          {
            type: "pie",
            radius: ["34%", "60%"],
            center: ["50%", "46%"],
            data: s.mixCount.map((m) => ({ name: carrierName(m.carrier), value: m.rows, itemStyle: { color: carrierColor(m.carrier) } })),
            label: { formatter: "{b}\n{d}%" },
          },
        ],
      },
      { notMerge: true },
    );
    chart("chart-bands").setOption(
      {
        animation: false,
        textStyle: { fontFamily: "inherit" },
        grid: { left: 72, right: 16, top: 40, bottom: 32 },
        legend: { top: 0 },
        tooltip: { trigger: "axis", valueFormatter: (v) => dollars(Math.round(v * 100)) },
        xAxis: { type: "category", data: s.byBand.map((b) => b.key) },
        yAxis: { type: "value", axisLabel: { formatter: (v) => `$${count(v)}` } },
        series: [
          { name: t("profile.usps"), type: "bar", data: s.byBand.map((b) => b.usps / 100), color: "#1f4e9c" },
          { name: t("profile.mixCol"), type: "bar", data: s.byBand.map((b) => b.mix / 100), color: "#0b7285" },
        ],
      },
      { notMerge: true },
    );
  }

  document.addEventListener("langchange", () => {
    if (running) $("p-progress-text").textContent = t("profile.progressLabel");
    render();
  });

  return {
    ready,
    show() {
      shown = true;
      drawCharts();
      for (const c of Object.values(charts)) c.resize();
    },
  };
}
