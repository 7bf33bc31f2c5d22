//! Sell prices from cost prices (§8): markup rules applied in a stated order.
//!
//! A rule set is a JSON document `{"format": "zonerate.markup/1", "rules": [...]}`. For
//! each quote, the rules whose scope matches the carrier and service are applied in list
//! order to the cost (the sum of the card's lines):
//!
//! - `percent`: `percent` % of the cost (`of: "cost"`, the default) or of the running
//!   sell price so far (`of: "running"`, so percentages compound in the stated order);
//! - `fixed`: `amount` per parcel;
//! - `perZone`: `amounts[i]` for zone `zones[i]`;
//! - `minMargin`: if the markup so far is below `amount`, the difference is added.
//!
//! Each rule gives one `markup` line, rounded to the cent; sell = cost + markup lines.

use crate::error::{msg, Error, ErrorCode, Quoted, Result};
use crate::json::Path;
use crate::quote::{Category, Line, Money};
use crate::rounding::{add, cents, hundredth, mul, non_negative, order, plain, positive};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The value of `format` for markup rule sets.
pub const MARKUP_FORMAT_V1: &str = "zonerate.markup/1";

/// Largest markup percentage (1000 = ten times the cost).
pub const MAX_PERCENT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// A rule set as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarkupDoc {
    /// Always `zonerate.markup/1`.
    pub format: String,
    /// Rules, applied in this order.
    pub rules: Vec<MarkupRule>,
}

crate::json_struct!(MarkupDoc {
    format: "format" req,
    rules: "rules" req,
});

/// Kinds of markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MarkupKind {
    /// A percentage.
    Percent,
    /// A fixed amount per parcel.
    Fixed,
    /// An amount per zone.
    PerZone,
    /// Tops the markup up to at least this margin.
    MinMargin,
}

crate::json_enum!(MarkupKind { Percent => "percent", Fixed => "fixed", PerZone => "perZone", MinMargin => "minMargin" });

/// What a percentage is of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PercentOf {
    /// The cost.
    #[default]
    Cost,
    /// The sell price so far (cost + earlier markups).
    Running,
}

crate::json_enum!(PercentOf { Cost => "cost", Running => "running" });

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarkupRule {
    /// Line code.
    pub code: String,
    /// Line label.
    pub label: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: MarkupKind,
    /// Only for these carriers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carriers: Option<Vec<String>>,
    /// Only for these services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
    /// `percent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// `percent`: of what.
    #[serde(default)]
    pub of: PercentOf,
    /// `fixed`, `minMargin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// `perZone`: zone labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<Vec<String>>,
    /// `perZone`: amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amounts: Option<Vec<Decimal>>,
}

crate::json_struct!(MarkupRule {
    code: "code" req,
    label: "label" req,
    kind: "type" req,
    carriers: "carriers" opt,
    services: "services" opt,
    percent: "percent" opt,
    of: "of" default,
    amount: "amount" opt,
    zones: "zones" opt,
    amounts: "amounts" opt,
});

impl MarkupRule {
    /// Whether the rule applies to a carrier's service.
    pub fn scope_matches(&self, carrier: &str, service: &str) -> bool {
        use crate::listed;
        self.carriers.as_ref().is_none_or(|c| listed(c, carrier))
            && self.services.as_ref().is_none_or(|s| listed(s, service))
    }
}

/// Parses and checks a rule set.
pub fn parse_markups(text: &str) -> Result<Vec<MarkupRule>> {
    // Read in place into its starting value, as a shipment is (`shipment::read_shipment`):
    // not moved out of two `Result`s (−161 raw / −90 gzip by name).
    let mut doc = <MarkupDoc as crate::json::ConstBlank>::BLANK;
    crate::json::from_str_into(text, &mut doc)?;
    check(doc)
}

