//! Card → workbook, and the annotated template.

use super::{cond, decimal_cell, import_book, split_for_cells, Book, Cell, Sheet, SheetKind, MAX_CELL_CHARS};
use crate::card::format::*;
use crate::date::Period;
use crate::error::{Error, ErrorCode, Result};
use crate::rounding::{RoundMode, Rounding};
use rust_decimal::Decimal;
use serde_json::Value;

fn t(s: impl Into<String>) -> Cell {
    Cell::text(s)
}

fn opt_t(s: &Option<String>) -> Cell {
    s.as_ref().map_or(Cell::Empty, |s| t(s.clone()))
}

fn dec(d: Decimal) -> Cell {
    decimal_cell(d, false)
}

fn money(d: Decimal) -> Cell {
    decimal_cell(d, true)
}

fn opt_dec(d: Option<Decimal>) -> Cell {
    d.map_or(Cell::Empty, dec)
}

fn opt_money(d: Option<Decimal>) -> Cell {
    d.map_or(Cell::Empty, money)
}

fn rounding_text(r: &Rounding) -> String {
    let m = match r.mode {
        RoundMode::Up => "up",
        RoundMode::Down => "down",
        RoundMode::Nearest => "nearest",
    };
    format!("{m} {}", r.increment)
}

fn list_text(v: &[String]) -> String {
    if v.is_empty() {
        "[]".to_string()
    } else {
        v.join(", ")
    }
}

fn label_cell(l: &str) -> Cell {
    // A label that itself starts with "zone " keeps it behind the prefix the reader strips.
    if l.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("zone ")) {
        t(format!("Zone {l}"))
    } else {
        t(l)
    }
}

fn price_type_text(p: PriceType) -> &'static str {
    match p {
        PriceType::Retail => "retail",
        PriceType::Commercial => "commercial",
        PriceType::Contract => "contract",
    }
}

fn rule_text(r: BracketRule) -> &'static str {
    match r {
        BracketRule::NotOver => "notOver",
        BracketRule::Under => "under",
    }
}

fn charge_type_text(k: ChargeType) -> &'static str {
    match k {
        ChargeType::Flat => "flat",
        ChargeType::PerZone => "perZone",
        ChargeType::PerWeight => "perWeight",
        ChargeType::Percent => "percent",
        ChargeType::Table => "table",
        ChargeType::ValueTiers => "valueTiers",
    }
}

fn date_cell(p: &Option<Period>, to: bool) -> Cell {
    match p.and_then(|p| if to { p.to } else { p.from }) {
        Some(d) => t(d.to_string()),
        None => Cell::Empty,
    }
}

/// Column headers: (written name, note).
type Cols = &'static [(&'static str, &'static str)];

const SERVICE_NOTE: &str = "Service code, as in the serviceCode row of the Info sheet (may be left out when the card has one service; blank = the row above).\n服务代码,与基本信息中的 serviceCode 一致。";
const UPTO_NOTE: &str = "Upper bound of the weight bracket in the card's weightUnit (cubic feet for a cubic table); blank on the last row = no upper bound. Rows of all price sheets are merged and sorted by this bound.\n重量段上限(含),单位为基本信息中的重量单位;最后一行可留空表示不封顶。";
const ZONE_NOTE: &str = "One column per zone: the header is the zone label, the cells are prices (blank = no service at this weight to this zone).\n每个分区一列,表头为分区名,单元格为价格;留空表示不提供服务。";

