//! What changed between two editions of a card: every price cell (service, row, zone,
//! old → new, % change), rows, zones and services added or removed, surcharge amounts,
//! other fields; and the average change by zone and by weight band.

use crate::card::format::{CardDoc, OneOrMany, RowDef, RowMode, ServiceDef, TableKey};
use crate::units::WeightUnit;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use serde_json::Value;

/// One price cell that changed (or appeared, or went).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CellChange {
    /// Service code.
    pub service: String,
    /// The row: its `upTo` (`None` = the open-ended last row).
    pub up_to: Option<Decimal>,
    /// What the row is: `flat`, `unit`, `step`, `progressive`, or `special:<code>`.
    pub row: String,
    /// Which number of the row: `price`, `first`, `firstPrice`, `step`, `stepPrice`,
    /// `tier>2 stepPrice`, …
    pub field: String,
    /// Zone label.
    pub zone: String,
    /// Old value (`None` = empty cell).
    pub old: Option<Decimal>,
    /// New value.
    pub new: Option<Decimal>,
    /// (new − old) / old × 100, two decimals; `None` when either is empty or old is 0.
    pub pct: Option<Decimal>,
    /// Weight band of the row (`≤ 1 lb` …, `cubic`, `special`).
    pub band: String,
}

/// A change that is not a price cell: a field of a service or of the card, a row or a
/// zone added or removed, a surcharge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherChange {
    /// Where: `services.usps_ground_advantage_commercial.billable.dimWeight.divisor`,
    /// `surcharges.ga_nonstandard_length_22.charge.amount`, …
    pub path: String,
    /// Old value as text (`(absent)` when there was none).
    pub old: String,
    /// New value as text.
    pub new: String,
}

/// Average change over a group of cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Zone label or weight band.
    pub key: String,
    /// Cells present in both editions.
    pub compared: usize,
    /// Of those, cells whose value changed.
    pub changed: usize,
    /// Mean % change over the compared cells (unchanged cells count as 0 %).
    pub mean_pct: Option<Decimal>,
    /// Smallest % change.
    pub min_pct: Option<Decimal>,
    /// Largest % change.
    pub max_pct: Option<Decimal>,
}

/// The differences between two cards.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardDiff {
    /// Services only in the old card.
    pub services_removed: Vec<String>,
    /// Services only in the new card.
    pub services_added: Vec<String>,
    /// Price cells that differ, in service, row and zone order.
    pub cells: Vec<CellChange>,
    /// Number of cells present in both editions with the same value.
    pub unchanged_cells: usize,
    /// Everything else that differs.
    pub other: Vec<OtherChange>,
    /// Average change by zone label, over the cells in both editions.
    pub by_zone: Vec<Summary>,
    /// Average change by weight band.
    pub by_band: Vec<Summary>,
}

const BANDS: [(&str, i64); 5] = [("≤ 1 lb", 1), ("1–5 lb", 5), ("5–10 lb", 10), ("10–20 lb", 20), ("20–70 lb", 70)];

fn band(up_to: Option<Decimal>, unit: WeightUnit, key: TableKey) -> String {
    if key == TableKey::Cubic {
        return "cubic".into();
    }
    let Some(u) = up_to else { return "> 70 lb".into() };
    let lb = unit.convert(u, WeightUnit::Lb);
    BANDS.iter().find(|(_, b)| lb <= Decimal::from(*b)).map_or("> 70 lb".to_string(), |(n, _)| n.to_string())
}

fn pct(old: Option<Decimal>, new: Option<Decimal>) -> Option<Decimal> {
    let (o, n) = (old?, new?);
    if o.is_zero() {
        return None;
    }
    Some(two_places((n - o) / o * Decimal::ONE_HUNDRED))
}

/// Rounded (half away from zero) and shown with two decimals.
fn two_places(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

fn mode_name(m: RowMode) -> &'static str {
    match m {
        RowMode::Flat => "flat",
        RowMode::Unit => "unit",
        RowMode::Step => "step",
        RowMode::Progressive => "progressive",
    }
}

fn text(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Null => return "(absent)".into(),
        other => other.to_string(),
    };
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(100).collect::<String>())
    } else {
        s
    }
}