/// Checks a rule set.
pub fn check(doc: MarkupDoc) -> Result<Vec<MarkupRule>> {
    // (Compared by the shared `listed`: `!=` with a constant of 17 bytes was inlined as
    // three loads and compares; -15 B gzip.)
    if !crate::listed(std::slice::from_ref(&doc.format), MARKUP_FORMAT_V1) {
        return Err(Error::new(
            ErrorCode::UnsupportedFormat,
            "format",
            // (The expected format quoted as `Quoted` would: it has nothing to escape.)
            msg!(Quoted(&doc.format), " is not a markup format this zonerate reads (expected \"zonerate.markup/1\")"),
        ));
    }
    for (i, r) in doc.rules.iter().enumerate() {
        if let Some((field, code, message)) = rule_error(r) {
            return Err(Path::Root.key("rules").index(i).key(field).error(code, message));
        }
    }
    Ok(doc.rules)
}

/// What is wrong with a rule, if anything: the field, the code and the message (one
/// place builds the error for every case). The messages are written out (a test compares
/// them with the limits), where formatting the largest value took code of its own.
fn rule_error(r: &MarkupRule) -> Option<(&'static str, ErrorCode, &'static str)> {
    let bad = |field, message| Some((field, ErrorCode::InvalidMarkup, message));
    if r.code.is_empty() || r.code == "base" {
        return bad("code", "must be non-empty and not \"base\"");
    }
    // The amounts the kind needs (one, or one per zone), the field they are in, their
    // largest value and the message when one is above it.
    let (field, values, max, above) = match r.kind {
        MarkupKind::Percent => ("percent", r.percent.as_slice(), MAX_PERCENT, AT_MOST_PERCENT),
        MarkupKind::Fixed | MarkupKind::MinMargin => {
            ("amount", r.amount.as_slice(), crate::card::MAX_AMOUNT, AT_MOST_AMOUNT)
        }
        MarkupKind::PerZone => {
            let (Some(z), Some(a)) = (&r.zones, &r.amounts) else {
                return bad("amounts", "perZone needs `zones` and `amounts`");
            };
            if z.len() != a.len() {
                return Some(("amounts", ErrorCode::ZoneCountMismatch, "needs one amount per zone"));
            }
            ("amounts", a.as_slice(), crate::card::MAX_AMOUNT, AT_MOST_AMOUNT)
        }
    };
    if values.is_empty() && r.kind != MarkupKind::PerZone {
        return bad(field, "is required for this type");
    }
    // (One loop for both tests, -27 B gzip; a negative value is reported first, as before.)
    let (mut negative, mut too_large) = (false, false);
    for x in values {
        negative |= !non_negative(*x);
        too_large |= order(*x, max).is_gt();
    }
    if negative {
        return bad(field, "must not be negative");
    }
    if too_large {
        return bad(field, above);
    }
    None
}

/// The messages of an amount above its largest value, written out: [`MAX_PERCENT`] and
/// [`crate::card::MAX_AMOUNT`].
const AT_MOST_PERCENT: &str = "must be at most 1000";
const AT_MOST_AMOUNT: &str = "must be at most 1000000";

