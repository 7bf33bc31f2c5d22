// <zonerate-quote>: shipping options for a storefront's checkout, priced in the browser.
//
//   <script type="module" src=".../widget/zonerate-quote.js"></script>
//   <zonerate-quote origin="90021" cards="cards.json" carriers="usps,gofo" view="customer"
//                   markup="markup.json" lang="en" to="10001" weight="2.5lb" dims="12x10x6in">
//   </zonerate-quote>
//
// Attributes: origin (warehouse ZIP), cards (URL of a JSON list of card URLs, or
// comma-separated card URLs; default: the cards next to this widget), carriers (comma-
// separated), view (customer | internal), markup (URL of zonerate.markup/1 rules), lang
// (en | zh; default: the page's or the browser's language), and the shipment: to, weight,
// dims, residential (boolean), ship-date. The `shipment` property ({to, weight,
// dimensions, residential, shipDate, options}) overrides the shipment attributes.
// Events: `select` (detail: {quote, shipment, auto}) when an option is chosen — `auto`
// when the widget preselected the cheapest; `quotes` (detail: the quote result).
// Self-contained: it needs only the zonerate package (../pkg/web.js) and the cards.
import { init, RateEngine } from "../pkg/web.js";

const STRINGS = {
  en: {
    legend: "Shipping options",
    loading: "Loading shipping rates…",
    prompt: "Enter a destination ZIP code to see shipping options.",
    none: "No shipping option can take this parcel.",
    failed: "Shipping rates are unavailable: {msg}",
    days: "{n} business days",
    day: "1 business day",
    arrives: "arrives {date}",
    cheapest: "Cheapest",
    fastest: "Fastest",
    best_value: "Best value",
    internal: "cost {cost} · margin {margin}",
    bad: "Check the shipment: {msg}",
  },
  zh: {
    legend: "配送方式",
    loading: "正在加载运费…",
    prompt: "输入收件邮编以查看配送方式。",
    none: "没有可承运此包裹的配送方式。",
    failed: "暂时无法计算运费：{msg}",
    days: "{n} 个工作日",
    day: "1 个工作日",
    arrives: "预计 {date} 送达",
    cheapest: "最便宜",
    fastest: "最快",
    best_value: "性价比最高",
    internal: "成本 {cost} · 利润 {margin}",
    bad: "请检查货件信息：{msg}",
  },
};

const STYLE = `
:host { display: block; font-family: var(--zr-font, inherit); color: var(--zr-text, inherit); --accent: var(--zr-accent, #0b7285); }
:host([hidden]) { display: none; }
fieldset { border: 1px solid var(--zr-border, #dde2e7); border-radius: var(--zr-radius, 10px); margin: 0; padding: 0.75rem; min-width: 0; background: var(--zr-surface, #fff); }
legend { font-weight: 700; padding: 0 0.35rem; }
.msg { margin: 0.25rem 0; color: var(--zr-muted, #5c6670); }
.msg.error { color: #c92a2a; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.4rem; }
label { display: grid; grid-template-columns: auto 1fr auto; gap: 0.1rem 0.6rem; align-items: center; padding: 0.55rem 0.7rem;
  border: 1px solid var(--zr-border, #dde2e7); border-radius: 8px; cursor: pointer; background: var(--zr-surface, #fff); }
label:hover { border-color: var(--accent); }
label:has(input:checked) { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent); background: color-mix(in srgb, var(--accent) 6%, white); }
input { grid-row: span 2; accent-color: var(--accent); width: 1.05rem; height: 1.05rem; margin: 0; }
input:focus-visible { outline: 3px solid #3bc9db; outline-offset: 2px; }
.name { font-weight: 600; min-width: 0; }
.price { font-weight: 700; font-variant-numeric: tabular-nums; grid-row: span 2; white-space: nowrap; }
.when { color: var(--zr-muted, #5c6670); font-size: 0.85em; }
.tag { display: inline-block; font-size: 0.72em; font-weight: 700; border-radius: 999px; padding: 0 0.45rem; margin-left: 0.35rem; vertical-align: 1px;
  background: #ebfbee; color: #1e6b30; border: 1px solid #8ce99a; }
.tag.fastest { background: #e7f5ff; color: #1864ab; border-color: #a5d8ff; }
.tag.best_value { background: #f3f0ff; color: #5f3dc4; border-color: #d0bfff; }
.internal { grid-column: 2 / -1; font-size: 0.8em; color: var(--zr-muted, #5c6670); }
`;

const DEFAULT_CARDS = new URL("../cards.json", import.meta.url).href;
const engines = new Map(); // cards + markup → Promise<RateEngine>

