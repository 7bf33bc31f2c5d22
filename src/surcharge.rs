//! Surcharges (§7): conditions, charges, exclusive groups, ordered percentages, dates.

use crate::card::format::{ChargeDef, ChargeRowDef, ChargeType, SurchargeDef};
use crate::conditions::{Cond, Facts, ZipSets};
use crate::date::Period;
use crate::error::{msg, ErrorCode, Result};
use crate::json::Path;
use crate::rounding::OutOfRange;
use crate::units::WeightUnit;
use rust_decimal::Decimal;

/// A compiled surcharge.
#[derive(Debug, Clone)]
pub struct Surcharge {
    /// Code (the line code).
    pub code: String,
    /// Label (the line label).
    pub label: String,
    /// Condition (always when `None`).
    pub when: Option<Cond>,
    /// The charge.
    pub charge: Charge,
    /// Exclusive group.
    pub group: Option<String>,
    /// Period in force.
    pub effective: Period,
    /// Minimum billable weight while charged.
    pub min_billable_weight: Option<Decimal>,
}

/// What the percentage is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The base freight line.
    Base,
    /// Every line computed before this one.
    Subtotal,
    /// The line with this code, if charged.
    Line(String),
}

/// A compiled charge.
#[derive(Debug, Clone)]
pub enum Charge {
    /// A fixed amount.
    Flat(Decimal),
    /// An amount per zone label: the card's labels and amounts as they are (a label with
    /// no amount is not charged; of a label listed twice, the first with an amount counts).
    PerZone {
        /// Zone labels.
        zones: Vec<String>,
        /// The amount of each label, in order.
        amounts: crate::card::format::Prices,
    },
    /// An amount per unit of billable weight.
    PerWeight {
        /// Amount per unit.
        amount: Decimal,
        /// The unit (default the card's).
        unit: Option<WeightUnit>,
    },
    /// A percentage.
    Percent {
        /// Percentage (19.25 = 19.25 %).
        percent: Decimal,
        /// What it is a percentage of (summed).
        of: Vec<Basis>,
    },
    /// A billable weight × zone grid (`zones`: the labels of its columns), or tiers by
    /// declared value (no `zones`): the card's rows, checked: inclusive upper bound of
    /// billable weight (or value), `amounts` per column (or an `amount`, always there).
    /// One variant for both kinds: one copy, one drop, one search.
    Table {
        /// Zone labels of the columns; `None` for value tiers.
        zones: Option<Vec<String>>,
        /// The card's rows.
        rows: Vec<ChargeRowDef>,
    },
}

impl Charge {
    /// Whether the amount depends on the lines before it.
    pub fn is_percent(&self) -> bool {
        matches!(self, Charge::Percent { .. })
    }
}

/// An amount of money: not negative, at most `card::MAX_AMOUNT`.
fn non_negative(v: &Decimal, path: Path<'_>) -> Result<Decimal> {
    crate::card::check_amount(v, path)
}

/// The amount `v` at `path`, which `kind` charges need: present ([`need`]) and an amount
/// of money ([`non_negative`]). One call for the four amounts of the charge kinds.
#[inline(never)]
fn needed_amount(v: &Option<Decimal>, path: Path<'_>, kind: &str) -> Result<Decimal> {
    non_negative(need(v, path, kind)?, path)
}

/// A field `kind` charges need. By reference: a copy is made only of what is kept.
fn need<'a, T>(v: &'a Option<T>, path: Path<'_>, kind: &str) -> Result<&'a T> {
    match v {
        Some(v) => Ok(v),
        None => Err(required(path, kind)),
    }
}

/// `is required for a … charge` (one copy, not one per field type).
#[cold]
#[inline(never)]
fn required(path: Path<'_>, kind: &str) -> crate::error::Error {
    path.error(ErrorCode::InvalidValue, msg!("is required for a ", kind, " charge"))
}

