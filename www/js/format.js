// Display helpers. Amounts stay the engine's decimal strings; only charts turn them
// into numbers. Sums are done in whole cents (exact in a double up to 2^53 cents).
import { locale } from "./i18n.js";

const SYMBOLS = { USD: "$" };

/** "1234.5" → "1,234.50"; keeps the engine's digits. */
export function groupDigits(amount) {
  const neg = amount.startsWith("-");
  const [int, frac = ""] = (neg ? amount.slice(1) : amount).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (neg ? "-" : "") + grouped + (frac ? "." + frac : "");
}

/** "12.3" + "USD" → "$12.30". */
export function money(amount, currency = "USD") {
  const s = SYMBOLS[currency];
  const text = groupDigits(centsToString(toCents(amount)));
  if (s) return text.startsWith("-") ? `-${s}${text.slice(1)}` : `${s}${text}`;
  return `${text} ${currency}`;
}

/** A decimal string with at most two decimals → integer cents; NaN if it has more. */
export function toCents(amount) {
  const m = /^(-?)(\d+)(?:\.(\d{0,2})0*)?$/.exec(String(amount).trim());
  if (!m) return NaN;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -cents : cents;
}

export function centsToString(c) {
  const neg = c < 0;
  const a = Math.abs(c);
  const s = `${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
  return neg ? `-${s}` : s;
}

export function weight(w) {
  return w ? `${w.value} ${w.unit}` : "";
}

/** "2025-11-10" → "Mon, Nov 10" (en) / "11月10日周一" (zh), without time-zone shifts. */
export function shortDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!m) return iso ?? "";
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale(), { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }).format(d);
}

export function count(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

/** Today in the browser's calendar, YYYY-MM-DD. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Escapes text for HTML. */
export function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Carrier colour slot (CSS class) for chips and chart series. */
export const CARRIER_COLORS = {
  usps: "#1f4e9c",
  gofo: "#d9480f",
  uniuni: "#7048e8",
  speedx: "#c28a00",
  swiftx: "#0c8599",
  ontrac: "#c92a2a",
};

export function carrierColor(code) {
  if (CARRIER_COLORS[code]) return CARRIER_COLORS[code];
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 55% 40%)`;
}

/**
 * Wires a file input and a drop zone to one handler: `onFile(file)` for a chosen or
 * dropped file (the input is reset so the same file can be chosen again).
 */
export function fileSource(input, drop, onFile) {
  input.addEventListener("change", (e) => {
    const f = e.target.files?.[0];
    if (f) onFile(f);
    e.target.value = "";
  });
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const f = e.dataTransfer?.files?.[0];
    if (f) onFile(f);
  });
}