/// Field-level differences between two JSON values, with `path` as prefix.
fn json_changes(a: &Value, b: &Value, path: &str, out: &mut Vec<OtherChange>) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().collect();
            keys.extend(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                let (p, q) = (x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null));
                json_changes(p, q, &join(k), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() && x.iter().all(|v| v.is_object()) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                json_changes(p, q, &format!("{path}[{i}]"), out);
            }
        }
        // Lists of codes or labels: what went and what came.
        (Value::Array(x), Value::Array(y)) if x.iter().chain(y).all(|v| !v.is_object() && !v.is_array()) && a != b => {
            let gone: Vec<String> = x.iter().filter(|v| !y.contains(v)).map(text).collect();
            let came: Vec<String> = y.iter().filter(|v| !x.contains(v)).map(text).collect();
            if gone.is_empty() && came.is_empty() {
                out.push(OtherChange { path: path.to_string(), old: text(a), new: text(b) });
            } else {
                let show = |v: &[String], sign: &str| {
                    if v.is_empty() {
                        "(none)".to_string()
                    } else {
                        v.iter().map(|s| format!("{sign}{s}")).collect::<Vec<_>>().join(", ")
                    }
                };
                out.push(OtherChange { path: path.to_string(), old: show(&gone, "-"), new: show(&came, "+") });
            }
        }
        _ if a == b => {}
        _ => out.push(OtherChange { path: path.to_string(), old: text(a), new: text(b) }),
    }
}

fn json(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

struct Ctx<'a> {
    service: &'a str,
    old_zones: &'a [String],
    new_zones: &'a [String],
    unit: WeightUnit,
    key: TableKey,
}

impl Ctx<'_> {
    /// Compares two per-zone lists, zone by zone (by label).
    #[allow(clippy::too_many_arguments)]
    fn cells(
        &self,
        diff: &mut CardDiff,
        compared: &mut Vec<(String, String, Option<Decimal>)>,
        up_to: Option<Decimal>,
        row: &str,
        field: &str,
        old: &[Option<Decimal>],
        new: &[Option<Decimal>],
    ) {
        let band = if row.starts_with("special") { "special".to_string() } else { band(up_to, self.unit, self.key) };
        for (j, z) in self.old_zones.iter().enumerate() {
            let Some(k) = self.new_zones.iter().position(|n| n == z) else { continue };
            let (o, n) = (old.get(j).copied().flatten(), new.get(k).copied().flatten());
            if o.is_some() && n.is_some() {
                compared.push((z.clone(), band.clone(), pct(o, n)));
            }
            // Decimals compare by value: "4" and "4.00" are the same price.
            if o != n {
                diff.cells.push(CellChange {
                    service: self.service.to_string(),
                    up_to,
                    row: row.to_string(),
                    field: field.to_string(),
                    zone: z.clone(),
                    old: o,
                    new: n,
                    pct: pct(o, n),
                    band: band.clone(),
                });
            } else if o.is_some() {
                diff.unchanged_cells += 1;
            }
        }
    }
}

fn per_zone(v: &Option<OneOrMany<Decimal>>, n: usize) -> Vec<Option<Decimal>> {
    match v {
        Some(OneOrMany::One(x)) => vec![Some(*x); n],
        Some(OneOrMany::Many(xs)) => xs.iter().map(|x| Some(*x)).collect(),
        None => vec![None; n],
    }
}

fn some(v: &[Decimal]) -> Vec<Option<Decimal>> {
    v.iter().map(|x| Some(*x)).collect()
}

/// A long list as its first three items, "…", the last and the count.
fn shorten(v: &[String]) -> String {
    match v {
        [a, b, c, .., last] if v.len() > 6 => format!("{a}, {b}, {c}, …, {last} ({} rows)", v.len()),
        _ => v.join(", "),
    }
}

fn bound_text(d: Option<Decimal>) -> String {
    d.map_or("no limit".into(), |d| d.to_string())
}

