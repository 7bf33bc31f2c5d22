//! Checking a card beyond "it loads": every load error (not just the first), and
//! warnings about cards that load but are probably wrong — zones no price column
//! covers, prices that fall as the weight rises, surcharges that can never apply,
//! empty ZIP sets, periods already over.
//!
//! Warning codes (stable): `zone_not_priced`, `unused_zone_column`, `price_gap`,
//! `price_falls`, `surcharge_unused`, `surcharge_never_applies`, `surcharge_expired`,
//! `empty_zip_set`, `zip_set_unused`, `period_over`, `fallback_not_loaded`.

use crate::card::format::{CardDoc, Condition, LimitDef, Measure, RowMode, ServiceDef};
use crate::card::Card;
use crate::conditions::ZipSets;
use crate::date::{Date, Period};
use crate::error::Error;
use crate::pricing::Table;
use crate::vecmap::VecMap;
use crate::zones::ZoneTable;
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code: an [`crate::ErrorCode`] wire name for errors, a warning code above.
    pub code: String,
    /// Path of the field in the card (`services[0].table.rows[3]`).
    pub path: String,
    /// Sentence for people.
    pub message: String,
}

impl Finding {
    fn warn(code: &str, path: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding { code: code.to_string(), path: path.into(), message: message.into() }
    }
    fn from_error(e: &Error) -> Finding {
        Finding { code: e.code().as_str().to_string(), path: e.path().to_string(), message: e.message().to_string() }
    }
}

/// Errors (the card does not load) and warnings (it loads, but look at this).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Load errors, each with its path.
    pub errors: Vec<Finding>,
    /// Warnings.
    pub warnings: Vec<Finding>,
}