const FLAT_HEAD: Cols = &[("service (服务)", SERVICE_NOTE), ("upTo (重量上限)", UPTO_NOTE)];
const CONT_HEAD: Cols = &[
    ("service (服务)", SERVICE_NOTE),
    ("upTo (重量上限)", "Upper bound of the row (blank = none). Lines with the same service and upTo form one row: one line per zone.\n本行重量上限;同一服务同一上限的各行组成一个价格行,每个分区一行。"),
    ("zone (分区)", "Zone label (a column of the service's table).\n分区名。"),
    ("first (首重)", "Mode 3: first weight F. On one line only = the same for every zone; on every line = per zone.\n首重;只填一行表示所有分区相同。"),
    ("firstPrice (首重价)", "Mode 3: first price PF (blank = no service to this zone).\n首重价格。"),
    ("step (续重单位)", "Continuation step S (> 0). Mode 3: once or per zone; mode 5: the tier's step, the same on each of its lines.\n续重单位重量,必须大于 0。"),
    ("stepPrice (续重价)", "Price per step PS (mode 3) or PS_k of the tier (mode 5).\n每个续重单位的价格。"),
    ("over (超过)", "Mode 5 only: the tier starts above this weight (a_k); the first tier starts where a flat row of the 总价表 ends (P(T)).\n仅总价+续重:阶梯起点(不含),第一个阶梯从总价表某行上限开始。"),
    ("tierUpTo (阶梯上限)", "Mode 5 only: the tier ends at this weight (b_k); blank = no end.\n阶梯上限(含),留空表示不封顶。"),
];
const SPECIAL_HEAD: Cols = &[
    ("service (服务)", SERVICE_NOTE),
    ("code (代码)", "Name of the special row, such as oversized.\n特殊价格代码。"),
    ("label (名称)", "Label of the base line when the row is used.\n计费明细中显示的名称。"),
    ("when (条件)", "Condition, such as lengthPlusGirth>108; lengthPlusGirth<=130 (see Readme).\n适用条件。"),
];
const LIMIT_HEAD: Cols = &[
    ("service (服务)", SERVICE_NOTE),
    (
        "measure (度量)",
        "weight, billableWeight, length, width, height, girth, lengthPlusGirth, volume, declaredValue.\n限制项目。",
    ),
    ("max (最大值)", "Largest value allowed (inclusive), in the card's units.\n最大值(含)。"),
    ("code (代码)", "Reason code when exceeded (optional).\n超限原因代码(可选)。"),
    ("message (提示)", "Message when exceeded (optional).\n超限提示(可选)。"),
];
const SURCHARGE_HEAD: Cols = &[
    ("code (代码)", "Surcharge code, unique; services list it in their surcharges row.\n附加费代码。"),
    ("label (名称)", "Line label.\n名称。"),
    ("when (条件)", "Condition (blank = always): residential; destIn=das; length>22; length<=30; any(weight>50 | length>48) … (see Readme).\n收取条件,留空表示总是收取。"),
    ("type (类型)", "flat, perZone, perWeight, percent, table, valueTiers.\n收费方式。"),
    ("amount (金额)", "flat and perWeight: the amount.\n金额。"),
    ("percent (百分比)", "percent: 19.25 = 19.25 %.\n百分比。"),
    ("of (基数)", "percent: base, subtotal, or surcharge codes (comma list).\n百分比的计算基数。"),
    ("unit (单位)", "perWeight: weight unit of the amount.\n按重量收费的重量单位。"),
    ("zones (分区)", "perZone: zone labels, comma list.\n按分区收费的分区列表。"),
    ("amounts (分区金额)", "perZone: amounts in the order of zones, comma list (blank entry = none).\n各分区金额。"),
    ("tiers (阶梯)", "valueTiers: upTo=amount; …; *=amount.\n按货值阶梯。"),
    ("group (互斥组)", "Exclusive group: of the members that apply only the highest is charged.\n互斥组,同组只收最高者。"),
    ("minBillableWeight (最低计费重)", "When charged, the billable weight is raised to at least this.\n收取时计费重至少为此值。"),
    ("effectiveFrom (生效日期)", "YYYY-MM-DD (blank = always).\n生效日期。"),
    ("effectiveTo (失效日期)", "YYYY-MM-DD, inclusive (blank = open).\n失效日期(含)。"),
];
const STABLE_HEAD: Cols = &[
    ("surcharge (附加费)", "Code of a surcharge of type table.\n附加费代码(类型为 table)。"),
    ("upTo (重量上限)", "Billable weight up to (inclusive); blank = no bound (last row).\n计费重上限(含)。"),
];
const ZIPSET_HEAD: Cols = &[
    ("name (名称)", "Name used by conditions (destIn=name).\n邮编集名称。"),
    ("zips (邮编)", "ZIP5s, ranges 10001-10006 and prefixes 941*, separated by spaces. Several rows with one name are joined.\n邮编、邮编范围或前缀,空格分隔。"),
];
const ZONETABLE_HEAD: Cols = &[
    ("table (分区方案)", "Zone table name, used in the zoneTables row of the Info sheet.\n分区方案名称。"),
    ("kind (类型)", "zip3 (origin ZIP3 × destination ZIP3, USPS) or zip5 (ZIP lists per hub).\nzip3 或 zip5。"),
    ("labels (分区)", "Zone labels in order, comma list.\n分区名列表。"),
    ("effectiveFrom (生效日期)", "YYYY-MM-DD (blank = always).\n生效日期。"),
    ("effectiveTo (失效日期)", "YYYY-MM-DD (blank = open).\n失效日期。"),
    ("warning (警告)", "Warning every quote priced through this table carries (optional).\n使用此分区时的提示(可选)。"),
];
const HUB_HEAD: Cols = &[
    ("table (分区方案)", "zip5 zone table.\n分区方案。"),
    (
        "hub (入仓点)",
        "Hub code (LAX, PHX …), in order: the first hub whose origins contain the origin is used.\n入仓点代码。",
    ),
    ("origins (始发邮编)", "Origin ZIPs shipping through this hub.\n该入仓点的始发邮编。"),
    ("exclude (排除)", "Destinations this hub does not serve (optional).\n不服务的目的邮编(可选)。"),
];
const ZONE_HEAD: Cols = &[
    ("table (分区方案)", "Zone table name.\n分区方案。"),
    ("origin (始发/入仓点)", "zip3 tables: origin ZIP3 (850). zip5 tables: hub code.\nzip3:始发邮编前三位;zip5:入仓点代码。"),
    ("destination (目的地)", "zip3: destination ZIP3 (005), range (005-009), or a 5-digit exception (96910 or 96910-96938). zip5: ZIP list (941* 10001-10006 90210).\n目的邮编。"),
    ("zone (分区)", "Zone label.\n分区。"),
];

fn header(sheet: &mut Sheet, cols: Cols, zones: &[String]) -> u32 {
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let r = sheet.header(&names);
    for (c, (_, note)) in cols.iter().enumerate() {
        sheet.notes.push((r, c as u16, note.to_string()));
    }
    if !zones.is_empty() {
        if let Some(row) = sheet.rows.get_mut(r as usize) {
            row.extend(zones.iter().map(|z| label_cell(z)));
        }
        sheet.notes.push((r, cols.len() as u16, ZONE_NOTE.to_string()));
    }
    r
}