/// Markup lines for a quote of `cost` in `zone`, in order, rounded, pushed onto `lines`;
/// the sell price (`cost` plus each line, added in order), or `None` when an amount is
/// beyond what a decimal holds (then the lines pushed so far are to be dropped with the
/// quote). Out of line: the quote loop calls it only when markups are set. (Pushed onto
/// the quote's lines, not returned as a list the quote then copied from: -0.2 KB.)
#[inline(never)]
pub fn apply<'r>(
    rules: &'r [MarkupRule],
    carrier: &str,
    service: &str,
    zone: &str,
    cost: Decimal,
    lines: &mut Vec<Line<'r>>,
) -> Option<Decimal> {
    let mut markup = Decimal::ZERO;
    let mut total = cost;
    for r in rules {
        if !r.scope_matches(carrier, service) {
            continue;
        }
        // The rule's amount (fixed and minimum margin), read once for both kinds.
        let fixed = r.amount.unwrap_or_default();
        let amount = match r.kind {
            MarkupKind::Percent => {
                let basis = match r.of {
                    PercentOf::Cost => cost,
                    PercentOf::Running => add(cost, markup).ok()?,
                };
                hundredth(mul(basis, r.percent.unwrap_or_default()).ok()?)
            }
            MarkupKind::Fixed => fixed,
            MarkupKind::PerZone => match (&r.zones, &r.amounts) {
                (Some(z), Some(a)) => crate::index_of(z, zone).and_then(|i| a.get(i).copied()).unwrap_or_default(),
                _ => Decimal::ZERO,
            },
            MarkupKind::MinMargin => {
                // The shortfall, or zero (`max(0)`: zero when not above it).
                let short = crate::rounding::sub(fixed, markup).ok()?;
                if positive(short) {
                    short
                } else {
                    Decimal::ZERO
                }
            }
        };
        let amount = cents(amount);
        if !amount.is_zero() {
            markup = add(markup, amount).ok()?;
            total = add(total, amount).ok()?;
            lines.push(Line { code: &r.code, category: Category::Markup, label: &r.label, amount: Money(amount) });
        }
    }
    Some(total)
}

/// A sell price that is linear in the cost lines: `sell = factor × cost + add(zone)`.
struct Linear {
    factor: Decimal,
    /// Fixed amounts per parcel (code, label, amount).
    fixed: Vec<(String, String, Decimal)>,
    /// Per-zone amounts (code, label, zones, amounts).
    per_zone: Vec<(String, String, Vec<String>, Vec<Decimal>)>,
}

fn linear(rules: &[MarkupRule], carrier: &str, service: &str) -> Result<Linear> {
    let mut l = Linear { factor: Decimal::ONE, fixed: Vec::new(), per_zone: Vec::new() };
    for (i, r) in rules.iter().enumerate() {
        if !r.scope_matches(carrier, service) {
            continue;
        }
        let p = hundredth(r.percent.unwrap_or_default());
        match (r.kind, r.of) {
            (MarkupKind::Percent, PercentOf::Cost) => l.factor = add(l.factor, p).map_err(|_| out_of_range())?,
            (MarkupKind::Percent, PercentOf::Running) => {
                if !l.fixed.is_empty() || !l.per_zone.is_empty() {
                    return Err(Error::new(
                        ErrorCode::InvalidMarkup,
                        format!("rules[{i}]"),
                        "a running percentage after a fixed or per-zone markup cannot be baked into a card",
                    ));
                }
                l.factor = add(Decimal::ONE, p).and_then(|m| mul(l.factor, m)).map_err(|_| out_of_range())?;
            }
            (MarkupKind::Fixed, _) => l.fixed.push((r.code.clone(), r.label.clone(), r.amount.unwrap_or_default())),
            (MarkupKind::PerZone, _) => l.per_zone.push((
                r.code.clone(),
                r.label.clone(),
                r.zones.clone().unwrap_or_default(),
                r.amounts.clone().unwrap_or_default(),
            )),
            (MarkupKind::MinMargin, _) => {
                return Err(Error::new(
                    ErrorCode::InvalidMarkup,
                    format!("rules[{i}]"),
                    "a minimum margin depends on the cost of each parcel and cannot be baked into a sell card",
                ))
            }
        }
    }
    Ok(l)
}

fn out_of_range() -> Error {
    Error::new(ErrorCode::InvalidMarkup, "rules", "the marked-up amounts are beyond what zonerate can compute with")
}

fn scale(v: &mut Decimal, f: Decimal) -> Result<()> {
    *v = cents(mul(*v, f).map_err(|_| out_of_range())?);
    Ok(())
}

fn scale_cells(v: &mut [Option<Decimal>], f: Decimal) -> Result<()> {
    for x in v.iter_mut().flatten() {
        scale(x, f)?;
    }
    Ok(())
}