/// Checks a card. `shared` holds zone tables of other cards loaded before it (as the
/// engine would have them); `today` decides what is "already over".
pub fn validate(doc: &CardDoc, shared: &VecMap<Arc<ZoneTable>>, today: Date) -> Report {
    let mut r = Report::default();
    collect_errors(doc, shared, &mut r.errors);
    let zip_sets = ZipSets::compile(&doc.zip_sets, crate::json::Path::Root.key("zipSets")).ok();
    let labels_of = |name: &str| -> Option<Vec<String>> {
        doc.zone_tables.get(name).map(|t| t.labels.clone()).or_else(|| shared.get(name).map(|t| t.labels().to_vec()))
    };
    let w = &mut r.warnings;

    // Periods.
    if let Some(to) = doc.effective.to.filter(|t| *t < today) {
        w.push(Finding::warn("period_over", "effective.to", format!("the card's period ended on {to}")));
    }
    for (name, t) in &doc.zone_tables {
        if let Some(to) = t.effective.and_then(|p| p.to).filter(|t| *t < today) {
            w.push(Finding::warn(
                "period_over",
                format!("zoneTables.{name}.effective.to"),
                format!("zone table {name:?} ended on {to}"),
            ));
        }
    }

    // ZIP sets.
    let mut used_sets: Vec<&str> = Vec::new();
    for s in &doc.surcharges {
        if let Some(c) = &s.when {
            zip_set_refs(c, &mut used_sets);
        }
    }
    for sv in &doc.services {
        for sp in &sv.table.special {
            zip_set_refs(&sp.when, &mut used_sets);
        }
    }
    for (name, list) in &doc.zip_sets {
        if crate::zip::ZipPattern::parse_list(list).is_ok_and(|v| v.is_empty()) {
            w.push(Finding::warn(
                "empty_zip_set",
                format!("zipSets.{name}"),
                format!(
                    "ZIP set {name:?} lists no ZIP: a condition on it never holds (destIn) or always holds (destNotIn)"
                ),
            ));
        } else if !used_sets.contains(&name.as_str()) {
            w.push(Finding::warn(
                "zip_set_unused",
                format!("zipSets.{name}"),
                format!("no condition uses ZIP set {name:?}"),
            ));
        }
    }

    // Services.
    for (i, s) in doc.services.iter().enumerate() {
        let p = format!("services[{i}]");
        let svc_period = service_period(doc.effective, s.effective);
        if let Some(to) = s.effective.and_then(|e| e.to).filter(|t| *t < today) {
            w.push(Finding::warn("period_over", format!("{p}.effective.to"), format!("{:?} ended on {to}", s.code)));
        }
        // Zones the table prices vs zones the zone tables give.
        let mut seen_labels: Vec<String> = Vec::new();
        let fallback: Vec<String> = s.fallback_zones.clone().unwrap_or_default();
        for (j, name) in s.zones.as_slice().iter().chain(fallback.iter()).enumerate() {
            let is_fallback = j >= s.zones.as_slice().len();
            let Some(labels) = labels_of(name) else {
                if is_fallback {
                    w.push(Finding::warn(
                        "fallback_not_loaded",
                        format!("{p}.fallbackZones"),
                        format!("fallback zone table {name:?} is not loaded here (it is looked up when quoting; load its card to check it)"),
                    ));
                }
                continue;
            };
            let missing: Vec<&String> = labels.iter().filter(|l| !s.table.zones.contains(l)).collect();
            if !missing.is_empty() {
                w.push(Finding::warn(
                    "zone_not_priced",
                    format!("{p}.zones"),
                    format!(
                        "{:?}: zone{} {} of zone table {name:?} ha{} no column in the price table: destinations there are not served",
                        s.code,
                        if missing.len() > 1 { "s" } else { "" },
                        missing.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", "),
                        if missing.len() > 1 { "ve" } else { "s" }
                    ),
                ));
            }
            for l in labels {
                if !seen_labels.contains(&l) {
                    seen_labels.push(l);
                }
            }
        }
        let all_known = s.zones.as_slice().iter().all(|n| labels_of(n).is_some());
        if all_known {
            for (k, z) in s.table.zones.iter().enumerate() {
                if !seen_labels.contains(z) {
                    w.push(Finding::warn(
                        "unused_zone_column",
                        format!("{p}.table.zones[{k}]"),
                        format!("{:?}: no zone table of the service has zone {z:?}: its column is never used", s.code),
                    ));
                }
            }
        }
        price_gaps(s, &p, w);
        if let Some(sets) = &zip_sets {
            let rule = s.bracket_rule.unwrap_or(doc.bracket_rule);
            if let Ok(t) = Table::compile(&s.table, rule, sets, crate::json::Path::from(p.as_str()).key("table")) {
                price_falls(s, &t, doc, &p, w);
            }
        }
        // Surcharges listed by this service that can never apply to it.
        for code in &s.surcharges {
            let Some((k, sc)) = doc.surcharges.iter().enumerate().find(|(_, x)| &x.code == code) else { continue };
            let why = match &sc.when {
                Some(c) => never(c, s),
                None => None,
            }
            .or_else(|| {
                sc.effective
                    .and_then(|e| disjoint(e, svc_period))
                    .map(|d| format!("its period {d} is outside the service's"))
            });
            if let Some(why) = why {
                w.push(Finding::warn(
                    "surcharge_never_applies",
                    format!("surcharges[{k}]"),
                    format!("{code:?} can never apply to {:?}: {why}", s.code),
                ));
            }
        }
    }

    // Surcharges nobody charges, or whose time is over.
    for (k, sc) in doc.surcharges.iter().enumerate() {
        if !doc.services.iter().any(|s| s.surcharges.contains(&sc.code)) {
            w.push(Finding::warn(
                "surcharge_unused",
                format!("surcharges[{k}]"),
                format!("no service lists {:?}: it is never charged", sc.code),
            ));
        }
        if let Some(to) = sc.effective.and_then(|e| e.to).filter(|t| *t < today) {
            w.push(Finding::warn(
                "surcharge_expired",
                format!("surcharges[{k}].effective.to"),
                format!("{:?} ended on {to}", sc.code),
            ));
        }
    }
    r
}