fn compare_rows(
    ctx: &Ctx<'_>,
    a: &RowDef,
    b: &RowDef,
    diff: &mut CardDiff,
    compared: &mut Vec<(String, String, Option<Decimal>)>,
) {
    let (no, nn) = (ctx.old_zones.len(), ctx.new_zones.len());
    let up = a.up_to;
    let row = mode_name(a.mode);
    match a.mode {
        RowMode::Flat | RowMode::Unit => {
            let (p, q) = (a.prices.clone().unwrap_or_default(), b.prices.clone().unwrap_or_default());
            ctx.cells(diff, compared, up, row, "price", &p, &q);
        }
        RowMode::Step => {
            ctx.cells(diff, compared, up, row, "first", &per_zone(&a.first, no), &per_zone(&b.first, nn));
            ctx.cells(
                diff,
                compared,
                up,
                row,
                "firstPrice",
                &a.first_price.clone().unwrap_or_default(),
                &b.first_price.clone().unwrap_or_default(),
            );
            ctx.cells(diff, compared, up, row, "step", &per_zone(&a.step, no), &per_zone(&b.step, nn));
            ctx.cells(
                diff,
                compared,
                up,
                row,
                "stepPrice",
                &some(a.step_price.as_deref().unwrap_or_default()),
                &some(b.step_price.as_deref().unwrap_or_default()),
            );
        }
        RowMode::Progressive => {
            let (ta, tb) = (a.tiers.clone().unwrap_or_default(), b.tiers.clone().unwrap_or_default());
            for x in &ta {
                let name = format!("tier>{}", x.over);
                match tb.iter().find(|y| y.over == x.over) {
                    Some(y) => {
                        ctx.cells(
                            diff,
                            compared,
                            up,
                            row,
                            &format!("{name} stepPrice"),
                            &some(&x.step_price),
                            &some(&y.step_price),
                        );
                        if x.step != y.step || x.up_to != y.up_to {
                            diff.other.push(OtherChange {
                                path: format!("services.{}.rows[upTo {}].{name}", ctx.service, bound_text(up)),
                                old: format!("step {} up to {}", x.step, bound_text(x.up_to)),
                                new: format!("step {} up to {}", y.step, bound_text(y.up_to)),
                            });
                        }
                    }
                    None => diff.other.push(OtherChange {
                        path: format!("services.{}.rows[upTo {}].{name}", ctx.service, bound_text(up)),
                        old: "present".into(),
                        new: "(absent)".into(),
                    }),
                }
            }
            for y in tb.iter().filter(|y| !ta.iter().any(|x| x.over == y.over)) {
                diff.other.push(OtherChange {
                    path: format!("services.{}.rows[upTo {}].tier>{}", ctx.service, bound_text(up), y.over),
                    old: "(absent)".into(),
                    new: "present".into(),
                });
            }
        }
    }
}

fn compare_services(
    a: &ServiceDef,
    b: &ServiceDef,
    old: &CardDoc,
    diff: &mut CardDiff,
    compared: &mut Vec<(String, String, Option<Decimal>)>,
) {
    let ctx = Ctx {
        service: &a.code,
        old_zones: &a.table.zones,
        new_zones: &b.table.zones,
        unit: old.weight_unit,
        key: a.table.key,
    };
    let sp = format!("services.{}", a.code);
    for z in a.table.zones.iter().filter(|z| !b.table.zones.contains(z)) {
        diff.other.push(OtherChange {
            path: format!("{sp}.table.zones"),
            old: format!("zone {z}"),
            new: "(removed)".into(),
        });
    }
    for z in b.table.zones.iter().filter(|z| !a.table.zones.contains(z)) {
        diff.other.push(OtherChange {
            path: format!("{sp}.table.zones"),
            old: "(absent)".into(),
            new: format!("zone {z} added"),
        });
    }
    let mut removed = Vec::new();
    for ra in &a.table.rows {
        match b.table.rows.iter().find(|rb| rb.up_to == ra.up_to) {
            Some(rb) if rb.mode == ra.mode => compare_rows(&ctx, ra, rb, diff, compared),
            Some(rb) => diff.other.push(OtherChange {
                path: format!("{sp}.rows[upTo {}].mode", bound_text(ra.up_to)),
                old: mode_name(ra.mode).into(),
                new: mode_name(rb.mode).into(),
            }),
            None => removed.push(format!("{} ({})", bound_text(ra.up_to), mode_name(ra.mode))),
        }
    }
    let added: Vec<String> = b
        .table
        .rows
        .iter()
        .filter(|rb| !a.table.rows.iter().any(|ra| ra.up_to == rb.up_to))
        .map(|rb| format!("{} ({})", bound_text(rb.up_to), mode_name(rb.mode)))
        .collect();
    if !removed.is_empty() {
        diff.other.push(OtherChange {
            path: format!("{sp}.rows"),
            old: format!("rows up to {}", shorten(&removed)),
            new: "(removed)".into(),
        });
    }
    if !added.is_empty() {
        diff.other.push(OtherChange {
            path: format!("{sp}.rows"),
            old: "(absent)".into(),
            new: format!("rows up to {} added", shorten(&added)),
        });
    }
    for x in &a.table.special {
        match b.table.special.iter().find(|y| y.code == x.code) {
            Some(y) => {
                ctx.cells(diff, compared, None, &format!("special:{}", x.code), "price", &x.prices, &y.prices);
                json_changes(&json(&x.when), &json(&y.when), &format!("{sp}.special.{}.when", x.code), &mut diff.other);
            }
            None => diff.other.push(OtherChange {
                path: format!("{sp}.special.{}", x.code),
                old: "special row".into(),
                new: "(removed)".into(),
            }),
        }
    }
    for y in b.table.special.iter().filter(|y| !a.table.special.iter().any(|x| x.code == y.code)) {
        diff.other.push(OtherChange {
            path: format!("{sp}.special.{}", y.code),
            old: "(absent)".into(),
            new: "special row added".into(),
        });
    }
    // Everything but the rows, field by field.
    let strip = |s: &ServiceDef| {
        let mut v = json(s);
        if let Some(t) = v.get_mut("table").and_then(Value::as_object_mut) {
            t.remove("rows");
            t.remove("special");
            t.remove("zones");
        }
        v
    };
    json_changes(&strip(a), &strip(b), &sp, &mut diff.other);
}