/// Derives a sell-only card from a cost card and markup rules (§8): every money amount
/// of the card is multiplied by the services' percentage factor (rounded to the cent),
/// and fixed or per-zone markups become surcharges charged last. The result carries no
/// cost: no cost price appears in it, its `source` is replaced and it is marked
/// `sellOnly`. Minimum margins cannot be baked (they depend on each parcel's cost).
pub fn derive_sell_card(
    cost: &crate::card::format::CardDoc,
    rules: &[MarkupRule],
) -> Result<crate::card::format::CardDoc> {
    use crate::card::format::{ChargeDef, ChargeType, RowMode, SurchargeDef};
    let mut doc = cost.clone();
    let mut factor: Option<Decimal> = None;
    let mut extra: Vec<SurchargeDef> = Vec::new();
    for (si, svc) in doc.services.iter_mut().enumerate() {
        let l = linear(rules, &cost.carrier, &svc.code)?;
        if !doc.surcharges.is_empty() && factor.is_some_and(|f| f != l.factor) {
            return Err(Error::new(
                ErrorCode::InvalidMarkup,
                format!("services[{si}]"),
                "services sharing surcharges get different percentages: split the card or the rules",
            ));
        }
        factor = Some(l.factor);
        let f = l.factor;
        let t = &mut svc.table;
        for row in &mut t.rows {
            // The card's prices are shared with any table compiled from it: scaled in a
            // copy of their own (`make_mut`), the card's are left as they are.
            if let Some(p) = row.prices.as_mut().map(std::sync::Arc::make_mut) {
                if row.mode == RowMode::Unit {
                    // A price per weight unit keeps four decimals, so the fee scales
                    // without a rounding error multiplied by the weight.
                    for x in p.iter_mut().flatten() {
                        *x = plain(mul(*x, f).map_err(|_| out_of_range())?);
                    }
                } else {
                    scale_cells(p, f)?;
                }
            }
            if let Some(p) = row.first_price.as_mut().map(std::sync::Arc::make_mut) {
                scale_cells(p, f)?;
            }
            for x in row.step_price.iter_mut().flatten() {
                scale(x, f)?;
            }
            for tier in row.tiers.iter_mut().flatten() {
                for x in &mut tier.step_price {
                    scale(x, f)?;
                }
            }
        }
        for s in &mut t.special {
            scale_cells(std::sync::Arc::make_mut(&mut s.prices), f)?;
        }
        for m in [&mut svc.min_charge, &mut svc.max_charge].into_iter().flatten() {
            scale(m, f)?;
        }
        let mut add = |code: &str, label: &str, charge: ChargeDef| {
            // One surcharge per distinct markup; the rule's code unless taken.
            let code = match extra.iter().find(|e| e.label == label && e.charge == charge && e.code.starts_with(code)) {
                Some(e) => e.code.clone(),
                None => {
                    let taken =
                        |c: &str| extra.iter().any(|e| e.code == c) || cost.surcharges.iter().any(|e| e.code == c);
                    let c = if taken(code) { format!("{code}_{}", extra.len() + 1) } else { code.to_string() };
                    extra.push(SurchargeDef {
                        code: c.clone(),
                        label: label.to_string(),
                        when: None,
                        charge,
                        group: None,
                        effective: None,
                        min_billable_weight: None,
                    });
                    c
                }
            };
            svc.surcharges.push(code);
        };
        let blank = ChargeDef {
            kind: ChargeType::Flat,
            amount: None,
            percent: None,
            of: None,
            zones: None,
            amounts: None,
            rows: None,
            unit: None,
        };
        for (code, label, amount) in &l.fixed {
            add(code, label, ChargeDef { amount: Some(*amount), ..blank.clone() });
        }
        for (code, label, zones, amounts) in &l.per_zone {
            add(
                code,
                label,
                ChargeDef {
                    kind: ChargeType::PerZone,
                    zones: Some(zones.clone()),
                    amounts: Some(amounts.iter().copied().map(Some).collect()),
                    ..blank.clone()
                },
            );
        }
    }
    let f = factor.unwrap_or(Decimal::ONE);
    for s in &mut doc.surcharges {
        let c = &mut s.charge;
        match c.kind {
            ChargeType::Percent => {}
            _ => {
                if let Some(a) = c.amount.as_mut() {
                    scale(a, f)?;
                }
                if let Some(a) = c.amounts.as_mut().map(std::sync::Arc::make_mut) {
                    scale_cells(a, f)?;
                }
                for r in c.rows.iter_mut().flatten() {
                    if let Some(a) = r.amount.as_mut() {
                        scale(a, f)?;
                    }
                    if let Some(a) = r.amounts.as_mut().map(std::sync::Arc::make_mut) {
                        scale_cells(a, f)?;
                    }
                }
            }
        }
    }
    doc.surcharges.extend(extra);
    doc.id = format!("{}-sell", cost.id);
    doc.sell_only = true;
    doc.hash = None;
    doc.price_type = None;
    for s in &mut doc.services {
        s.price_type = None;
    }
    doc.source = Some(format!("Sell prices derived from card {} by markup rules. Carries no cost.", cost.id));
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn an_unknown_format_is_named_with_the_one_expected() {
        let e = parse_markups(r#"{"format":"zonerate.markup/2","rules":[]}"#).unwrap_err();
        assert_eq!(
            (e.code(), e.path(), e.message()),
            (
                ErrorCode::UnsupportedFormat,
                "format",
                r#""zonerate.markup/2" is not a markup format this zonerate reads (expected "zonerate.markup/1")"#
            )
        );
    }

    fn rules(json: &str) -> Vec<MarkupRule> {
        parse_markups(&format!(r#"{{"format":"zonerate.markup/1","rules":{json}}}"#)).unwrap()
    }

    #[test]
    fn stated_order_percent_fixed_min_margin() {
        let r = rules(
            r#"[{"code":"pct","label":"Markup","type":"percent","percent":"10"},
                {"code":"handling","label":"Handling","type":"fixed","amount":"0.50"},
                {"code":"floor","label":"Minimum margin","type":"minMargin","amount":"2.00"}]"#,
        );
        // cost 9.66: 10 % = 0.966 → 0.97; + 0.50 = 1.47 markup; floor 2.00 adds 0.53.
        let mut lines = Vec::new();
        assert_eq!(apply(&r, "usps", "x", "4", d("9.66"), &mut lines), Some(d("11.66")));
        let got: Vec<(&str, &str, Decimal)> = lines.iter().map(|l| (l.code, l.label, l.amount.0)).collect();
        assert_eq!(
            got,
            vec![
                ("pct", "Markup", d("0.97")),
                ("handling", "Handling", d("0.50")),
                ("floor", "Minimum margin", d("0.53"))
            ]
        );
        assert!(lines.iter().all(|l| l.category == Category::Markup));
    }

    #[test]
    fn running_percentages_compound_and_scope_filters() {
        let r = rules(
            r#"[{"code":"a","label":"A","type":"percent","percent":"10","carriers":["usps"]},
                {"code":"b","label":"B","type":"percent","percent":"10","of":"running"},
                {"code":"z","label":"Z","type":"perZone","zones":["5"],"amounts":["1.25"]}]"#,
        );
        // 100 → +10.00 → running 110 → +11.00; zone 5 adds 1.25.
        let amounts = |carrier, zone, sell| {
            let mut lines = Vec::new();
            assert_eq!(apply(&r, carrier, "s", zone, d("100"), &mut lines), Some(d(sell)));
            lines.iter().map(|l| l.amount.0).collect::<Vec<Decimal>>()
        };
        assert_eq!(amounts("usps", "5", "122.25"), vec![d("10.00"), d("11.00"), d("1.25")]);
        // Another carrier: rule a out of scope → b is 10 % of 100.
        assert_eq!(amounts("gofo", "2", "110.00"), vec![d("10.00")]);
    }

    #[test]
    fn written_out_messages_are_those_of_the_limits() {
        assert_eq!(AT_MOST_PERCENT, format!("must be at most {MAX_PERCENT}"));
        assert_eq!(AT_MOST_AMOUNT, format!("must be at most {}", crate::card::MAX_AMOUNT));
    }

    #[test]
    fn bad_rules_have_paths() {
        let e = parse_markups(r#"{"format":"zonerate.markup/1","rules":[{"code":"a","label":"A","type":"percent"}]}"#)
            .unwrap_err();
        assert_eq!((e.code(), e.path()), (ErrorCode::InvalidMarkup, "rules[0].percent"));
    }

    #[test]
    fn each_bad_rule_names_its_field_code_and_fault() {
        const BAD: ErrorCode = ErrorCode::InvalidMarkup;
        let ok = r#"{"code":"ok","label":"L","type":"fixed","amount":"1"}"#;
        let cases: &[(&str, ErrorCode, &str, &str)] = &[
            (r#""code":"","label":"L","type":"fixed","amount":"1""#, BAD, "code", "must be non-empty and not \"base\""),
            (r#""code":"base","label":"L","type":"percent""#, BAD, "code", "must be non-empty and not \"base\""),
            (r#""code":"p","label":"L","type":"percent","amount":"5""#, BAD, "percent", "is required for this type"),
            (r#""code":"p","label":"L","type":"percent","percent":"-0.5""#, BAD, "percent", "must not be negative"),
            (r#""code":"p","label":"L","type":"percent","percent":"1000.01""#, BAD, "percent", "must be at most 1000"),
            (r#""code":"p","label":"L","type":"percent","percent":"1000""#, BAD, "", ""),
            (r#""code":"f","label":"L","type":"fixed","percent":"5""#, BAD, "amount", "is required for this type"),
            (r#""code":"m","label":"L","type":"minMargin","amount":"-1""#, BAD, "amount", "must not be negative"),
            (
                r#""code":"m","label":"L","type":"minMargin","amount":"1000000.5""#,
                BAD,
                "amount",
                "must be at most 1000000",
            ),
            (
                r#""code":"z","label":"L","type":"perZone","zones":["1"]"#,
                BAD,
                "amounts",
                "perZone needs `zones` and `amounts`",
            ),
            (
                r#""code":"z","label":"L","type":"perZone","amounts":["1"]"#,
                BAD,
                "amounts",
                "perZone needs `zones` and `amounts`",
            ),
            (
                r#""code":"z","label":"L","type":"perZone","zones":["1","2"],"amounts":["1"]"#,
                ErrorCode::ZoneCountMismatch,
                "amounts",
                "needs one amount per zone",
            ),
            (
                r#""code":"z","label":"L","type":"perZone","zones":["1","2"],"amounts":["2000000","-1"]"#,
                BAD,
                "amounts",
                "must not be negative",
            ),
            (
                r#""code":"z","label":"L","type":"perZone","zones":["1","2"],"amounts":["1","2000000"]"#,
                BAD,
                "amounts",
                "must be at most 1000000",
            ),
            (r#""code":"z","label":"L","type":"perZone","zones":[],"amounts":[]"#, BAD, "", ""),
        ];
        for (rule, code, field, message) in cases {
            let text = format!(r#"{{"format":"zonerate.markup/1","rules":[{ok},{{{rule}}}]}}"#);
            match parse_markups(&text) {
                Ok(rules) => assert_eq!((rules.len(), *field), (2, ""), "{rule}"),
                Err(e) => assert_eq!(
                    (e.code(), e.path(), e.message()),
                    (*code, format!("rules[1].{field}").as_str(), *message),
                    "{rule}"
                ),
            }
        }
    }
}
