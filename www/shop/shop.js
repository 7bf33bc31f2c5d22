// The example storefront's own script: it knows nothing of zonerate except the widget's
// attributes, its `shipment` property and its `select` event.
const T = {
  en: {
    note: "Example storefront for the <zonerate-quote> widget",
    checkout: "Checkout",
    cart: "Your cart",
    product: "Cast-iron teapot, 1.2 L",
    productNote: "2.1 lb, ships in a 10 × 8 × 7 in box",
    qty: "Qty",
    shipTo: "Ship to",
    zip: "ZIP code",
    home: "This is a home address",
    summary: "Order summary",
    subtotal: "Subtotal",
    shipping: "Shipping",
    method: "Method",
    total: "Total",
    place: "Place order",
    placed: "Demo store: no order was placed. Chosen: {service}, {total}.",
    other: "中文",
  },
  zh: {
    note: "<zonerate-quote> 组件的示例商店",
    checkout: "结账",
    cart: "购物车",
    product: "铸铁茶壶，1.2 升",
    productNote: "2.1 磅，装于 10 × 8 × 7 英寸的纸箱",
    qty: "数量",
    shipTo: "收货地址",
    zip: "邮编",
    home: "这是住宅地址",
    summary: "订单摘要",
    subtotal: "商品小计",
    shipping: "运费",
    method: "配送方式",
    total: "合计",
    place: "提交订单",
    placed: "示例商店：未真正下单。已选：{service}，{total}。",
    other: "English",
  },
};

const PRICE_CENTS = 4800; // one teapot
const $ = (id) => document.getElementById(id);
let lang = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
let chosen = null;

const money = (c) => `$${Math.floor(c / 100).toLocaleString("en-US")}.${String(c % 100).padStart(2, "0")}`;
const cents = (s) => {
  const [i, f = ""] = String(s).split(".");
  return Number(i) * 100 + Number(f.padEnd(2, "0").slice(0, 2));
};

function t(key, vars = {}) {
  return (T[lang][key] ?? T.en[key]).replace(/\{(\w+)\}/g, (m, k) => vars[k] ?? m);
}

function applyLang() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  $("shop-lang").textContent = t("other");
  $("shipping").setAttribute("lang", lang);
  totals();
}

/** The parcel for the cart: 2.1 lb per teapot plus 0.4 lb of packing, boxes stacked. */
function updateShipment() {
  const qty = Number($("qty").value);
  const lb = (qty * 21 + 4) / 10;
  $("shipping").shipment = {
    to: $("zip").value.trim(),
    weight: `${lb}lb`,
    dimensions: `10x8x${7 * qty}in`,
    residential: $("home").checked,
  };
  totals();
}

function totals() {
  const sub = PRICE_CENTS * Number($("qty").value);
  $("line-price").textContent = money(sub);
  $("subtotal").textContent = money(sub);
  if (chosen) {
    $("ship-cost").textContent = money(cents(chosen.total));
    $("ship-name").textContent = chosen.serviceName;
    $("total").textContent = money(sub + cents(chosen.total));
    $("place").disabled = false;
  } else {
    $("ship-cost").textContent = "—";
    $("ship-name").textContent = "";
    $("total").textContent = "—";
    $("place").disabled = true;
  }
}

$("shipping").addEventListener("select", (e) => {
  chosen = e.detail.quote;
  totals();
});
$("shipping").addEventListener("quotes", (e) => {
  if (!e.detail.quotes.length) {
    chosen = null;
    totals();
  }
});
$("address").addEventListener("input", updateShipment);
$("address").addEventListener("submit", (e) => e.preventDefault());
$("qty").addEventListener("change", updateShipment);
$("shop-lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  applyLang();
});
$("place").addEventListener("click", () => {
  if (chosen) $("placed").textContent = t("placed", { service: chosen.serviceName, total: money(cents(chosen.total)) });
});

applyLang();
updateShipment();