fn widths(sheet: &mut Sheet, w: &[f64]) {
    sheet.widths = w.iter().enumerate().map(|(i, w)| (i as u16, *w)).collect();
}

/// Chinese name of an Info key, shown after the key.
fn info_zh(key: &str) -> &'static str {
    match key {
        "id" => "编号",
        "version" => "版本",
        "carrier" => "承运商",
        "carrierName" => "承运商名称",
        "currency" => "币种",
        "weightUnit" => "重量单位",
        "dimUnit" => "尺寸单位",
        "priceType" => "价格类型",
        "bracketRule" => "重量段规则",
        "effectiveFrom" => "生效日期",
        "effectiveTo" => "失效日期",
        "source" => "来源",
        "illustrative" => "示例数据",
        "sellOnly" => "仅售价",
        "hash" => "哈希",
        "serviceCode" => "服务代码",
        "serviceName" => "服务名称",
        "servicePriceType" => "服务价格类型",
        "serviceEffectiveFrom" => "服务生效日期",
        "serviceEffectiveTo" => "服务失效日期",
        "serviceBracketRule" => "服务重量段规则",
        "zoneTables" => "分区方案",
        "fallbackZoneTables" => "备用分区方案",
        "tableKey" => "计价依据",
        "cubicDimRounding" => "立方尺寸取整",
        "cubicTierRounding" => "立方档位取整",
        "dimDivisor" => "材积除数",
        "dimThreshold" => "材积起算体积",
        "dimRounding" => "尺寸取整",
        "dimResultRounding" => "材积重取整",
        "dimZones" => "材积适用分区",
        "weightRounding" => "重量取整",
        "minCharge" => "最低收费",
        "maxCharge" => "最高收费",
        "surcharges" => "附加费",
        "transitDays" => "时效天数",
        _ => "",
    }
}

/// What each Info key means (the note on its cell).
fn info_note(key: &str) -> &'static str {
    match key {
        "id" => "Card id, such as acme-2026. Required.",
        "version" => "Edition label (optional); id + version identify the card.",
        "carrier" => "Carrier code, lower case (usps, ontrac, gofo). Required.",
        "carrierName" => "Carrier name for display.",
        "currency" => "ISO 4217 code of every amount (default USD).",
        "weightUnit" => "oz, lb, g or kg: the unit of every weight in the workbook (default lb).",
        "dimUnit" => "in or cm: the unit of every length (default in).",
        "priceType" => "retail, commercial or contract (descriptive).",
        "bracketRule" => "notOver (default): a row covers (previous upTo, upTo]; under: [previous upTo, upTo).",
        "effectiveFrom" => "First day the card is in force, YYYY-MM-DD (blank = always).",
        "effectiveTo" => "Last day the card is in force, inclusive (blank = open).",
        "source" => "Where the numbers come from.",
        "illustrative" => "TRUE when the prices are made up.",
        "sellOnly" => "TRUE for a sell-price card derived for customers.",
        "hash" => "Content hash sha256:… (optional; checked on load).",
        "serviceCode" => "One column per service, from column B: the service code, used in the price sheets' service column.",
        "serviceName" => "Display name of the service.",
        "servicePriceType" => "Overrides the card's priceType for this service.",
        "serviceEffectiveFrom" => "Narrows the card's period for this service.",
        "serviceEffectiveTo" => "Narrows the card's period for this service.",
        "serviceBracketRule" => "Overrides the card's bracketRule for this service.",
        "zoneTables" => "Zone table(s) the service looks the zone up in, first match wins (comma list; a single name followed by a comma is a list of one).",
        "fallbackZoneTables" => "Zone tables tried after zoneTables, looked up by name when quoting ([] = an empty list).",
        "tableKey" => "weight (default) or cubic (rows are cubic-foot tiers).",
        "cubicDimRounding" => "Cubic tables: rounding of each side, such as down 0.25.",
        "cubicTierRounding" => "Cubic tables: rounding of the cubic feet, such as up 0.1.",
        "dimDivisor" => "Dimensional weight divisor (dimUnit³ per weightUnit), such as 139 or 6000; blank = no dimensional weight.",
        "dimThreshold" => "Dimensional weight only when the volume is over this (such as 1728).",
        "dimRounding" => "Rounding of each side before multiplying: up 1, nearest 1, down 0.25 …",
        "dimResultRounding" => "Rounding of the dimensional weight: up 1 …",
        "dimZones" => "Zones the dimensional weight applies to (comma list; blank = all).",
        "weightRounding" => "Billable weight rounding by band: over 0: up 0.25; over 1: up 1 (the last band whose over is below the weight applies).",
        "minCharge" => "Lowest base freight.",
        "maxCharge" => "Highest base freight.",
        "surcharges" => "Codes of the Surcharges sheet this service charges, in computing order (comma list).",
        "transitDays" => "Business days per zone column of the service's table, comma list (- = unknown).",
        _ => "",
    }
}

fn info_row(sheet: &mut Sheet, key: &str, values: Vec<Cell>) {
    let zh = info_zh(key);
    let name = if zh.is_empty() { key.to_string() } else { format!("{key} ({zh})") };
    let mut row = vec![t(name)];
    row.extend(values);
    let r = sheet.push(row);
    let note = info_note(key);
    if !note.is_empty() {
        sheet.notes.push((r, 0, note.to_string()));
    }
}