fn summarize(items: &[(String, String, Option<Decimal>)], by_zone: bool, order: &[String]) -> Vec<Summary> {
    let mut keys: Vec<String> = Vec::new();
    for (z, b, _) in items {
        let k = if by_zone { z } else { b };
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    keys.into_iter()
        .map(|k| {
            let pcts: Vec<Decimal> = items
                .iter()
                .filter(|(z, b, _)| if by_zone { *z == k } else { *b == k })
                .filter_map(|(_, _, p)| *p)
                .collect();
            let compared = items.iter().filter(|(z, b, _)| if by_zone { *z == k } else { *b == k }).count();
            let changed = pcts.iter().filter(|p| !p.is_zero()).count();
            let mean = (!pcts.is_empty()).then(|| two_places(pcts.iter().sum::<Decimal>() / Decimal::from(pcts.len())));
            Summary {
                key: k,
                compared,
                changed,
                mean_pct: mean,
                min_pct: pcts.iter().min().copied(),
                max_pct: pcts.iter().max().copied(),
            }
        })
        .collect()
}

/// Compares two cards (usually two editions of one carrier's card).
pub fn diff_cards(old: &CardDoc, new: &CardDoc) -> CardDiff {
    let mut diff = CardDiff::default();
    let mut compared = Vec::new();
    // Card fields other than services, surcharges and zone tables.
    let strip = |c: &CardDoc| {
        let mut v = json(c);
        if let Some(o) = v.as_object_mut() {
            for k in ["services", "surcharges", "zoneTables", "zipSets", "hash"] {
                o.remove(k);
            }
        }
        v
    };
    json_changes(&strip(old), &strip(new), "", &mut diff.other);
    for a in &old.services {
        match new.services.iter().find(|b| b.code == a.code) {
            Some(b) => compare_services(a, b, old, &mut diff, &mut compared),
            None => diff.services_removed.push(a.code.clone()),
        }
    }
    diff.services_added = new
        .services
        .iter()
        .filter(|b| !old.services.iter().any(|a| a.code == b.code))
        .map(|b| b.code.clone())
        .collect();
    // Surcharges by code.
    for a in &old.surcharges {
        let p = format!("surcharges.{}", a.code);
        match new.surcharges.iter().find(|b| b.code == a.code) {
            Some(b) => json_changes(&json(a), &json(b), &p, &mut diff.other),
            None => diff.other.push(OtherChange { path: p, old: a.label.clone(), new: "(removed)".into() }),
        }
    }
    for b in new.surcharges.iter().filter(|b| !old.surcharges.iter().any(|a| a.code == b.code)) {
        diff.other.push(OtherChange {
            path: format!("surcharges.{}", b.code),
            old: "(absent)".into(),
            new: b.label.clone(),
        });
    }
    for (name, a) in &old.zone_tables {
        match new.zone_tables.get(name) {
            Some(b) if json(a) == json(b) => {}
            Some(_) => diff.other.push(OtherChange {
                path: format!("zoneTables.{name}"),
                old: "…".into(),
                new: "changed".into(),
            }),
            None => diff.other.push(OtherChange {
                path: format!("zoneTables.{name}"),
                old: "…".into(),
                new: "(removed)".into(),
            }),
        }
    }
    for name in new.zone_tables.keys().filter(|n| !old.zone_tables.contains_key(n)) {
        diff.other.push(OtherChange {
            path: format!("zoneTables.{name}"),
            old: "(absent)".into(),
            new: "added".into(),
        });
    }
    json_changes(&json(&old.zip_sets), &json(&new.zip_sets), "zipSets", &mut diff.other);
    // Zones in label order (numbers first), bands in weight order.
    let mut zone_order: Vec<String> = compared.iter().map(|(z, _, _)| z.clone()).collect();
    zone_order.sort_by(|a, b| match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        _ => a.cmp(b),
    });
    zone_order.dedup();
    let band_order: Vec<String> =
        BANDS.iter().map(|(n, _)| n.to_string()).chain(["> 70 lb", "cubic", "special"].map(String::from)).collect();
    diff.by_zone = summarize(&compared, true, &zone_order);
    diff.by_band = summarize(&compared, false, &band_order);
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(rows: &str, extra: &str) -> CardDoc {
        crate::card::parse_card(&format!(
            r#"{{"format": "zonerate/1", "id": "t", "carrier": "t", {extra}
              "services": [{{"code": "s", "name": "S", "zones": "z",
                "table": {{"zones": ["2", "5"], "rows": [{rows}]}}}}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn cells_rows_and_summaries() {
        let old = card(
            r#"{"upTo": "1", "prices": ["5.00", "8.00"]}, {"upTo": "5", "prices": ["10.00", null]},
               {"upTo": "30", "mode": "step", "first": "5", "firstPrice": ["10.00", "12.00"], "step": "1", "stepPrice": ["1.00", "2.00"]}"#,
            r#""effective": {"from": "2026-01-01"},"#,
        );
        let new = card(
            r#"{"upTo": "1", "prices": ["5.50", "8.00"]}, {"upTo": "5", "prices": ["9.00", "12.00"]},
               {"upTo": "30", "mode": "step", "first": "5", "firstPrice": ["10.00", "12.60"], "step": "1", "stepPrice": ["1.00", "2.00"]},
               {"upTo": "40", "prices": ["50.00", "60.00"]}"#,
            r#""effective": {"from": "2026-07-01"},"#,
        );
        let d = diff_cards(&old, &new);
        // 5.00 → 5.50 is +10 %; 10.00 → 9.00 is −10 %; 12.00 → 12.60 is +5 %; zone 5 of
        // the 5 lb row was empty and now is 12.00 (no percentage).
        let got: Vec<(String, String, Option<String>)> =
            d.cells.iter().map(|c| (c.zone.clone(), c.field.clone(), c.pct.map(|p| p.to_string()))).collect();
        assert_eq!(
            got,
            vec![
                ("2".into(), "price".into(), Some("10.00".into())),
                ("2".into(), "price".into(), Some("-10.00".into())),
                ("5".into(), "price".into(), None),
                ("5".into(), "firstPrice".into(), Some("5.00".into())),
            ]
        );
        assert!(d.other.iter().any(|o| o.path == "effective.from" && o.old == "2026-01-01" && o.new == "2026-07-01"));
        assert!(
            d.other.iter().any(|o| o.path == "services.s.rows" && o.new == "rows up to 40 (flat) added"),
            "{:?}",
            d.other
        );
        // Zone 2 compared: 5.00→5.50 (+10), 10.00→9.00 (−10), first 5→5 (0), PF 10→10 (0),
        // step 1→1 (0), PS 1→1 (0): mean 0.00 over 6 cells, 2 changed.
        let z2 = d.by_zone.iter().find(|s| s.key == "2").unwrap();
        assert_eq!((z2.compared, z2.changed, z2.mean_pct.unwrap().to_string()), (6, 2, "0.00".into()));
        // Zone 5: 8→8 (0), first 0, PF 12→12.60 (+5), step 0, PS 0: 5 cells, mean 1.00.
        let z5 = d.by_zone.iter().find(|s| s.key == "5").unwrap();
        assert_eq!((z5.compared, z5.mean_pct.unwrap().to_string()), (5, "1.00".into()));
        let b1 = d.by_band.iter().find(|s| s.key == "≤ 1 lb").unwrap();
        assert_eq!((b1.compared, b1.max_pct.unwrap().to_string()), (2, "10.00".into()));
    }
}
