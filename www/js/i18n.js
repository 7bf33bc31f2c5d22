// English and Chinese UI strings, and the language toggle. The default follows
// navigator.language; a choice made with the toggle is remembered in localStorage.
const KEY = "zonerate.lang";

const en = {
  skip: "Skip to content",
  tagline: "Exact shipping rates, computed in your browser",
  "nav.label": "Sections",
  "tab.compare": "Compare",
  "tab.curves": "Price curves",
  "tab.profile": "Shipment profile",
  "tab.card": "Your own card",
  "tab.widget": "Checkout widget",
  "lang.other": "中文",
  "lang.switch": "切换到中文 (switch to Chinese)",
  "status.loading": "Loading the rate engine and the rate cards…",
  "status.ready":
    "{cards} rate cards and {services} services loaded. Everything on this page is computed in this browser tab: nothing you type is sent anywhere.",
  "status.failed": "Could not load the rate engine: {msg}",
  footer:
    "zonerate prices parcels exactly from JSON rate cards, in WebAssembly. USPS and OnTrac cards hold published prices; the GOFO, UniUni, SpeedX and SwiftX cards are illustrative samples (those carriers publish no rates).",

  "compare.title": "Compare every service",
  "compare.intro": "Describe a parcel: every service of every carrier is priced as you type.",
  "f.route": "Route",
  "f.from": "From ZIP",
  "f.to": "To ZIP",
  "f.parcel": "Parcel",
  "f.weight": "Weight",
  "f.weightUnit": "Weight unit",
  "f.dims": "Dimensions (L × W × H)",
  "f.length": "Length",
  "f.width": "Width",
  "f.height": "Height",
  "f.dimUnit": "Dimension unit",
  "f.dimsHint": "Optional: dimensional weight and cubic services need them.",
  "f.delivery": "Delivery",
  "f.residential": "Residential address",
  "f.date": "Ship date",
  "f.sort": "Sort by",
  "sort.price": "Price",
  "sort.speed": "Delivery time",
  "r.summary": "{n} services priced, {u} not available · {from} → {to}",
  "r.summaryOne": "1 service priced, {u} not available · {from} → {to}",
  "r.sharedWarning": "{warning} ({n} services)",
  "r.best": "Cheapest: {service}, {total}",
  "r.none": "No service can take this shipment.",
  "r.zone": "Zone",
  "r.billable": "Billable",
  "r.dimWeight": "dim. weight {w}",
  "r.cubic": "cubic tier {t} ft³",
  "r.delivery": "Delivery",
  "r.days": "{n} business days",
  "r.day": "1 business day",
  "r.by": "by {date}",
  "r.breakdown": "Price breakdown",
  "r.total": "Total",
  "r.cost": "cost {cost} · margin {margin}",
  "r.sample": "sample prices",
  "r.unavailable": "Not available ({n})",
  "r.fromCard": "card {card}",
  "cat.base": "base",
  "cat.surcharge": "surcharge",
  "cat.markup": "markup",
  "badge.cheapest": "Cheapest",
  "badge.fastest": "Fastest",
  "badge.best_value": "Best value",
  "reason.no_card_in_effect": "No rate card in force on the ship date",
  "reason.origin_not_served": "Origin not served",
  "reason.destination_not_served": "Destination not served",
  "reason.dimensions_required": "Needs dimensions",
  "reason.no_price": "No price for this parcel",
  "reason.over_max_weight": "Over the maximum weight",
  "reason.over_max_length": "Over the maximum length",
  "reason.over_max_size": "Over the maximum size",
  "reason.over_max_volume": "Over the maximum volume",
  "reason.over_max_value": "Over the maximum declared value",
  "err.dimsPartial": "Give all three sides, or none.",
  "err.required": "Required.",

  "curves.title": "Price curves",
  "curves.intro":
    "Every point is a real quote from the engine, to a destination ZIP that falls in the zone (found by asking the engine for the zone of each ZIP3 area).",
  "curves.zone": "Zone",
  "curves.service": "Heatmap service",
  "curves.lineTitle": "Price against weight, zone {zone}",
  "curves.heatTitle": "{service}: price by zone and weight",
  "curves.weightAxis": "Weight (lb)",
  "curves.priceAxis": "Price ({cur})",
  "curves.zoneAxis": "Zone",
  "curves.table": "Show the numbers",
  "curves.scanning": "Finding a destination in every zone…",
  "curves.dests": "Destinations used for zone {zone}: {list}",
  "curves.cubicNote": "Cubic services are priced by size rather than weight and are not drawn.",
  "curves.noZones": "No service reaches any zone from this origin on this date.",
  "curves.chartLabel": "Line chart of price against weight; the numbers are in the table below.",
  "curves.heatLabel": "Heatmap of price by zone and weight; the numbers are in the table below.",
  "curves.weight": "Weight",
  "curves.log": "Logarithmic price axis",

  "profile.title": "Shipment profile: which carrier mix is cheapest?",
  "profile.intro":
    "Load a CSV of shipments — columns from, to, weight, dims, residential, ship_date, as for zonerate batch. A background worker rates every row with every service, in this browser.",
  "profile.drop": "Drop a shipments CSV here, or",
  "profile.choose": "choose a file",
  "profile.sample": "No CSV at hand? Generate sample shipments:",
  "profile.generate": "Generate and analyse",
  "profile.rowsOption": "{n} rows",
  "profile.defaultDate": "Ship date for rows without one",
  "profile.progress": "{done} of {total} rows rated",
  "profile.progressLabel": "Rating progress",
  "profile.cancel": "Cancel",
  "profile.cancelled": "Cancelled.",
  "profile.reading": "Reading {name}…",
  "profile.failed": "Could not analyse the file: {msg}",
  "profile.done": "{total} rows analysed in {secs} s.",
  "profile.rows": "Rows",
  "profile.rowsDetail": "{rated} rated · {unpriced} with no service · {bad} with errors",
  "profile.mix": "Cheapest mix",
  "profile.mixDetail": "over {n} rows",
  "profile.usps": "USPS only",
  "profile.uspsDetail": "over the {n} rows USPS takes; the cheapest mix of those rows: {mix}",
  "profile.savings": "Savings against USPS only",
  "profile.savingsDetail": "{pct} over the {n} rows USPS takes",
  "profile.perCarrier": "All to one carrier (its cheapest service per row)",
  "profile.carrier": "Carrier",
  "profile.cost": "Cost",
  "profile.rowsTaken": "Rows taken",
  "profile.inMix": "Rows in the cheapest mix",
  "profile.byZone": "By USPS zone",
  "profile.byBand": "By weight band",
  "profile.group": "Group",
  "profile.mixCol": "Cheapest mix",
  "profile.savingsCol": "Savings",
  "profile.chartCarriers": "Cost per carrier, if it took every row it can, and the cheapest mix",
  "profile.chartShare": "Rows per carrier in the cheapest mix",
  "profile.chartBands": "USPS only against the cheapest mix, by weight band",
  "profile.download": "Download the result CSV",
  "profile.bad": "Rows with errors ({n})",
  "profile.line": "line {n}",
  "profile.moreBad": "… and {n} more (all are in the result CSV).",
  "profile.nonUsps": "{zone} (non-USPS)",

  "card.title": "Check your own rate card",
  "card.intro":
    "Load a rate card (format zonerate/1, see docs/rate-card-format.md). The engine that prices the quotes checks it; a problem is shown with its code and the path of the field.",
  "card.drop": "Drop a card (.json) here, or",
  "card.choose": "choose a file",
  "card.checking": "Checking {name}…",
  "card.valid": "{name} is a valid card",
  "card.invalid": "{name} was rejected",
  "card.code": "Code",
  "card.path": "Field",
  "card.problem": "Problem",
  "card.value": "Value there",
  "card.wholeCard": "(the whole card)",
  "card.position": "JSON syntax error at line {line}, column {col}.",
  "card.id": "Id",
  "card.version": "Version",
  "card.carrier": "Carrier",
  "card.hash": "Content hash",
  "card.effective": "In force",
  "card.always": "no dates",
  "card.services": "Services",
  "card.zoneTables": "Zone tables",
  "card.none": "none",
  "card.illustrative": "Marked illustrative (sample numbers).",
  "card.add": "Use it in Compare",
  "card.added": "Added: its services are now priced in Compare.",
  "card.serviceCode": "Code",
  "card.serviceName": "Name",

  "widget.title": "Checkout widget",
  "widget.intro":
    "<zonerate-quote> is a custom element a storefront drops in with one script tag. It loads the package and the cards, prices the shopper's parcel in the browser, and fires a select event with the chosen quote.",
  "widget.open": "Open the example storefront",
  "widget.attrs": "Attributes",
  "widget.attr.origin": "origin ZIP of the warehouse",
  "widget.attr.cards": "URL of a JSON list of card URLs, or comma-separated card URLs",
  "widget.attr.carriers": "only these carriers (comma-separated)",
  "widget.attr.view": "customer (sell prices) or internal (cost, sell and margin)",
  "widget.attr.markup": "URL of markup rules (zonerate.markup/1), optional",
  "widget.attr.lang": "en or zh (default: the browser's language)",
  "widget.attr.shipment": "to, weight, dims, residential, ship-date — or set the shipment property",
};