fn service_period(card: Period, svc: Option<Period>) -> Period {
    let Some(s) = svc else { return card };
    Period {
        from: match (card.from, s.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        },
        to: match (card.to, s.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
    }
}

/// `Some(description)` when the two periods share no day.
fn disjoint(a: Period, b: Period) -> Option<String> {
    let before = matches!((a.to, b.from), (Some(t), Some(f)) if t < f);
    let after = matches!((a.from, b.to), (Some(f), Some(t)) if f > t);
    (before || after).then(|| {
        format!("{} to {}", a.from.map_or("…".into(), |d| d.to_string()), a.to.map_or("…".into(), |d| d.to_string()))
    })
}

fn zip_set_refs<'a>(c: &'a Condition, out: &mut Vec<&'a str>) {
    out.extend(c.dest_in.as_deref());
    out.extend(c.dest_not_in.as_deref());
    for a in c.any.iter().flatten() {
        zip_set_refs(a, out);
    }
}

/// Every load error: the card as a whole, then each service on its own (so that one
/// bad service does not hide the others).
fn collect_errors(doc: &CardDoc, shared: &VecMap<Arc<ZoneTable>>, out: &mut Vec<Finding>) {
    fn push(out: &mut Vec<Finding>, f: Finding) {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    let Err(first) = Card::compile(doc.clone(), shared) else { return };
    if doc.services.len() <= 1 {
        push(out, Finding::from_error(&first));
        return;
    }
    let mut base = doc.clone();
    base.services.clear();
    if let Err(e) = Card::compile(base.clone(), shared) {
        push(out, Finding::from_error(&e));
    }
    for (i, s) in doc.services.iter().enumerate() {
        let mut one = base.clone();
        one.services = vec![s.clone()];
        if let Err(e) = Card::compile(one, shared) {
            let mut f = Finding::from_error(&e);
            if let Some(rest) = f.path.strip_prefix("services[0]") {
                f.path = format!("services[{i}]{rest}");
            }
            push(out, f);
        }
    }
    // Cross-service errors (two services with one code) only show on the whole card.
    if out.is_empty() {
        push(out, Finding::from_error(&first));
    }
}

fn fmt_bound(d: Option<Decimal>) -> String {
    d.map_or("no limit".to_string(), |d| d.normalize().to_string())
}

/// Empty cells with priced cells below them in the same column.
fn price_gaps(s: &ServiceDef, p: &str, w: &mut Vec<Finding>) {
    for (k, zone) in s.table.zones.iter().enumerate() {
        let cells: Vec<(usize, Option<bool>)> = s
            .table
            .rows
            .iter()
            .enumerate()
            .map(|(j, r)| {
                let priced = match r.mode {
                    RowMode::Flat | RowMode::Unit => r.prices.as_ref().map(|v| v.get(k).is_some_and(Option::is_some)),
                    RowMode::Step => r.first_price.as_ref().map(|v| v.get(k).is_some_and(Option::is_some)),
                    RowMode::Progressive => None,
                };
                (j, priced)
            })
            .collect();
        let holes: Vec<usize> = cells
            .iter()
            .filter(|(j, pr)| *pr == Some(false) && cells.iter().any(|(x, q)| x > j && *q == Some(true)))
            .map(|(j, _)| *j)
            .collect();
        if let Some(first) = holes.first() {
            let bounds: Vec<String> =
                holes.iter().filter_map(|j| s.table.rows.get(*j)).map(|r| fmt_bound(r.up_to)).collect();
            w.push(Finding::warn(
                "price_gap",
                format!("{p}.table.rows[{first}]"),
                format!(
                    "{:?}, zone {zone}: no price in the row{} up to {} but prices in heavier rows",
                    s.code,
                    if holes.len() > 1 { "s" } else { "" },
                    bounds.join(", ")
                ),
            ));
        }
    }
}

/// Where the fee just above a row's bound is lower than at the bound.
fn price_falls(s: &ServiceDef, t: &Table, doc: &CardDoc, p: &str, w: &mut Vec<Finding>) {
    let eps = Decimal::new(1, 6);
    let under = s.bracket_rule.unwrap_or(doc.bracket_rule) == crate::card::format::BracketRule::Under;
    let billable = crate::billable::Billable::compile(&s.billable, crate::json::Path::Root.key("billable")).ok();
    let unit = if s.table.key == crate::card::format::TableKey::Cubic {
        "cu ft".to_string()
    } else {
        doc.weight_unit.as_str().to_string()
    };
    for (j, pair) in s.table.rows.windows(2).enumerate() {
        let [a, b] = pair else { continue };
        let Some(bound) = a.up_to else { continue };
        // The weights a quote can price on either side of the bound, after the
        // service's weight rounding (cubic tiers are not rounded here).
        let (below, above) = if under { (bound - eps, bound) } else { (bound, bound + eps) };
        let (below, above) = match &billable {
            Some(b) if s.table.key == crate::card::format::TableKey::Weight => match (b.round(below), b.round(above)) {
                (Some(x), Some(y)) => (x, y),
                _ => continue,
            },
            _ => (below, above),
        };
        if below == above {
            continue;
        }
        let mut falls = Vec::new();
        for (k, zone) in s.table.zones.iter().enumerate() {
            if let (Ok(x), Ok(y)) = (t.price(below, k), t.price(above, k)) {
                if crate::rounding::cents(y) < crate::rounding::cents(x) {
                    falls.push(format!("zone {zone} {} → {}", crate::rounding::cents(x), crate::rounding::cents(y)));
                }
            }
        }
        if !falls.is_empty() {
            let note = if b.mode == RowMode::Unit && a.mode == RowMode::Unit {
                " (whole-amount unit pricing does this at bracket bounds; check it is intended)"
            } else {
                ""
            };
            w.push(Finding::warn(
                "price_falls",
                format!("{p}.table.rows[{}]", j + 1),
                format!(
                    "{:?}: the price falls just over {} {unit}: {}{note}",
                    s.code,
                    bound.normalize(),
                    falls.join(", ")
                ),
            ));
        }
    }
}

/// The largest value a service lets through for a measure, from its limits.
fn limit_of(limits: &[LimitDef], m: Measure) -> Option<Decimal> {
    let direct = |m: Measure| limits.iter().filter(|l| l.measure == m).map(|l| l.max).min();
    match m {
        // The second and third sides are at most the longest side.
        Measure::Width | Measure::Height => {
            [direct(m), direct(Measure::Length), if m == Measure::Height { direct(Measure::Width) } else { None }]
                .into_iter()
                .flatten()
                .min()
        }
        _ => direct(m),
    }
}

/// Why a condition can never hold for a service, if it cannot.
fn never(c: &Condition, s: &ServiceDef) -> Option<String> {
    for (m, r, name) in c.ranges() {
        let Some(over) = r.as_ref().and_then(|r| r.over) else { continue };
        if let Some(max) = limit_of(&s.limits, m) {
            if over >= max {
                return Some(format!("it needs {name} over {over}, but the service takes at most {max}"));
            }
        }
    }
    if let Some(zones) = &c.zones {
        if !zones.iter().any(|z| s.table.zones.contains(z)) {
            return Some(format!("none of its zones ({}) is a zone of the service's table", zones.join(", ")));
        }
    }
    if let Some(any) = &c.any {
        let reasons: Vec<String> = any.iter().filter_map(|a| never(a, s)).collect();
        if !any.is_empty() && reasons.len() == any.len() {
            return Some(format!("no alternative of `any` can hold ({})", reasons.join("; ")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(json: &str) -> CardDoc {
        crate::card::parse_card(json).unwrap()
    }

    const BASE: &str = r#"{
      "format": "zonerate/1", "id": "t", "carrier": "t",
      "effective": {"from": "2026-01-01", "to": "2026-03-31"},
      "zoneTables": {"z": {"kind": "zip5", "labels": ["2", "5", "9"],
        "hubs": [{"code": "H", "origins": "85*", "zones": {"2": "85*", "5": "9*", "9": "0*"}}]}},
      "zipSets": {"das": "90210", "empty": ""},
      "surcharges": [
        {"code": "heavy", "label": "Heavy", "when": {"weight": {"over": "70"}}, "charge": {"type": "flat", "amount": "10.00"}},
        {"code": "das", "label": "DAS", "when": {"destIn": "das"}, "charge": {"type": "flat", "amount": "2.00"}},
        {"code": "old_fuel", "label": "Fuel", "effective": {"to": "2025-12-31"}, "charge": {"type": "percent", "percent": "10"}},
        {"code": "spare", "label": "Spare", "charge": {"type": "flat", "amount": "1.00"}}
      ],
      "services": [{
        "code": "s", "name": "S", "zones": "z",
        "limits": [{"measure": "weight", "max": "50"}],
        "table": {"zones": ["2", "5", "8"], "rows": [
          {"upTo": "1", "prices": ["5.00", null, "8.00"]},
          {"upTo": "5", "prices": ["7.00", "9.00", "7.50"]},
          {"upTo": "10", "mode": "unit", "prices": ["1.00", "2.00", "2.00"]}
        ]},
        "surcharges": ["heavy", "das", "old_fuel"]
      }]
    }"#;

    #[test]
    fn warnings_of_a_card_that_loads() {
        let r = validate(&card(BASE), &VecMap::new(), "2026-06-01".parse().unwrap());
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let codes: Vec<&str> = r.warnings.iter().map(|f| f.code.as_str()).collect();
        for c in [
            "period_over",
            "empty_zip_set",
            "zone_not_priced",
            "unused_zone_column",
            "price_gap",
            "price_falls",
            "surcharge_never_applies",
            "surcharge_unused",
            "surcharge_expired",
        ] {
            assert!(codes.contains(&c), "{c} missing in {:#?}", r.warnings);
        }
        let never = r.warnings.iter().find(|f| f.code == "surcharge_never_applies").unwrap();
        assert!(never.message.contains("over 70") && never.message.contains("at most 50"), "{}", never.message);
        // Zone 8: 8.00 up to 1 lb, 7.50 up to 5 lb: falls at 1 lb. Just over 5 lb the unit
        // row gives 2.00 × 5 = 10.00 > 9.00 (zone 5) and 7.00 → 5.00 in zone 2 (1.00 × 5).
        let falls: Vec<&Finding> = r.warnings.iter().filter(|f| f.code == "price_falls").collect();
        assert!(falls.iter().any(|f| f.message.contains("zone 8 8.00 → 7.50")), "{falls:#?}");
        assert!(falls.iter().any(|f| f.message.contains("zone 2 7.00 → 5.00")), "{falls:#?}");
    }

    #[test]
    fn every_error_with_its_path() {
        let bad = BASE.replace(r#""surcharges": ["heavy", "das", "old_fuel"]"#, r#""surcharges": ["heavy", "nope"]"#);
        let mut doc = card(&bad);
        let mut second = doc.services[0].clone();
        second.code = "s2".into();
        second.surcharges = vec![];
        second.table.rows[1].up_to = Some(Decimal::new(5, 1));
        doc.services.push(second);
        let r = validate(&doc, &VecMap::new(), "2026-01-01".parse().unwrap());
        let paths: Vec<(&str, &str)> = r.errors.iter().map(|f| (f.code.as_str(), f.path.as_str())).collect();
        assert!(paths.contains(&("unknown_surcharge", "services[0].surcharges[1]")), "{paths:?}");
        assert!(
            paths.iter().any(|(c, p)| *c == "overlapping_brackets" && p.starts_with("services[1].table.rows")),
            "{paths:?}"
        );
        assert_eq!(paths.len(), 2, "{paths:?}");
    }
}
