// Your own card: load a card file and see it checked by the engine. A rejected card shows
// the RateError's code, the path of the bad field and the value found there; a valid one
// shows its summary and can be added to the Compare engine.
import { RateEngine, cardMeta, describe } from "./engine.js";
import { t } from "./i18n.js";
import { esc, fileSource } from "./format.js";

/** "services[0].table.rows[3].step" → ["services", 0, "table", "rows", 3, "step"]. */
export function pathTokens(path) {
  const out = [];
  for (const part of String(path).split(".")) {
    const re = /([^[\]]+)|\[(\d+)\]/g;
    let m;
    while ((m = re.exec(part))) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return out;
}

function valueAt(doc, path) {
  let v = doc;
  for (const k of pathTokens(path)) {
    if (v === null || typeof v !== "object" || !(k in v)) return undefined;
    v = v[k];
  }
  return v;
}

/**
 * Where JSON text first goes wrong, as {line, col} (1-based), or null when it is valid.
 * A small recursive-descent scan: browsers' JSON.parse messages do not always say where.
 */
export function jsonErrorPosition(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = () => {
    throw i;
  };
  const lit = (w) => (text.startsWith(w, i) ? (i += w.length) : fail());
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      }
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || !m[0]) fail();
    i += m[0].length;
  };
  const value = (depth) => {
    if (depth > 512) fail();
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === "t") lit("true");
    else if (c === "f") lit("false");
    else if (c === "n") lit("null");
    else number();
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value(0);
    ws();
    if (i < text.length) fail();
    return null;
  } catch (pos) {
    if (typeof pos !== "number") throw pos;
    const before = text.slice(0, pos);
    const line = before.split("\n").length;
    return { line, col: pos - before.lastIndexOf("\n") };
  }
}

export function initCardCheck(app) {
  const $ = (id) => document.getElementById(id);
  const out = $("card-result");
  let last = null;

  async function check(file) {
    const name = file.name || "card.json";
    out.innerHTML = `<p class="summary">${esc(t("card.checking", { name }))}</p>`;
    const text = await file.text();
    let doc = null;
    let position = null;
    try {
      doc = JSON.parse(text);
    } catch {
      position = jsonErrorPosition(text);
    }
    // A fresh engine holding the shipped zones-only cards, so that a card may use their
    // zone tables (as the shipped USPS editions do).
    const engine = new RateEngine();
    let result;
    try {
      for (const c of app.catalog.cards) {
        if (c.meta.zonesOnly && c.summary.id !== doc?.id) engine.addCard(c.text);
      }
      const summary = engine.addCard(text);
      result = { ok: true, summary: { ...summary, hash: summary.hash ?? engine.cardHash(summary.id) } };
    } catch (e) {
      result = { ok: false, error: { code: e.code ?? "error", path: e.path ?? "", detail: e.detail ?? e.message, message: e.message } };
    } finally {
      engine.free();
    }
    last = { name, text, doc, position, result };
    render();
  }

  function render() {
    if (!last) return;
    const { name, text, doc, position, result } = last;
    if (!result.ok) {
      const e = result.error;
      const v = doc && e.path ? valueAt(doc, e.path) : undefined;
      const shown = v === undefined ? "" : JSON.stringify(v, null, 1);
      const valueRow =
        v === undefined ? "" : `<tr><th scope="row">${esc(t("card.value"))}</th><td><code class="value">${esc(shown.length > 400 ? shown.slice(0, 400) + " …" : shown)}</code></td></tr>`;
      out.innerHTML = `<div class="card-report bad" role="alert" data-valid="false" data-code="${esc(e.code)}" data-path="${esc(e.path)}">
        <h2>${esc(t("card.invalid", { name }))}</h2>
        <table class="kv">
          <tr><th scope="row">${esc(t("card.code"))}</th><td><code class="err-code">${esc(e.code)}</code></td></tr>
          <tr><th scope="row">${esc(t("card.path"))}</th><td><code class="err-path">${esc(e.path || t("card.wholeCard"))}</code></td></tr>
          <tr><th scope="row">${esc(t("card.problem"))}</th><td class="err-detail">${esc(e.detail)}</td></tr>
          ${valueRow}
        </table>
        ${position ? `<p>${esc(t("card.position", position))}</p>` : ""}
      </div>`;
      return;
    }
    const s = result.summary;
    const meta = cardMeta(doc ?? {});
    const eff = meta.effective && (meta.effective.from || meta.effective.to) ? `${meta.effective.from ?? "…"} → ${meta.effective.to ?? "…"}` : t("card.always");
    const services = meta.services.length
      ? `<table class="data"><thead><tr><th scope="col">${esc(t("card.serviceCode"))}</th><th scope="col">${esc(t("card.serviceName"))}</th></tr></thead><tbody>${meta.services
          .map((x) => `<tr><td><code>${esc(x.code)}</code></td><td>${esc(x.name)}</td></tr>`)
          .join("")}</tbody></table>`
      : `<p>${esc(t("card.none"))}</p>`;
    out.innerHTML = `<div class="card-report good" data-valid="true">
      <h2>${esc(t("card.valid", { name }))}</h2>
      <table class="kv">
        <tr><th scope="row">${esc(t("card.id"))}</th><td><code>${esc(s.id)}</code></td></tr>
        <tr><th scope="row">${esc(t("card.version"))}</th><td>${esc(s.version ?? "—")}</td></tr>
        <tr><th scope="row">${esc(t("card.carrier"))}</th><td>${esc(meta.carrierName ?? s.carrier)} (<code>${esc(s.carrier)}</code>)</td></tr>
        <tr><th scope="row">${esc(t("card.effective"))}</th><td>${esc(eff)}</td></tr>
        <tr><th scope="row">${esc(t("card.zoneTables"))}</th><td>${s.zoneTables.length ? s.zoneTables.map((z) => `<code>${esc(z)}</code>`).join(", ") : esc(t("card.none"))}</td></tr>
        <tr><th scope="row">${esc(t("card.hash"))}</th><td><code class="hash">${esc(s.hash)}</code></td></tr>
      </table>
      ${meta.illustrative ? `<p class="note">${esc(t("card.illustrative"))}</p>` : ""}
      <h3>${esc(t("card.services"))} (${s.services.length})</h3>
      ${services}
      ${s.services.length ? `<p><button type="button" class="button" id="card-add">${esc(t("card.add"))}</button></p><p id="card-add-status" role="status"></p>` : ""}
    </div>`;
    $("card-add")?.addEventListener("click", () => {
      const status = $("card-add-status");
      try {
        const summary = app.catalog.engine.addCard(text);
        const cards = [...app.catalog.cards, { url: name, text, summary, meta }];
        app.catalog = describe(app.catalog.engine, cards);
        status.textContent = t("card.added");
        $("card-add").disabled = true;
        app.compare.compute();
      } catch (e) {
        status.textContent = `${e.code ?? "error"}: ${e.message}`;
      }
    });
  }

  fileSource($("card-file"), $("card-drop"), check);
  document.addEventListener("langchange", render);
}