const zh = {
  skip: "跳到正文",
  tagline: "精确运费，在浏览器中计算",
  "nav.label": "功能",
  "tab.compare": "比价",
  "tab.curves": "价格曲线",
  "tab.profile": "发货分析",
  "tab.card": "自定义价卡",
  "tab.widget": "结账组件",
  "lang.other": "English",
  "lang.switch": "Switch to English (切换到英文)",
  "status.loading": "正在加载计价引擎和价卡…",
  "status.ready": "已加载 {cards} 张价卡、{services} 个服务。本页所有计算都在此浏览器标签页内完成，您输入的内容不会发送到任何地方。",
  "status.failed": "计价引擎加载失败：{msg}",
  footer:
    "zonerate 使用 WebAssembly，按 JSON 价卡精确计算包裹运费。USPS 与 OnTrac 价卡为公开价格；GOFO、UniUni、SpeedX、SwiftX 价卡为示例数据（这些承运商不公开价格）。",

  "compare.title": "比较所有服务",
  "compare.intro": "填写包裹信息，所有承运商的全部服务随输入实时计价。",
  "f.route": "路线",
  "f.from": "发件邮编",
  "f.to": "收件邮编",
  "f.parcel": "包裹",
  "f.weight": "重量",
  "f.weightUnit": "重量单位",
  "f.dims": "尺寸（长 × 宽 × 高）",
  "f.length": "长",
  "f.width": "宽",
  "f.height": "高",
  "f.dimUnit": "尺寸单位",
  "f.dimsHint": "可选：体积重和立方计价服务需要尺寸。",
  "f.delivery": "派送",
  "f.residential": "住宅地址",
  "f.date": "发货日期",
  "f.sort": "排序",
  "sort.price": "价格",
  "sort.speed": "时效",
  "r.summary": "{n} 个服务可用，{u} 个不可用 · {from} → {to}",
  "r.summaryOne": "1 个服务可用，{u} 个不可用 · {from} → {to}",
  "r.sharedWarning": "{warning}（{n} 个服务）",
  "r.best": "最便宜：{service}，{total}",
  "r.none": "没有服务可以承运此货件。",
  "r.zone": "分区",
  "r.billable": "计费重",
  "r.dimWeight": "体积重 {w}",
  "r.cubic": "立方等级 {t} 立方英尺",
  "r.delivery": "时效",
  "r.days": "{n} 个工作日",
  "r.day": "1 个工作日",
  "r.by": "预计 {date} 送达",
  "r.breakdown": "费用明细",
  "r.total": "合计",
  "r.cost": "成本 {cost} · 利润 {margin}",
  "r.sample": "示例价格",
  "r.unavailable": "不可用（{n}）",
  "r.fromCard": "价卡 {card}",
  "cat.base": "基础运费",
  "cat.surcharge": "附加费",
  "cat.markup": "加价",
  "badge.cheapest": "最便宜",
  "badge.fastest": "最快",
  "badge.best_value": "性价比最高",
  "reason.no_card_in_effect": "发货日期没有生效的价卡",
  "reason.origin_not_served": "不服务该发件地",
  "reason.destination_not_served": "不派送该目的地",
  "reason.dimensions_required": "需要尺寸",
  "reason.no_price": "该包裹没有价格",
  "reason.over_max_weight": "超过最大重量",
  "reason.over_max_length": "超过最大长度",
  "reason.over_max_size": "超过最大尺寸",
  "reason.over_max_volume": "超过最大体积",
  "reason.over_max_value": "超过最大申报价值",
  "err.dimsPartial": "请填写全部三边，或全部留空。",
  "err.required": "必填。",

  "curves.title": "价格曲线",
  "curves.intro": "每个点都是计价引擎的真实报价，目的地邮编位于该分区内（通过向引擎查询每个 ZIP3 区域的分区找到）。",
  "curves.zone": "分区",
  "curves.service": "热力图服务",
  "curves.lineTitle": "分区 {zone}：价格随重量变化",
  "curves.heatTitle": "{service}：按分区和重量的价格",
  "curves.weightAxis": "重量（磅）",
  "curves.priceAxis": "价格（{cur}）",
  "curves.zoneAxis": "分区",
  "curves.table": "查看数据",
  "curves.scanning": "正在为每个分区寻找目的地…",
  "curves.dests": "分区 {zone} 使用的目的地：{list}",
  "curves.cubicNote": "立方计价服务按体积而非重量计价，未绘制在图中。",
  "curves.noZones": "在此日期，没有服务能从该发件地送达任何分区。",
  "curves.chartLabel": "价格随重量变化的折线图；具体数值见下方表格。",
  "curves.heatLabel": "按分区和重量的价格热力图；具体数值见下方表格。",
  "curves.weight": "重量",
  "curves.log": "价格轴取对数",

  "profile.title": "发货分析：哪种承运商组合最省钱？",
  "profile.intro":
    "载入货件 CSV（列：from, to, weight, dims, residential, ship_date，与 zonerate batch 相同）。后台 Worker 在本浏览器中用每个服务为每一行计价。",
  "profile.drop": "将货件 CSV 拖放到这里，或",
  "profile.choose": "选择文件",
  "profile.sample": "手头没有 CSV？生成示例货件：",
  "profile.generate": "生成并分析",
  "profile.rowsOption": "{n} 行",
  "profile.defaultDate": "未填日期的行使用的发货日期",
  "profile.progress": "已计价 {done} / {total} 行",
  "profile.progressLabel": "计价进度",
  "profile.cancel": "取消",
  "profile.cancelled": "已取消。",
  "profile.reading": "正在读取 {name}…",
  "profile.failed": "无法分析该文件：{msg}",
  "profile.done": "已分析 {total} 行，用时 {secs} 秒。",
  "profile.rows": "行数",
  "profile.rowsDetail": "{rated} 行已计价 · {unpriced} 行无可用服务 · {bad} 行有错误",
  "profile.mix": "最便宜组合",
  "profile.mixDetail": "共 {n} 行",
  "profile.usps": "仅用 USPS",
  "profile.uspsDetail": "基于 USPS 可承运的 {n} 行；这些行的最便宜组合：{mix}",
  "profile.savings": "相比仅用 USPS 节省",
  "profile.savingsDetail": "{pct}，基于 USPS 可承运的 {n} 行",
  "profile.perCarrier": "全部交给一个承运商（每行取其最便宜的服务）",
  "profile.carrier": "承运商",
  "profile.cost": "费用",
  "profile.rowsTaken": "可承运行数",
  "profile.inMix": "最便宜组合中的行数",
  "profile.byZone": "按 USPS 分区",
  "profile.byBand": "按重量段",
  "profile.group": "分组",
  "profile.mixCol": "最便宜组合",
  "profile.savingsCol": "节省",
  "profile.chartCarriers": "各承运商承运其可承运的全部行时的费用，以及最便宜组合",
  "profile.chartShare": "最便宜组合中各承运商的行数",
  "profile.chartBands": "按重量段：仅用 USPS 与最便宜组合对比",
  "profile.download": "下载结果 CSV",
  "profile.bad": "有错误的行（{n}）",
  "profile.line": "第 {n} 行",
  "profile.moreBad": "……另有 {n} 行（均在结果 CSV 中）。",
  "profile.nonUsps": "{zone}（非 USPS）",

  "card.title": "检查您自己的价卡",
  "card.intro":
    "载入价卡文件（格式 zonerate/1，见 docs/rate-card-format.md）。由计价所用的同一引擎检查；若有问题，显示错误代码和字段路径。",
  "card.drop": "将价卡（.json）拖放到这里，或",
  "card.choose": "选择文件",
  "card.checking": "正在检查 {name}…",
  "card.valid": "{name} 是有效的价卡",
  "card.invalid": "{name} 未通过检查",
  "card.code": "错误代码",
  "card.path": "字段",
  "card.problem": "问题",
  "card.value": "该处的值",
  "card.wholeCard": "（整张价卡）",
  "card.position": "JSON 语法错误：第 {line} 行，第 {col} 列。",
  "card.id": "编号",
  "card.version": "版本",
  "card.carrier": "承运商",
  "card.hash": "内容哈希",
  "card.effective": "有效期",
  "card.always": "不限日期",
  "card.services": "服务",
  "card.zoneTables": "分区表",
  "card.none": "无",
  "card.illustrative": "标记为示例（数字为虚构）。",
  "card.add": "在比价中使用",
  "card.added": "已添加：比价中已包含其服务。",
  "card.serviceCode": "代码",
  "card.serviceName": "名称",

  "widget.title": "结账组件",
  "widget.intro":
    "<zonerate-quote> 是一个自定义元素，商店页面只需一个 script 标签即可嵌入。它加载计价包和价卡，在浏览器中为顾客的包裹计价，并在顾客选择后触发带有所选报价的 select 事件。",
  "widget.open": "打开示例商店",
  "widget.attrs": "属性",
  "widget.attr.origin": "仓库的发件邮编",
  "widget.attr.cards": "价卡 URL 列表（JSON）的地址，或以逗号分隔的价卡 URL",
  "widget.attr.carriers": "只用这些承运商（逗号分隔）",
  "widget.attr.view": "customer（售价）或 internal（成本、售价和利润）",
  "widget.attr.markup": "加价规则（zonerate.markup/1）的 URL，可选",
  "widget.attr.lang": "en 或 zh（默认跟随浏览器语言）",
  "widget.attr.shipment": "to、weight、dims、residential、ship-date，或设置 shipment 属性",
};