fn info_sheet(doc: &CardDoc) -> Sheet {
    let mut s = Sheet::new(SheetKind::Info.title());
    let mut head = vec!["field (字段)", "value (值)"];
    let extra: Vec<String> = (2..=doc.services.len()).map(|i| format!("service {i}")).collect();
    head.extend(extra.iter().map(String::as_str));
    s.header(&head);
    info_row(&mut s, "id", vec![t(doc.id.clone())]);
    info_row(&mut s, "version", vec![opt_t(&doc.version)]);
    info_row(&mut s, "carrier", vec![t(doc.carrier.clone())]);
    info_row(&mut s, "carrierName", vec![opt_t(&doc.carrier_name)]);
    info_row(&mut s, "currency", vec![t(doc.currency.clone())]);
    info_row(&mut s, "weightUnit", vec![t(doc.weight_unit.as_str())]);
    info_row(&mut s, "dimUnit", vec![t(doc.dim_unit.as_str())]);
    info_row(&mut s, "priceType", vec![doc.price_type.map_or(Cell::Empty, |p| t(price_type_text(p)))]);
    info_row(&mut s, "bracketRule", vec![t(rule_text(doc.bracket_rule))]);
    info_row(&mut s, "effectiveFrom", vec![date_cell(&Some(doc.effective), false)]);
    info_row(&mut s, "effectiveTo", vec![date_cell(&Some(doc.effective), true)]);
    info_row(&mut s, "source", vec![opt_t(&doc.source)]);
    info_row(&mut s, "illustrative", vec![Cell::Bool(doc.illustrative)]);
    if doc.sell_only {
        info_row(&mut s, "sellOnly", vec![Cell::Bool(true)]);
    }
    if doc.hash.is_some() {
        info_row(&mut s, "hash", vec![opt_t(&doc.hash)]);
    }
    if doc.services.is_empty() {
        widths(&mut s, &[34.0, 40.0]);
        return s;
    }
    s.push(vec![]);
    let svc = &doc.services;
    type Get = fn(&ServiceDef) -> Cell;
    let rows: [(&str, bool, Get); 21] = [
        ("serviceCode", true, |x| t(x.code.clone())),
        ("serviceName", true, |x| t(x.name.clone())),
        ("servicePriceType", false, |x| x.price_type.map_or(Cell::Empty, |p| t(price_type_text(p)))),
        ("serviceEffectiveFrom", false, |x| date_cell(&x.effective, false)),
        ("serviceEffectiveTo", false, |x| date_cell(&x.effective, true)),
        ("serviceBracketRule", false, |x| x.bracket_rule.map_or(Cell::Empty, |r| t(rule_text(r)))),
        ("zoneTables", true, |x| match &x.zones {
            OneOrMany::One(z) => t(z.clone()),
            OneOrMany::Many(v) if v.len() == 1 => t(format!("{},", v.join(""))),
            OneOrMany::Many(v) => t(list_text(v)),
        }),
        ("fallbackZoneTables", false, |x| x.fallback_zones.as_ref().map_or(Cell::Empty, |v| t(list_text(v)))),
        ("tableKey", false, |x| if x.table.key == TableKey::Cubic { t("cubic") } else { Cell::Empty }),
        ("cubicDimRounding", false, |x| {
            x.table.cubic.as_ref().map_or(Cell::Empty, |c| t(rounding_text(&c.dim_rounding)))
        }),
        ("cubicTierRounding", false, |x| {
            x.table.cubic.as_ref().map_or(Cell::Empty, |c| t(rounding_text(&c.tier_rounding)))
        }),
        ("dimDivisor", true, |x| x.billable.dim_weight.as_ref().map_or(Cell::Empty, |d| dec(d.divisor))),
        ("dimThreshold", true, |x| x.billable.dim_weight.as_ref().and_then(|d| d.threshold).map_or(Cell::Empty, dec)),
        ("dimRounding", true, |x| {
            x.billable
                .dim_weight
                .as_ref()
                .and_then(|d| d.dim_rounding.as_ref())
                .map_or(Cell::Empty, |r| t(rounding_text(r)))
        }),
        ("dimResultRounding", true, |x| {
            x.billable
                .dim_weight
                .as_ref()
                .and_then(|d| d.result_rounding.as_ref())
                .map_or(Cell::Empty, |r| t(rounding_text(r)))
        }),
        ("dimZones", false, |x| {
            x.billable.dim_weight.as_ref().and_then(|d| d.zones.as_ref()).map_or(Cell::Empty, |z| t(list_text(z)))
        }),
        ("weightRounding", true, |x| {
            let bands: Vec<String> = x
                .billable
                .rounding
                .iter()
                .map(|b| {
                    format!("over {}: {}", b.over, rounding_text(&Rounding { mode: b.mode, increment: b.increment }))
                })
                .collect();
            if bands.is_empty() {
                Cell::Empty
            } else {
                t(bands.join("; "))
            }
        }),
        ("minCharge", true, |x| opt_money(x.min_charge)),
        ("maxCharge", true, |x| opt_money(x.max_charge)),
        ("surcharges", true, |x| if x.surcharges.is_empty() { Cell::Empty } else { t(x.surcharges.join(", ")) }),
        ("transitDays", true, |x| {
            x.transit_days.as_ref().map_or(Cell::Empty, |v| {
                t(v.iter().map(|d| d.map_or("-".to_string(), |d| d.to_string())).collect::<Vec<_>>().join(", "))
            })
        }),
    ];
    for (key, always, get) in rows {
        let cells: Vec<Cell> = svc.iter().map(get).collect();
        if always || cells.iter().any(|c| !c.is_blank()) {
            info_row(&mut s, key, cells);
        }
    }
    let mut w = vec![34.0];
    w.extend(std::iter::repeat_n(36.0, svc.len().max(1)));
    widths(&mut s, &w);
    s
}

