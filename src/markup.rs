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

use crate::error::{Error, ErrorCode, Result};
use crate::rounding::cents;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The value of `format` for markup rule sets.
pub const MARKUP_FORMAT_V1: &str = "zonerate.markup/1";

/// A rule set as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarkupDoc {
    /// Always `zonerate.markup/1`.
    pub format: String,
    /// Rules, applied in this order.
    pub rules: Vec<MarkupRule>,
}

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

impl MarkupRule {
    /// Whether the rule applies to a carrier's service.
    pub fn scope_matches(&self, carrier: &str, service: &str) -> bool {
        self.carriers.as_ref().is_none_or(|c| c.iter().any(|x| x == carrier))
            && self.services.as_ref().is_none_or(|s| s.iter().any(|x| x == service))
    }
}

/// Parses and checks a rule set.
pub fn parse_markups(text: &str) -> Result<Vec<MarkupRule>> {
    let doc: MarkupDoc = crate::error::from_json_str(text)?;
    check(doc)
}

/// Checks a rule set.
pub fn check(doc: MarkupDoc) -> Result<Vec<MarkupRule>> {
    if doc.format != MARKUP_FORMAT_V1 {
        return Err(Error::new(
            ErrorCode::UnsupportedFormat,
            "format",
            format!("{:?} is not a markup format this zonerate reads (expected {MARKUP_FORMAT_V1:?})", doc.format),
        ));
    }
    for (i, r) in doc.rules.iter().enumerate() {
        let p = format!("rules[{i}]");
        let bad = |f: &str, m: &str| Error::new(ErrorCode::InvalidMarkup, format!("{p}.{f}"), m.to_string());
        if r.code.is_empty() || r.code == "base" {
            return Err(bad("code", "must be non-empty and not \"base\""));
        }
        let non_neg = |v: Option<Decimal>, f: &str| -> Result<()> {
            match v {
                None => Err(bad(f, "is required for this type")),
                Some(x) if x < Decimal::ZERO => Err(bad(f, "must not be negative")),
                Some(_) => Ok(()),
            }
        };
        match r.kind {
            MarkupKind::Percent => non_neg(r.percent, "percent")?,
            MarkupKind::Fixed | MarkupKind::MinMargin => non_neg(r.amount, "amount")?,
            MarkupKind::PerZone => {
                let (Some(z), Some(a)) = (&r.zones, &r.amounts) else {
                    return Err(bad("amounts", "perZone needs `zones` and `amounts`"));
                };
                if z.len() != a.len() {
                    return Err(Error::new(
                        ErrorCode::ZoneCountMismatch,
                        format!("{p}.amounts"),
                        "needs one amount per zone",
                    ));
                }
                if a.iter().any(|x| *x < Decimal::ZERO) {
                    return Err(bad("amounts", "must not be negative"));
                }
            }
        }
    }
    Ok(doc.rules)
}

/// Markup lines for a quote of `cost` in `zone`: (rule, amount) in order, rounded.
pub fn apply<'r>(
    rules: &'r [MarkupRule],
    carrier: &str,
    service: &str,
    zone: &str,
    cost: Decimal,
) -> Vec<(&'r MarkupRule, Decimal)> {
    let mut out: Vec<(&MarkupRule, Decimal)> = Vec::new();
    let mut markup = Decimal::ZERO;
    for r in rules.iter().filter(|r| r.scope_matches(carrier, service)) {
        let amount = match r.kind {
            MarkupKind::Percent => {
                let basis = match r.of {
                    PercentOf::Cost => cost,
                    PercentOf::Running => cost + markup,
                };
                basis * r.percent.unwrap_or_default() / Decimal::ONE_HUNDRED
            }
            MarkupKind::Fixed => r.amount.unwrap_or_default(),
            MarkupKind::PerZone => match (&r.zones, &r.amounts) {
                (Some(z), Some(a)) => {
                    z.iter().position(|x| x == zone).and_then(|i| a.get(i).copied()).unwrap_or_default()
                }
                _ => Decimal::ZERO,
            },
            MarkupKind::MinMargin => (r.amount.unwrap_or_default() - markup).max(Decimal::ZERO),
        };
        let amount = cents(amount);
        if !amount.is_zero() {
            markup += amount;
            out.push((r, amount));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
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
        let lines = apply(&r, "usps", "x", "4", d("9.66"));
        let got: Vec<(String, Decimal)> = lines.iter().map(|(r, a)| (r.code.clone(), *a)).collect();
        assert_eq!(got, vec![("pct".into(), d("0.97")), ("handling".into(), d("0.50")), ("floor".into(), d("0.53"))]);
    }

    #[test]
    fn running_percentages_compound_and_scope_filters() {
        let r = rules(
            r#"[{"code":"a","label":"A","type":"percent","percent":"10","carriers":["usps"]},
                {"code":"b","label":"B","type":"percent","percent":"10","of":"running"},
                {"code":"z","label":"Z","type":"perZone","zones":["5"],"amounts":["1.25"]}]"#,
        );
        // 100 → +10.00 → running 110 → +11.00; zone 5 adds 1.25.
        let got: Vec<Decimal> = apply(&r, "usps", "s", "5", d("100")).iter().map(|x| x.1).collect();
        assert_eq!(got, vec![d("10.00"), d("11.00"), d("1.25")]);
        // Another carrier: rule a out of scope → b is 10 % of 100.
        let got: Vec<Decimal> = apply(&r, "gofo", "s", "2", d("100")).iter().map(|x| x.1).collect();
        assert_eq!(got, vec![d("10.00")]);
    }

    #[test]
    fn bad_rules_have_paths() {
        let e = parse_markups(r#"{"format":"zonerate.markup/1","rules":[{"code":"a","label":"A","type":"percent"}]}"#)
            .unwrap_err();
        assert_eq!((e.code(), e.path()), (ErrorCode::InvalidMarkup, "rules[0].percent"));
    }
}