const dictionaries = { en, zh };
let current = initialLang();

function initialLang() {
  let saved = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    // storage can be disabled; the browser language decides then
  }
  if (saved === "en" || saved === "zh") return saved;
  return (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function lang() {
  return current;
}

/** The BCP 47 tag for Intl formatting. */
export function locale() {
  return current === "zh" ? "zh-CN" : "en-US";
}

/** A UI string, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const s = dictionaries[current][key] ?? en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** Whether a key exists (reasons and codes fall back to the engine's English text). */
export function has(key) {
  return key in dictionaries[current] || key in en;
}

/** Fills `data-i18n` (text) and `data-i18n-attr` ("attr:key;attr:key") under `root`. */
export function apply(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":").map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

export function setLang(l) {
  if (l !== "en" && l !== "zh") return;
  current = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // not remembered; fine
  }
  document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
  apply();
  markToggle();
  document.dispatchEvent(new CustomEvent("langchange", { detail: { lang: l } }));
}

let toggleButton = null;

// The toggle names the other language, in that language.
function markToggle() {
  if (toggleButton) toggleButton.lang = current === "zh" ? "en" : "zh-CN";
}

/** Sets the page language from the default and wires the toggle button. */
export function initLang(toggle) {
  toggleButton = toggle;
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  apply();
  markToggle();
  if (toggle) toggle.addEventListener("click", () => setLang(current === "zh" ? "en" : "zh"));
}