async function fetchJsonText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return { text: await res.text(), url: res.url || url };
}

/** Card texts from the `cards` attribute, zones-only cards first (as the CLI loads them). */
async function cardTexts(spec, base) {
  const parts = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((u) => new URL(u, base).href);
  let urls = parts;
  const first = parts.length === 1 ? await fetchJsonText(parts[0]) : null;
  if (first) {
    const doc = JSON.parse(first.text);
    const list = Array.isArray(doc) ? doc : Array.isArray(doc?.cards) ? doc.cards : null;
    if (!list) return [first.text];
    urls = list.map((u) => new URL(u, first.url).href);
  }
  const texts = await Promise.all(urls.map((u) => fetchJsonText(u).then((r) => r.text)));
  const zonesOnly = (t) => {
    try {
      const d = JSON.parse(t);
      return !Array.isArray(d.services) || d.services.length === 0;
    } catch {
      return false;
    }
  };
  return [...texts.filter(zonesOnly), ...texts.filter((t) => !zonesOnly(t))];
}

function loadEngine(cardsSpec, markupUrl) {
  const key = `${cardsSpec}\u0000${markupUrl}`;
  if (!engines.has(key)) {
    const p = (async () => {
      const base = document.baseURI;
      const [texts, markup] = await Promise.all([
        cardTexts(cardsSpec, base),
        markupUrl ? fetchJsonText(new URL(markupUrl, base).href).then((r) => r.text) : null,
        init(),
      ]);
      const engine = new RateEngine();
      for (const t of texts) engine.addCard(t);
      if (markup) engine.setMarkups(markup);
      return engine;
    })();
    p.catch(() => engines.delete(key));
    engines.set(key, p);
  }
  return engines.get(key);
}