/// The rows' bounds (at `path`) increase, and only the last may be open.
fn increasing(rows: &[ChargeRowDef], path: Path<'_>) -> Result<()> {
    let mut prev: Option<Decimal> = None;
    let mut open = false;
    for (i, r) in rows.iter().enumerate() {
        let bad = if open {
            Some("only the last row may be unbounded")
        } else {
            match r.up_to {
                None => {
                    open = true;
                    None
                }
                Some(b) if prev.is_some_and(|p| crate::rounding::order(b, p).is_le()) => Some("rows must increase"),
                Some(b) => {
                    prev = Some(b);
                    None
                }
            }
        };
        // One error site for both messages.
        if let Some(message) = bad {
            return Err(crate::card::error_at(&path.index(i), "upTo", ErrorCode::OverlappingBrackets, message));
        }
    }
    Ok(())
}

/// The rows of a `table` or `valueTiers` charge (at `rp`): present, not too many, bounds
/// increasing (one copy for both kinds).
#[inline(never)]
fn rows<'a>(c: &'a ChargeDef, rp: Path<'_>, kind: &str) -> Result<&'a [ChargeRowDef]> {
    let rows = need(&c.rows, rp, kind)?;
    crate::card::has_at_most(rows.len(), crate::pricing::MAX_ROWS, rp, crate::pricing::TOO_MANY_ROWS)?;
    increasing(rows, rp)?;
    Ok(rows)
}

/// A charge of the rarer kinds, `perWeight`, `perZone` and `percent` (`c`, at `cp`). Out of
/// line, as [`table`]: V8 compiles a function on its first call, so a card compiles only the
/// kinds it uses (the three share one function: one call and return instead of three).
#[inline(never)]
fn rarer_kind(c: &ChargeDef, cp: Path<'_>, kind: &str) -> Result<Charge> {
    match c.kind {
        ChargeType::PerWeight => {
            let ap = cp.key("amount");
            Ok(Charge::PerWeight { amount: needed_amount(&c.amount, ap, kind)?, unit: c.unit })
        }
        ChargeType::PerZone => per_zone(c, cp, kind),
        _ => percent(c, cp, kind),
    }
}

/// A `perZone` charge (`c`, at `cp`).
fn per_zone(c: &ChargeDef, cp: Path<'_>, kind: &str) -> Result<Charge> {
    let zones = need(&c.zones, cp.key("zones"), kind)?;
    let ap = cp.key("amounts");
    let amounts = need(&c.amounts, ap, kind)?;
    per_column(amounts, zones, ap)?;
    Ok(Charge::PerZone { zones: zones.clone(), amounts: std::sync::Arc::clone(amounts) })
}

/// The amounts `a` (at `ap`) of a `perZone` charge or of a `table` row: one per zone of
/// `zones`, each an amount of money. One copy for both.
#[inline(never)]
fn per_column(a: &crate::card::format::Prices, zones: &[String], ap: Path<'_>) -> Result<()> {
    if a.len() != zones.len() {
        return Err(ap.error(ErrorCode::ZoneCountMismatch, "needs one amount per zone"));
    }
    crate::pricing::check_cells(a, ap)
}

/// A `percent` charge (`c`, at `cp`).
fn percent(c: &ChargeDef, cp: Path<'_>, kind: &str) -> Result<Charge> {
    let pp = cp.key("percent");
    let percent = needed_amount(&c.percent, pp, kind)?;
    if crate::rounding::order(percent, Decimal::from(1000)).is_gt() {
        return Err(pp.error(ErrorCode::InvalidValue, "must be at most 1000"));
    }
    // Absent: of the base line. Pushed from empty (the shared growth code), where
    // `vec![..]` and a collect each inlined an allocation of their own.
    let mut of = Vec::new();
    match &c.of {
        None => of.push(Basis::Base),
        Some(list) => {
            for s in list {
                of.push(match s.as_str() {
                    "base" => Basis::Base,
                    "subtotal" => Basis::Subtotal,
                    _ => Basis::Line(s.clone()),
                });
            }
        }
    }
    Ok(Charge::Percent { percent, of })
}