/// 总价表 / 单价表.
fn grid_sheet(doc: &CardDoc, kind: SheetKind, mode: RowMode) -> Option<Sheet> {
    let mut s = Sheet::new(kind.title());
    let mut last_zones: Option<&Vec<String>> = None;
    for svc in &doc.services {
        let rows: Vec<&RowDef> = svc.table.rows.iter().filter(|r| r.mode == mode).collect();
        if rows.is_empty() {
            continue;
        }
        if last_zones != Some(&svc.table.zones) {
            if last_zones.is_some() {
                s.push(vec![]);
            }
            header(&mut s, FLAT_HEAD, &svc.table.zones);
            last_zones = Some(&svc.table.zones);
        }
        for r in rows {
            let mut row = vec![t(svc.code.clone()), opt_dec(r.up_to)];
            for p in r.prices.iter().flat_map(|v| v.iter()) {
                row.push(opt_money(*p));
            }
            s.push(row);
        }
    }
    if s.rows.is_empty() {
        return None;
    }
    widths(&mut s, &[30.0, 16.0]);
    Some(s)
}

fn continuation_sheet(doc: &CardDoc) -> Option<Sheet> {
    let mut s = Sheet::new(SheetKind::Continuation.title());
    header(&mut s, CONT_HEAD, &[]);
    for svc in &doc.services {
        let zones = &svc.table.zones;
        for r in &svc.table.rows {
            match r.mode {
                RowMode::Step => {
                    let pick = |v: &Option<OneOrMany<Decimal>>, j: usize| match v {
                        Some(OneOrMany::One(x)) if j == 0 => dec(*x),
                        Some(OneOrMany::Many(xs)) => xs.get(j).copied().map_or(Cell::Empty, dec),
                        _ => Cell::Empty,
                    };
                    for (j, z) in zones.iter().enumerate() {
                        s.push(vec![
                            t(svc.code.clone()),
                            opt_dec(r.up_to),
                            label_cell(z),
                            pick(&r.first, j),
                            r.first_price.as_ref().and_then(|v| v.get(j).copied().flatten()).map_or(Cell::Empty, money),
                            pick(&r.step, j),
                            r.step_price.as_ref().and_then(|v| v.get(j).copied()).map_or(Cell::Empty, money),
                        ]);
                    }
                }
                RowMode::Progressive => {
                    for tier in r.tiers.iter().flatten() {
                        for (j, z) in zones.iter().enumerate() {
                            s.push(vec![
                                t(svc.code.clone()),
                                opt_dec(r.up_to),
                                label_cell(z),
                                Cell::Empty,
                                Cell::Empty,
                                dec(tier.step),
                                tier.step_price.get(j).copied().map_or(Cell::Empty, money),
                                dec(tier.over),
                                opt_dec(tier.up_to),
                            ]);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    if s.rows.len() == 1 {
        return None;
    }
    widths(&mut s, &[30.0, 16.0, 10.0, 12.0, 16.0, 16.0, 16.0, 12.0, 18.0]);
    Some(s)
}

fn special_sheet(doc: &CardDoc) -> Result<Option<Sheet>> {
    let mut s = Sheet::new(SheetKind::Special.title());
    let mut last_zones: Option<&Vec<String>> = None;
    for (i, svc) in doc.services.iter().enumerate() {
        for (j, sp) in svc.table.special.iter().enumerate() {
            if last_zones != Some(&svc.table.zones) {
                if last_zones.is_some() {
                    s.push(vec![]);
                }
                header(&mut s, SPECIAL_HEAD, &svc.table.zones);
                last_zones = Some(&svc.table.zones);
            }
            let when = cond::to_text(&sp.when).ok_or_else(|| {
                unexpressible(&format!("services[{i}].table.special[{j}].when"), "this condition has no text form")
            })?;
            let mut row = vec![t(svc.code.clone()), t(sp.code.clone()), opt_t(&sp.label), t(when)];
            row.extend(sp.prices.iter().map(|p| opt_money(*p)));
            s.push(row);
        }
    }
    if s.rows.is_empty() {
        return Ok(None);
    }
    widths(&mut s, &[30.0, 14.0, 40.0, 44.0]);
    Ok(Some(s))
}

fn limits_sheet(doc: &CardDoc) -> Option<Sheet> {
    let mut s = Sheet::new(SheetKind::Limits.title());
    header(&mut s, LIMIT_HEAD, &[]);
    for svc in &doc.services {
        for l in &svc.limits {
            s.push(vec![
                t(svc.code.clone()),
                t(cond::measure_name(l.measure)),
                dec(l.max),
                opt_t(&l.code),
                opt_t(&l.message),
            ]);
        }
    }
    if s.rows.len() == 1 {
        return None;
    }
    widths(&mut s, &[30.0, 18.0, 10.0, 18.0, 60.0]);
    Some(s)
}

fn surcharge_sheets(doc: &CardDoc) -> Result<(Option<Sheet>, Option<Sheet>)> {
    if doc.surcharges.is_empty() {
        return Ok((None, None));
    }
    let mut s = Sheet::new(SheetKind::Surcharges.title());
    header(&mut s, SURCHARGE_HEAD, &[]);
    let mut tables = Sheet::new(SheetKind::SurchargeTables.title());
    let mut last_zones: Option<&Vec<String>> = None;
    for (i, sc) in doc.surcharges.iter().enumerate() {
        let c = &sc.charge;
        let when = match &sc.when {
            None => Cell::Empty,
            Some(w) => t(cond::to_text(w)
                .ok_or_else(|| unexpressible(&format!("surcharges[{i}].when"), "this condition has no text form"))?),
        };
        let is_table = c.kind == ChargeType::Table;
        let tiers = match (&c.rows, is_table) {
            (Some(rows), false) => t(rows
                .iter()
                .map(|r| {
                    format!(
                        "{}={}",
                        r.up_to.map_or("*".to_string(), |u| u.to_string()),
                        r.amount.map_or(String::new(), |a| a.to_string())
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")),
            _ => Cell::Empty,
        };
        let amounts = c.amounts.as_ref().map_or(Cell::Empty, |v| {
            t(v.iter().map(|a| a.map_or(String::new(), |a| a.to_string())).collect::<Vec<_>>().join(", "))
        });
        let zones = if is_table { Cell::Empty } else { c.zones.as_ref().map_or(Cell::Empty, |z| t(list_text(z))) };
        s.push(vec![
            t(sc.code.clone()),
            t(sc.label.clone()),
            when,
            t(charge_type_text(c.kind)),
            opt_money(c.amount),
            opt_dec(c.percent),
            c.of.as_ref().map_or(Cell::Empty, |o| t(list_text(o))),
            c.unit.map_or(Cell::Empty, |u| t(u.as_str())),
            zones,
            amounts,
            tiers,
            opt_t(&sc.group),
            opt_dec(sc.min_billable_weight),
            date_cell(&sc.effective, false),
            date_cell(&sc.effective, true),
        ]);
        if is_table {
            let zones = c.zones.clone().unwrap_or_default();
            if last_zones != c.zones.as_ref() {
                if last_zones.is_some() {
                    tables.push(vec![]);
                }
                header(&mut tables, STABLE_HEAD, &zones);
                last_zones = c.zones.as_ref();
            }
            for r in c.rows.iter().flatten() {
                let mut row = vec![t(sc.code.clone()), opt_dec(r.up_to)];
                row.extend(r.amounts.iter().flat_map(|v| v.iter()).map(|a| opt_money(*a)));
                tables.push(row);
            }
        }
    }
    widths(&mut s, &[24.0, 36.0, 44.0, 12.0, 10.0, 10.0, 14.0, 8.0, 18.0, 24.0, 24.0, 16.0, 14.0, 14.0, 14.0]);
    widths(&mut tables, &[24.0, 14.0]);
    let tables = (!tables.rows.is_empty()).then_some(tables);
    Ok((Some(s), tables))
}

fn zip_sets_sheet(doc: &CardDoc) -> Option<Sheet> {
    if doc.zip_sets.is_empty() {
        return None;
    }
    let mut s = Sheet::new(SheetKind::ZipSets.title());
    header(&mut s, ZIPSET_HEAD, &[]);
    for (name, zips) in &doc.zip_sets {
        for part in split_for_cells(zips, MAX_CELL_CHARS) {
            s.push(vec![t(name.clone()), t(part)]);
        }
    }
    s.text_columns = vec![1];
    widths(&mut s, &[20.0, 100.0]);
    Some(s)
}

fn zone_sheets(doc: &CardDoc) -> Result<Vec<Sheet>> {
    if doc.zone_tables.is_empty() {
        return Ok(Vec::new());
    }
    let mut tables = Sheet::new(SheetKind::ZoneTables.title());
    header(&mut tables, ZONETABLE_HEAD, &[]);
    let mut hubs = Sheet::new(SheetKind::Hubs.title());
    header(&mut hubs, HUB_HEAD, &[]);
    let mut zones = Sheet::new(SheetKind::Zones.title());
    header(&mut zones, ZONE_HEAD, &[]);
    for (name, z) in &doc.zone_tables {
        tables.push(vec![
            t(name.clone()),
            t(match z.kind {
                ZoneKind::Zip3 => "zip3",
                ZoneKind::Zip5 => "zip5",
            }),
            t(z.labels.join(", ")),
            date_cell(&z.effective, false),
            date_cell(&z.effective, true),
            opt_t(&z.warning),
        ]);
        for (origin, chart) in z.origins.iter().flatten() {
            let bytes = chart.as_bytes();
            if bytes.len() != 1000 {
                return Err(unexpressible(
                    &format!("zoneTables.{name}.origins.{origin}"),
                    "the chart row is not 1000 characters",
                ));
            }
            let mut i = 0;
            while i < bytes.len() {
                let c = bytes.get(i).copied().unwrap_or(b'-');
                let mut j = i;
                while bytes.get(j + 1) == Some(&c) {
                    j += 1;
                }
                if c != b'-' {
                    let idx = match c {
                        b'1'..=b'9' => (c - b'1') as usize,
                        b'A'..=b'Z' => (c - b'A') as usize + 9,
                        _ => usize::MAX,
                    };
                    let label = z.labels.get(idx).ok_or_else(|| {
                        unexpressible(
                            &format!("zoneTables.{name}.origins.{origin}"),
                            &format!("character {:?} is not a zone of the table", c as char),
                        )
                    })?;
                    let dest = if i == j { format!("{i:03}") } else { format!("{i:03}-{j:03}") };
                    zones.push(vec![t(name.clone()), t(origin.clone()), t(dest), label_cell(label)]);
                }
                i = j + 1;
            }
        }
        for e in z.exceptions.iter().flatten() {
            let dest = if e.from == e.to { e.from.clone() } else { format!("{}-{}", e.from, e.to) };
            zones.push(vec![t(name.clone()), t(e.origin.clone()), t(dest), label_cell(&e.zone)]);
        }
        for h in z.hubs.iter().flatten() {
            let origins = split_for_cells(&h.origins, MAX_CELL_CHARS);
            let exclude = h.exclude.as_deref().map(|e| split_for_cells(e, MAX_CELL_CHARS)).unwrap_or_default();
            for k in 0..origins.len().max(exclude.len()) {
                hubs.push(vec![
                    t(name.clone()),
                    t(h.code.clone()),
                    origins.get(k).map_or(Cell::Empty, |o| t(o.clone())),
                    exclude.get(k).map_or(Cell::Empty, |e| t(e.clone())),
                ]);
            }
            for (label, list) in &h.zones {
                for part in split_for_cells(list, MAX_CELL_CHARS) {
                    zones.push(vec![t(name.clone()), t(h.code.clone()), t(part), label_cell(label)]);
                }
            }
        }
    }
    widths(&mut tables, &[28.0, 8.0, 30.0, 14.0, 14.0, 60.0]);
    widths(&mut hubs, &[28.0, 10.0, 60.0, 60.0]);
    widths(&mut zones, &[22.0, 20.0, 60.0, 10.0]);
    hubs.text_columns = vec![2, 3];
    zones.text_columns = vec![1, 2, 3];
    tables.text_columns = vec![2];
    let mut out = vec![tables];
    if hubs.rows.len() > 1 {
        out.push(hubs);
    }
    if zones.rows.len() > 1 {
        out.push(zones);
    }
    Ok(out)
}

fn unexpressible(path: &str, why: &str) -> Error {
    Error::new(
        ErrorCode::NotExpressible,
        path,
        format!(
            "{why}: the Excel template cannot express it, so the card is not exported (no data is dropped silently)"
        ),
    )
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

/// The first place two JSON values differ: (path, card value, workbook value).
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<(String, String, String)> {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => {
                        if let Some(d) = first_difference(p, q, &join(k)) {
                            return Some(d);
                        }
                    }
                    (p, q) => {
                        return Some((join(k), p.map_or("(absent)".into(), short), q.map_or("(absent)".into(), short)))
                    }
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(p, q, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            if x.len() != y.len() {
                return Some((path.to_string(), format!("{} entries", x.len()), format!("{} entries", y.len())));
            }
            None
        }
        _ if a == b => None,
        _ => Some((path.to_string(), short(a), short(b))),
    }
}

/// Writes a card as a workbook. Refuses (`not_expressible`, with the field) a card the
/// workbook would not give back exactly: the workbook is read back and compared.
pub fn export_book(doc: &CardDoc) -> Result<Book> {
    let mut book = Book::default();
    book.sheets.push(info_sheet(doc));
    if let Some(s) = grid_sheet(doc, SheetKind::Flat, RowMode::Flat) {
        book.sheets.push(s);
    }
    if let Some(s) = grid_sheet(doc, SheetKind::Unit, RowMode::Unit) {
        book.sheets.push(s);
    }
    if let Some(s) = continuation_sheet(doc) {
        book.sheets.push(s);
    }
    if let Some(s) = special_sheet(doc)? {
        book.sheets.push(s);
    }
    if let Some(s) = limits_sheet(doc) {
        book.sheets.push(s);
    }
    let (sur, tables) = surcharge_sheets(doc)?;
    book.sheets.extend(sur);
    book.sheets.extend(tables);
    book.sheets.extend(zip_sets_sheet(doc));
    book.sheets.extend(zone_sheets(doc)?);
    verify(doc, &book)?;
    Ok(book)
}

/// Reads the workbook back and compares it with the card.
fn verify(doc: &CardDoc, book: &Book) -> Result<()> {
    let back = import_book(book).map_err(|e| {
        Error::new(
            ErrorCode::NotExpressible,
            e.path(),
            format!("the exported workbook does not read back ({}): the card is not exported", e.message()),
        )
    })?;
    let a = serde_json::to_value(doc).map_err(|e| Error::new(ErrorCode::NotExpressible, "", e.to_string()))?;
    let b = serde_json::to_value(&back.doc).map_err(|e| Error::new(ErrorCode::NotExpressible, "", e.to_string()))?;
    if let Some((path, x, y)) = first_difference(&a, &b, "") {
        return Err(unexpressible(&path, &format!("the card has {x} where the workbook would give {y}")));
    }
    Ok(())
}

/// The example card of the template: one service per pricing mode (flat; unit price;
/// first weight + continuation; flat then unit; flat then excess tiers), a zip5 zone
/// table, a ZIP set, surcharges of several kinds, limits and a special row.
pub fn template_card() -> Result<CardDoc> {
    crate::card::parse_card(include_str!("template-card.json"))
}

const README: &[&str] = &[
    "zonerate rate-card template / 报价表导入模板",
    "",
    "One workbook = one rate card. Fill the sheets, then run: zonerate import this.xlsx -o card.json",
    "一个工作簿 = 一张报价卡。填写后运行 zonerate import 模板.xlsx -o card.json",
    "",
    "基本信息 Info: the card (column B) and one column per service (serviceCode row, from column B).",
    "总价表 Flat: mode 1 rows (fee = cell), and the flat rows of modes 4 and 5.",
    "单价表 Unit: mode 2 rows (fee = cell × weight), and the heavy rows of mode 4.",
    "续重价表 Continuation: mode 3 (first weight F, first price PF, step S, step price PS, per zone) and the excess tiers of mode 5 (lines with over).",
    "特殊价格 Special: rows chosen by a condition (oversized). 限制 Limits: what a service cannot take.",
    "附加费 Surcharges, 附加费价格表 SurchargeTables, 邮编集 ZipSets: surcharges and the ZIP lists they use.",
    "分区方案 ZoneTables, 入仓点 Hubs, 分区 Zones: zone tables (zip3: origin, destination ZIP3, zone; zip5: hub, ZIP list, zone).",
    "Only the Info sheet and the price rows of each service are required; leave out sheets you do not need.",
    "",
    "Rows: rows are weight brackets (upTo = weight not over, in the card's weightUnit); columns are zones.",
    "Blank price cell = no service. Rows whose first cell starts with # are comments. Do not merge cells.",
    "Numbers: type them as numbers (5 is read as 5.00 in price columns) or as text for exact digits.",
    "ZIP codes: keep those columns as text so that leading zeros stay (02134).",
    "",
    "Conditions (when): residential | commercial | zones=5,6 | destIn=das | destNotIn=x | options=signature",
    "  | packaging=tube,roll | weight>50 | length<=30 (> is over, <= is up to) | any(a | b) | always; join with ;",
    "  Measures: weight, billableWeight, length, width, height, girth, lengthPlusGirth, volume, declaredValue.",
    "Roundings: up 1 | down 0.25 | nearest 1.  Weight rounding bands: over 0: up 0.25; over 1: up 1.",
    "",
    "The example rows (services example_*) show one service per pricing mode: replace them with your own.",
    "Full reference: docs/excel-template.md of zonerate.",
];

/// The annotated template: the example card written as a workbook, with a Readme sheet
/// and notes on every header.
pub fn template_book() -> Result<Book> {
    let mut book = export_book(&template_card()?)?;
    let mut readme = Sheet::new(SheetKind::Readme.title());
    for line in README {
        readme.push(vec![t(*line)]);
    }
    readme.header_rows = vec![0];
    readme.widths = vec![(0, 120.0)];
    book.sheets.insert(0, readme);
    // Empty sheets for what the example does not use, so every sheet is there to fill.
    let present: Vec<SheetKind> = book.sheets.iter().filter_map(|s| SheetKind::identify(&s.name)).collect();
    for kind in SheetKind::ALL {
        if present.contains(&kind) {
            continue;
        }
        let mut s = Sheet::new(kind.title());
        match kind {
            SheetKind::Flat | SheetKind::Unit => {
                header(&mut s, FLAT_HEAD, &["2".into(), "5".into(), "8".into()]);
            }
            SheetKind::Continuation => {
                header(&mut s, CONT_HEAD, &[]);
            }
            SheetKind::Special => {
                header(&mut s, SPECIAL_HEAD, &["2".into(), "5".into(), "8".into()]);
            }
            SheetKind::Limits => {
                header(&mut s, LIMIT_HEAD, &[]);
            }
            SheetKind::SurchargeTables => {
                header(&mut s, STABLE_HEAD, &["2".into(), "5".into(), "8".into()]);
            }
            SheetKind::ZipSets => {
                header(&mut s, ZIPSET_HEAD, &[]);
            }
            SheetKind::Hubs => {
                header(&mut s, HUB_HEAD, &[]);
            }
            SheetKind::Zones => {
                header(&mut s, ZONE_HEAD, &[]);
            }
            _ => continue,
        }
        let pos = book
            .sheets
            .iter()
            .position(|x| SheetKind::identify(&x.name).is_some_and(|k| k > kind))
            .unwrap_or(book.sheets.len());
        book.sheets.insert(pos, s);
    }
    Ok(book)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_reads_back_as_the_example_card() {
        let book = template_book().unwrap();
        let back = import_book(&book).unwrap();
        assert_eq!(back.doc, template_card().unwrap());
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(book.sheets.len(), SheetKind::ALL.len());
    }

    #[test]
    fn every_shipped_card_round_trips_in_memory() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("cards");
        for dir in std::fs::read_dir(&root).unwrap() {
            for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
                let p = f.unwrap().path();
                let doc = crate::card::parse_card(&std::fs::read_to_string(&p).unwrap()).unwrap();
                let book = export_book(&doc).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                assert_eq!(import_book(&book).unwrap().doc, doc, "{}", p.display());
            }
        }
    }

    #[test]
    fn export_refuses_what_it_cannot_say() {
        let mut doc = template_card().unwrap();
        // A one-zone step row with a per-zone list of one `first`: the workbook can only
        // say "one value".
        doc.services[2].table.zones = vec!["2".into()];
        doc.services[2].table.rows[0].first = Some(OneOrMany::Many(vec![Decimal::ONE]));
        doc.services[2].table.rows[0].first_price = Some(vec![Some(Decimal::new(500, 2))].into());
        doc.services[2].table.rows[0].step_price = Some(vec![Decimal::new(80, 2)]);
        let e = export_book(&doc).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotExpressible);
        assert_eq!(e.path(), "services[2].table.rows[0].first");
    }
}