function fill(s, vars) {
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

function money(amount, currency) {
  const [int, frac = "00"] = String(amount).split(".");
  const text = `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac.padEnd(2, "0")}`;
  return currency === "USD" ? `$${text}` : `${text} ${currency}`;
}

function cents(amount) {
  const [int, frac = ""] = String(amount).split(".");
  return Number(int) * 100 + Number(frac.padEnd(2, "0").slice(0, 2));
}

export class ZonerateQuote extends HTMLElement {
  static observedAttributes = ["origin", "cards", "carriers", "view", "markup", "lang", "to", "weight", "dims", "residential", "ship-date"];

  #shipment = null;
  #result = null;
  #selected = null;
  #timer = 0;
  #generation = 0;
  #state = { kind: "idle" };

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.fieldset = document.createElement("fieldset");
    root.append(style, this.fieldset);
    this.fieldset.addEventListener("change", (e) => {
      if (e.target.name === "zr-option") this.#choose(e.target.value, false);
    });
  }

  connectedCallback() {
    this.#schedule();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** The shipment to quote; overrides the to/weight/dims/residential/ship-date attributes. */
  get shipment() {
    return this.#shipment;
  }

  set shipment(value) {
    this.#shipment = value ? { ...value } : null;
    this.#schedule();
  }

  /** The chosen quote, or null. */
  get value() {
    return this.#result?.quotes.find((q) => q.service === this.#selected) ?? null;
  }

  /** The last quote result ({quotes, unavailable}), or null. */
  get result() {
    return this.#result;
  }

  #lang() {
    const l = (this.getAttribute("lang") || this.closest("[lang]")?.getAttribute("lang") || navigator.language || "en").toLowerCase();
    return l.startsWith("zh") ? "zh" : "en";
  }

  #t(key, vars = {}) {
    return fill(STRINGS[this.#lang()][key] ?? STRINGS.en[key], vars);
  }

  #request() {
    const a = (n) => this.getAttribute(n)?.trim() || undefined;
    const s = {
      from: a("origin"),
      to: a("to"),
      weight: a("weight"),
      dimensions: a("dims"),
      residential: this.hasAttribute("residential") && this.getAttribute("residential") !== "false",
      shipDate: a("ship-date"),
    };
    const p = this.#shipment ?? {};
    for (const k of ["from", "to", "weight", "dimensions", "residential", "shipDate", "options", "parcels"]) {
      if (p[k] !== undefined && p[k] !== "") s[k] = p[k];
    }
    if (p.dims !== undefined && p.dimensions === undefined) s.dimensions = p.dims || undefined;
    const carriers = a("carriers");
    if (carriers) s.carriers = carriers.split(",").map((c) => c.trim()).filter(Boolean);
    const view = a("view");
    if (view) s.view = view;
    for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
    return s;
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#update(), 60);
  }

  async #update() {
    const gen = ++this.#generation;
    const s = this.#request();
    if (!s.to || !s.weight || (!s.from && !s.parcels)) {
      this.#result = null;
      return this.#render({ kind: "prompt" });
    }
    let engine;
    try {
      const pending = loadEngine(this.getAttribute("cards")?.trim() || DEFAULT_CARDS, this.getAttribute("markup")?.trim() || "");
      if (this.#state.kind === "idle" || this.#state.kind === "prompt") this.#render({ kind: "loading" });
      engine = await pending;
    } catch (e) {
      if (gen === this.#generation) this.#render({ kind: "failed", message: e.message });
      return;
    }
    if (gen !== this.#generation) return;
    let result;
    try {
      result = engine.quote(s);
    } catch (e) {
      this.#result = null;
      return this.#render({ kind: "bad", message: e.detail ? `${e.path ? e.path + ": " : ""}${e.detail}` : e.message });
    }
    this.#result = result;
    this.#shipmentUsed = s;
    this.dispatchEvent(new CustomEvent("quotes", { detail: result }));
    const keep = result.quotes.some((q) => q.service === this.#selected);
    if (!keep) {
      const cheapest = result.quotes.find((q) => q.tags?.includes("cheapest")) ?? result.quotes[0];
      this.#selected = cheapest?.service ?? null;
      this.#render({ kind: "quotes" });
      if (cheapest) this.#announce(true);
    } else {
      this.#render({ kind: "quotes" });
      this.#announce(true);
    }
  }

  #shipmentUsed = null;

  #choose(service, auto) {
    this.#selected = service;
    this.#announce(auto);
  }

  #announce(auto) {
    const quote = this.value;
    if (!quote) return;
    this.dispatchEvent(new CustomEvent("select", { detail: { quote, shipment: this.#shipmentUsed, auto }, bubbles: true, composed: true }));
  }

  #render(state) {
    this.#state = state;
    const fs = this.fieldset;
    const legend = document.createElement("legend");
    legend.textContent = this.#t("legend");
    const msg = (text, error = false) => {
      const p = document.createElement("p");
      p.className = error ? "msg error" : "msg";
      p.setAttribute("role", error ? "alert" : "status");
      p.textContent = text;
      return p;
    };
    this.setAttribute("state", state.kind);
    if (state.kind === "prompt") return fs.replaceChildren(legend, msg(this.#t("prompt")));
    if (state.kind === "loading") return fs.replaceChildren(legend, msg(this.#t("loading")));
    if (state.kind === "failed") return fs.replaceChildren(legend, msg(this.#t("failed", { msg: state.message }), true));
    if (state.kind === "bad") return fs.replaceChildren(legend, msg(this.#t("bad", { msg: state.message }), true));
    const quotes = [...this.#result.quotes].sort((a, b) => cents(a.total) - cents(b.total));
    if (!quotes.length) return fs.replaceChildren(legend, msg(this.#t("none")));
    const ul = document.createElement("ul");
    const fmtDate = (iso) => {
      const [y, m, d] = iso.split("-").map(Number);
      return new Intl.DateTimeFormat(this.#lang() === "zh" ? "zh-CN" : "en-US", { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }).format(
        new Date(Date.UTC(y, m - 1, d)),
      );
    };
    for (const q of quotes) {
      const li = document.createElement("li");
      const label = document.createElement("label");
      label.dataset.service = q.service;
      label.dataset.total = q.total;
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "zr-option";
      input.value = q.service;
      input.checked = q.service === this.#selected;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = q.serviceName;
      for (const tag of q.tags ?? []) {
        const t = document.createElement("span");
        t.className = `tag ${tag}`;
        t.textContent = this.#t(tag);
        name.append(t);
      }
      const price = document.createElement("span");
      price.className = "price";
      price.textContent = money(q.total, q.currency);
      const when = document.createElement("span");
      when.className = "when";
      const parts = [];
      if (q.transitDays !== undefined) parts.push(q.transitDays === 1 ? this.#t("day") : this.#t("days", { n: q.transitDays }));
      if (q.estimatedDelivery) parts.push(this.#t("arrives", { date: fmtDate(q.estimatedDelivery) }));
      when.textContent = parts.join(" · ");
      label.append(input, name, price, when);
      if (q.cost !== undefined) {
        const internal = document.createElement("span");
        internal.className = "internal";
        internal.textContent = this.#t("internal", { cost: money(q.cost, q.currency), margin: money(q.margin, q.currency) });
        label.append(internal);
      }
      li.append(label);
      ul.append(li);
    }
    fs.replaceChildren(legend, ul);
  }
}

if (!customElements.get("zonerate-quote")) customElements.define("zonerate-quote", ZonerateQuote);