/// A `table` or `valueTiers` charge (`c`, at `cp`): rows by bound, with amounts per zone
/// (`table`, which lists its zones) or an amount (`valueTiers`), kept as the card has them
/// once checked. Out of line, as each kind but `flat` (see [`rarer_kind`]); one function
/// for both kinds, which share their rows' checks and copy.
#[inline(never)]
fn table(c: &ChargeDef, cp: Path<'_>, kind: &str) -> Result<Charge> {
    let zones = match c.kind {
        ChargeType::Table => Some(need(&c.zones, cp.key("zones"), kind)?),
        _ => None,
    };
    let rp = cp.key("rows");
    let rows = rows(c, rp, kind)?;
    for (i, r) in rows.iter().enumerate() {
        let row = rp.index(i);
        match zones {
            Some(zones) => {
                let ap = row.key("amounts");
                per_column(need(&r.amounts, ap, kind)?, zones, ap)?;
            }
            None => {
                needed_amount(&r.amount, row.key("amount"), kind)?;
            }
        }
    }
    Ok(Charge::Table { zones: zones.cloned(), rows: rows.to_vec() })
}

/// The first of `rows` whose bracket holds `v` (at most its `upTo`), if any: one search for
/// weight tables and value tiers.
fn tier(rows: &[ChargeRowDef], v: Decimal) -> Option<&ChargeRowDef> {
    rows.iter().find(|r| r.up_to.is_none_or(|u| crate::rounding::order(v, u).is_le()))
}

