// Compare: one shipment, every service of every loaded carrier, recomputed as the user types.
import { t, has } from "./i18n.js";
import { money, weight, shortDate, esc, toCents, today, carrierColor } from "./format.js";

const FIELDS = { from: "c-from", to: "c-to", weight: "c-weight", dimensions: "c-dims", shipDate: "c-date" };

export function initCompare(app) {
  const $ = (id) => document.getElementById(id);
  const form = $("compare-form");
  $("c-date").value = today();
  const open = new Set(); // services whose breakdown the user opened
  let timer;
  let last = null;
  let shared = new Set(); // warnings shown once above the list

  function readShipment() {
    const s = {
      from: $("c-from").value.trim(),
      to: $("c-to").value.trim(),
      weight: `${$("c-weight").value.trim()}${$("c-weight-unit").value}`,
      residential: $("c-residential").checked,
      shipDate: $("c-date").value,
    };
    const sides = ["c-length", "c-width", "c-height"].map((id) => $(id).value.trim());
    const given = sides.filter(Boolean).length;
    if (given === 3) s.dimensions = `${sides.join("x")}${$("c-dim-unit").value}`;
    return { shipment: s, partialDims: given > 0 && given < 3 };
  }

  function clearErrors() {
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of form.querySelectorAll(".field-error")) {
      el.hidden = true;
      el.textContent = "";
    }
    $("compare-error").hidden = true;
  }

  function fieldError(field, message) {
    const id = FIELDS[field];
    const box = id && $(`${id}-err`);
    if (!box) return false;
    box.textContent = message;
    box.hidden = false;
    const inputs = field === "dimensions" ? ["c-length", "c-width", "c-height"] : [id];
    for (const i of inputs) $(i).setAttribute("aria-invalid", "true");
    return true;
  }

  function compute() {
    clearErrors();
    const { shipment, partialDims } = readShipment();
    if (partialDims) {
      fieldError("dimensions", t("err.dimsPartial"));
      return show(null);
    }
    for (const f of ["from", "to", "shipDate"]) {
      if (!shipment[f]) {
        fieldError(f, t("err.required"));
        return show(null);
      }
    }
    if (!$("c-weight").value.trim()) {
      fieldError("weight", t("err.required"));
      return show(null);
    }
    let result;
    try {
      result = app.catalog.engine.quote(shipment);
    } catch (e) {
      const field = String(e.path ?? "").split(/[.[]/)[0];
      const msg = e.detail ?? e.message;
      if (!fieldError(field, msg)) {
        $("compare-error").textContent = `${e.code ?? "error"}: ${e.message}`;
        $("compare-error").hidden = false;
      }
      return show(null);
    }
    last = { shipment, result };
    show(last);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(compute, 120);
  }

  function sorted(quotes) {
    const by = $("c-sort").value;
    const q = quotes.map((x, i) => ({ x, i }));
    q.sort((a, b) => {
      if (by === "speed") {
        const da = a.x.transitDays ?? Infinity;
        const db = b.x.transitDays ?? Infinity;
        if (da !== db) return da - db;
      }
      return toCents(a.x.total) - toCents(b.x.total) || a.i - b.i;
    });
    return q.map((e) => e.x);
  }

  function show(state) {
    const list = $("quote-list");
    const unav = $("unavailable");
    if (!state) {
      list.replaceChildren();
      unav.hidden = true;
      $("compare-notes").hidden = true;
      $("compare-summary").textContent = "";
      form.dataset.state = "error";
      delete list.dataset.shipment;
      return;
    }
    const { shipment, result } = state;
    const quotes = sorted(result.quotes);
    const cheapest = result.quotes.find((q) => q.tags?.includes("cheapest"));
    const counts = { n: result.quotes.length, u: result.unavailable.length, from: shipment.from, to: shipment.to };
    let summary = t(counts.n === 1 ? "r.summaryOne" : "r.summary", counts);
    if (cheapest) summary += ` · ${t("r.best", { service: cheapest.serviceName, total: money(cheapest.total, cheapest.currency) })}`;
    $("compare-summary").textContent = result.quotes.length ? summary : t("r.none");
    // A warning several quotes share (the fallback zone chart) is said once, above the list.
    const seen = new Map();
    for (const q of result.quotes) for (const w of q.warnings ?? []) seen.set(w, (seen.get(w) ?? 0) + 1);
    shared = new Set([...seen].filter(([, n]) => n > 1).map(([w]) => w));
    const notes = $("compare-notes");
    notes.replaceChildren(
      ...[...shared].map((w) => {
        const p = document.createElement("p");
        p.textContent = `⚠ ${t("r.sharedWarning", { warning: w, n: seen.get(w) })}`;
        return p;
      }),
    );
    notes.hidden = shared.size === 0;
    list.replaceChildren(...quotes.map(renderQuote));
    if (result.unavailable.length) {
      $("unavailable-title").textContent = t("r.unavailable", { n: result.unavailable.length });
      $("unavailable-list").replaceChildren(...result.unavailable.map(renderUnavailable));
      unav.hidden = false;
    } else {
      unav.hidden = true;
    }
    form.dataset.state = "ok";
    list.dataset.count = String(result.quotes.length);
    list.dataset.shipment = JSON.stringify(shipment); // what the list shows (tests wait on it)
  }

  function renderQuote(q) {
    const info = app.catalog.services.get(q.service);
    const li = document.createElement("li");
    li.className = "quote";
    li.dataset.service = q.service;
    li.dataset.carrier = q.carrier;
    li.dataset.total = q.total;
    li.dataset.zone = q.zone;
    li.dataset.billable = `${q.billableWeight.value}${q.billableWeight.unit}`;
    if (q.tags?.length) li.dataset.tags = q.tags.join(" ");
    const carrierName = info?.carrierName ?? q.carrier;
    const badges = (q.tags ?? []).map((tag) => `<span class="badge badge-${esc(tag)}" data-tag="${esc(tag)}">${esc(t(`badge.${tag}`))}</span>`).join("");
    const days =
      q.transitDays === undefined ? "—" : q.transitDays === 1 ? t("r.day") : t("r.days", { n: q.transitDays });
    const eta = q.estimatedDelivery ? `<span class="eta">${esc(t("r.by", { date: shortDate(q.estimatedDelivery) }))}</span>` : "";
    const extra = [];
    if (q.dimWeight) extra.push(t("r.dimWeight", { w: weight(q.dimWeight) }));
    if (q.cubicTier) extra.push(t("r.cubic", { t: q.cubicTier }));
    const sample = info?.illustrative ? `<span class="sample">${esc(t("r.sample"))}</span>` : "";
    const lines = q.lines
      .map(
        (l) =>
          `<tr data-code="${esc(l.code)}" data-category="${esc(l.category)}"><th scope="row">${esc(l.label)} <span class="cat cat-${esc(l.category)}">${esc(t(`cat.${l.category}`))}</span></th><td class="num">${esc(money(l.amount, q.currency))}</td></tr>`,
      )
      .join("");
    const internal = q.cost !== undefined ? `<p class="internal">${esc(t("r.cost", { cost: money(q.cost, q.currency), margin: money(q.margin, q.currency) }))}</p>` : "";
    const warnings = (q.warnings ?? []).filter((w) => !shared.has(w)).map((w) => `<p class="warning"><span aria-hidden="true">⚠</span> ${esc(w)}</p>`).join("");
    li.innerHTML = `
      <div class="q-head">
        <span class="chip" style="--chip:${carrierColor(q.carrier)}">${esc(carrierName)}</span>
        <h3 class="q-name">${esc(q.serviceName)}</h3>
        ${sample}
        <span class="badges">${badges}</span>
      </div>
      <p class="q-total"><span class="amount">${esc(money(q.total, q.currency))}</span> <span class="currency">${esc(q.currency)}</span></p>
      <dl class="q-facts">
        <div><dt>${esc(t("r.zone"))}</dt><dd class="q-zone">${esc(q.zone)}</dd></div>
        <div><dt>${esc(t("r.billable"))}</dt><dd class="q-billable">${esc(weight(q.billableWeight))}${extra.length ? ` <span class="muted">(${esc(extra.join(", "))})</span>` : ""}</dd></div>
        <div><dt>${esc(t("r.delivery"))}</dt><dd>${esc(days)} ${eta}</dd></div>
      </dl>
      ${internal}${warnings}
      <details class="breakdown"${open.has(q.service) ? " open" : ""}>
        <summary>${esc(t("r.breakdown"))}</summary>
        <table class="lines">
          <caption class="visually-hidden">${esc(t("r.breakdown"))}: ${esc(q.serviceName)}</caption>
          <tbody>${lines}</tbody>
          <tfoot><tr><th scope="row">${esc(t("r.total"))}</th><td class="num">${esc(money(q.total, q.currency))}</td></tr></tfoot>
        </table>
        <p class="muted small">${esc(t("r.fromCard", { card: q.card }))}</p>
      </details>`;
    li.querySelector("details").addEventListener("toggle", (e) => {
      if (e.target.open) open.add(q.service);
      else open.delete(q.service);
    });
    return li;
  }

  function renderUnavailable(u) {
    const info = app.catalog.services.get(u.service);
    const li = document.createElement("li");
    li.dataset.service = u.service;
    li.dataset.code = u.code;
    const reason = has(`reason.${u.code}`) ? t(`reason.${u.code}`) : u.code;
    li.innerHTML = `<span class="chip small" style="--chip:${carrierColor(u.carrier)}">${esc(info?.carrierName ?? u.carrier)}</span>
      <strong>${esc(info?.name ?? u.service)}</strong> — <span class="reason">${esc(reason)}</span>
      <code class="code-tag">${esc(u.code)}</code><br><span class="muted small">${esc(u.message)}</span>`;
    return li;
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    compute();
  });
  $("c-sort").addEventListener("change", () => last && show(last));
  document.addEventListener("langchange", () => (last ? compute() : null));

  return {
    compute,
    /** The current form values, for other panels' defaults. */
    shipment: () => readShipment().shipment,
  };
}