impl Surcharge {
    /// Compiles a surcharge definition found at `path`, shared at once (a surcharge returned,
    /// then moved into its share, was copied once more).
    #[inline(never)] // out of line: see `Card::compile_hashed`
    pub fn compile(def: &SurchargeDef, sets: &ZipSets, path: Path<'_>) -> Result<std::sync::Arc<Surcharge>> {
        if def.code.is_empty() || def.code == "base" {
            return Err(crate::card::error_at(
                &path,
                "code",
                ErrorCode::InvalidValue,
                "must be non-empty and not \"base\"",
            ));
        }
        let c = &def.charge;
        let cp = path.key("charge");
        let kind = c.kind.as_str();
        let charge = match c.kind {
            ChargeType::Flat => {
                let ap = cp.key("amount");
                Charge::Flat(needed_amount(&c.amount, ap, kind)?)
            }
            ChargeType::Table | ChargeType::ValueTiers => table(c, cp, kind)?,
            ChargeType::PerWeight | ChargeType::PerZone | ChargeType::Percent => rarer_kind(c, cp, kind)?,
        };
        // The errors once the charge is compiled leave this block: one drop of it for all.
        let e = 'fail: {
            if def.group.is_some() && charge.is_percent() {
                break 'fail crate::card::error_at(
                    &path,
                    "group",
                    ErrorCode::InvalidValue,
                    "a percentage charge cannot be in an exclusive group",
                );
            }
            if let Some(m) = &def.min_billable_weight {
                if let Err(e) = crate::card::check_weight(m, path.key("minBillableWeight")) {
                    break 'fail e;
                }
            }
            let when = match &def.when {
                None => None,
                Some(w) => match Cond::compile(w, sets, path.key("when")) {
                    Ok(c) => Some(c),
                    Err(e) => break 'fail e,
                },
            };
            return Ok(std::sync::Arc::new(Surcharge {
                code: def.code.clone(),
                label: def.label.clone(),
                when,
                charge,
                group: crate::card::copy_opt(&def.group),
                effective: def.effective.unwrap_or_default(),
                min_billable_weight: def.min_billable_weight,
            }));
        };
        Err(e)
    }

    /// Whether the condition holds for these facts.
    pub fn applies(&self, f: &Facts<'_, '_>) -> bool {
        self.when.as_ref().is_none_or(|c| c.holds(f))
    }

    /// The amount of a non-percentage charge (unrounded); `Ok(None)` when the charge has
    /// no amount for this zone or weight (the line is then not charged), `Err` when the
    /// amount is beyond what a decimal holds.
    pub fn fixed_amount(
        &self,
        f: &Facts<'_, '_>,
        card_unit: WeightUnit,
    ) -> std::result::Result<Option<Decimal>, OutOfRange> {
        Ok(match &self.charge {
            Charge::Flat(a) => Some(*a),
            Charge::PerZone { zones, amounts } => {
                let mut found = None;
                for (z, a) in zones.iter().zip(amounts.iter()) {
                    if a.is_some() && z == f.zone {
                        found = *a;
                        break;
                    }
                }
                found
            }
            Charge::PerWeight { amount, unit } => {
                let w = card_unit.try_convert(f.billable, unit.unwrap_or(card_unit)).ok_or(OutOfRange)?;
                Some(crate::rounding::mul(*amount, w)?)
            }
            // One search for both kinds: by billable weight in the zone's column, or by value.
            Charge::Table { zones, rows } => {
                let (v, col) = match zones {
                    Some(zones) => {
                        let Some(col) = crate::index_of(zones, f.zone) else { return Ok(None) };
                        (f.billable, Some(col))
                    }
                    None => (f.parcel.shipment.options.declared_value.unwrap_or(Decimal::ZERO), None),
                };
                tier(rows, v).and_then(|r| match col {
                    Some(col) => r.amounts.as_ref()?.get(col).copied().flatten(),
                    None => r.amount,
                })
            }
            Charge::Percent { .. } => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error of surcharge `json` (its path, code and message), or its charge.
    fn compile(json: &str) -> std::result::Result<Charge, (String, ErrorCode, String)> {
        let def = crate::json::from_str::<SurchargeDef>(json).unwrap();
        Surcharge::compile(&def, &ZipSets::default(), Path::Root.key("s"))
            .map(|s| s.charge.clone())
            .map_err(|e| (e.path().to_string(), e.code(), e.message().to_string()))
    }

    #[test]
    fn rows_increase_and_only_the_last_is_open() {
        let tiers = |rows: &str| {
            format!(r#"{{"code": "dv", "label": "DV", "charge": {{"type": "valueTiers", "rows": [{rows}]}}}}"#)
        };
        let open = compile(&tiers(r#"{"amount": "1"}, {"upTo": "100", "amount": "2"}"#)).unwrap_err();
        let e = ("s.charge.rows[1].upTo".to_string(), ErrorCode::OverlappingBrackets);
        assert_eq!(open, (e.0.clone(), e.1, "only the last row may be unbounded".to_string()));
        let down = compile(&tiers(r#"{"upTo": "100", "amount": "1"}, {"upTo": "100", "amount": "2"}"#)).unwrap_err();
        assert_eq!(down, (e.0, e.1, "rows must increase".to_string()));
        let ok = compile(&tiers(r#"{"upTo": "100", "amount": "1"}, {"amount": "2"}"#)).unwrap();
        assert!(matches!(ok, Charge::Table { zones: None, rows } if rows.len() == 2));
    }

    /// The lines and total of a quote from 85027 to `to` of 2 lb (`options` added to the
    /// shipment) by `docs/examples/minimal.json` with `surcharges` listed by its service.
    fn quoted(surcharges: serde_json::Value, to: &str, options: &str) -> (Vec<(String, String)>, String) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/minimal.json");
        let mut card: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let codes: Vec<serde_json::Value> = surcharges.as_array().unwrap().iter().map(|s| s["code"].clone()).collect();
        card["surcharges"] = surcharges;
        card["services"][0]["surcharges"] = serde_json::Value::Array(codes);
        let mut engine = crate::engine::RateEngine::new();
        engine.add_card_json(&card.to_string()).unwrap();
        let today = crate::date::Date::new(2026, 3, 2).unwrap();
        let shipment =
            format!(r#"{{"from": "85027", "to": "{to}", "weight": "2lb", "shipDate": "2026-03-02"{options}}}"#);
        let v: serde_json::Value =
            serde_json::from_str(&crate::api::quote_json(&engine, &shipment, today).unwrap()).unwrap();
        let q = &v["quotes"][0];
        let lines = q["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["code"].as_str().unwrap().to_string(), l["amount"].as_str().unwrap().to_string()))
            .collect();
        (lines, q["total"].as_str().unwrap().to_string())
    }

    fn lines(list: &[(&str, &str)], total: &str) -> (Vec<(String, String)>, String) {
        (list.iter().map(|(c, a)| (c.to_string(), a.to_string())).collect(), total.to_string())
    }

    /// A `perZone` charge: a label with no amount is not charged, and of a label listed
    /// twice the first with an amount counts (zone 5 below: 0.75, not the null before it
    /// nor the 9.99 after it). Against hand-added figures: the base price 7.00 (zone 2,
    /// 2 lb) and 9.00 (zone 5) of `docs/examples/minimal.json`.
    #[test]
    fn per_zone_amounts_go_by_label_in_card_order() {
        let pz = serde_json::json!([{"code": "pz", "label": "PZ", "charge": {"type": "perZone",
            "zones": ["8", "5", "2", "5", "5"], "amounts": ["1", null, null, "0.75", "9.99"]}}]);
        assert_eq!(quoted(pz.clone(), "90210", ""), lines(&[("base", "9.00"), ("pz", "0.75")], "9.75"));
        assert_eq!(quoted(pz, "85001", ""), lines(&[("base", "7.00")], "7.00"));
    }

    /// `table` and `valueTiers` charges: the first row whose `upTo` the weight (2 lb) or
    /// the declared value reaches, its amount for the zone (an empty cell: not charged).
    #[test]
    fn table_and_value_tier_rows_go_by_bound() {
        let charges = serde_json::json!([
            {"code": "t", "label": "T", "charge": {"type": "table", "zones": ["5", "2"],
              "rows": [{"upTo": "1", "amounts": ["9", "9"]}, {"upTo": "2", "amounts": ["1.25", null]}, {"amounts": ["8", "8"]}]}},
            {"code": "v", "label": "V", "charge": {"type": "valueTiers",
              "rows": [{"upTo": "100", "amount": "1"}, {"upTo": "500", "amount": "2.50"}, {"amount": "5"}]}}
        ]);
        let value = |v: &str| format!(r#", "options": {{"declaredValue": "{v}"}}"#);
        let zone5 = quoted(charges.clone(), "90210", &value("100"));
        assert_eq!(zone5, lines(&[("base", "9.00"), ("t", "1.25"), ("v", "1.00")], "11.25"));
        let zone2 = quoted(charges.clone(), "85001", &value("100.01"));
        assert_eq!(zone2, lines(&[("base", "7.00"), ("v", "2.50")], "9.50"));
        assert_eq!(quoted(charges, "85001", &value("501")), lines(&[("base", "7.00"), ("v", "5.00")], "12.00"));
    }

    #[test]
    fn a_percentage_is_of_what_it_lists() {
        let pct = r#"{"code": "p", "label": "P", "charge": {"type": "percent", "percent": "5", "of": ["base", "subtotal", "fuel"]}}"#;
        let Ok(Charge::Percent { of, .. }) = compile(pct) else { panic!() };
        assert_eq!(of, vec![Basis::Base, Basis::Subtotal, Basis::Line("fuel".into())]);
        let pct = r#"{"code": "p", "label": "P", "charge": {"type": "percent", "percent": "5"}}"#;
        let Ok(Charge::Percent { of, .. }) = compile(pct) else { panic!() };
        assert_eq!(of, vec![Basis::Base]);
    }
}
