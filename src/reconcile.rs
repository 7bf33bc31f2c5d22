//! Billing reconciliation (domain §1): recompute each line of a carrier's invoice from
//! the cards and compare it with what was billed, in total and charge by charge.
//!
//! A billed charge code matches the quote line with the same code, or else the only
//! quote line whose code starts with it followed by `_` (a bill's `fuel` is the card's
//! weekly `fuel_2026_w06`). The base is compared too: as billed (`billed_base`) or, when
//! the bill gives no base, as the total minus the billed surcharges.

use crate::engine::RateEngine;
use crate::quote::Category;
use crate::shipment::Shipment;
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

/// What an invoice line says was charged.
#[derive(Debug, Clone, PartialEq)]
pub struct Billed {
    /// The line's total.
    pub total: Decimal,
    /// The base freight, if the invoice gives it.
    pub base: Option<Decimal>,
    /// Surcharges by code, in the invoice's order.
    pub charges: Vec<(String, Decimal)>,
}

/// How a line compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// Total and every charge as the cards say.
    Match,
    /// Billed more than the cards say.
    Overcharged,
    /// Billed less than the cards say.
    Undercharged,
    /// The total agrees but the charges are split differently.
    ChargeMismatch,
    /// No loaded card has the service.
    UnknownService,
    /// The service exists but cannot price this parcel (not served, over a limit, no
    /// card in force on the ship date …).
    NotPriced,
    /// The line itself could not be read.
    BadLine,
}

impl LineStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::Match => "match",
            LineStatus::Overcharged => "overcharged",
            LineStatus::Undercharged => "undercharged",
            LineStatus::ChargeMismatch => "charge_mismatch",
            LineStatus::UnknownService => "unknown_service",
            LineStatus::NotPriced => "not_priced",
            LineStatus::BadLine => "bad_line",
        }
    }
}

/// How one charge of a line compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeStatus {
    /// Billed as expected.
    Ok,
    /// Billed, and expected, with different amounts.
    AmountDiffers,
    /// Billed, but the cards do not charge it for this shipment.
    NotExpected,
    /// The cards charge it, but it was not billed.
    Missing,
}

impl ChargeStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeStatus::Ok => "ok",
            ChargeStatus::AmountDiffers => "amount_differs",
            ChargeStatus::NotExpected => "not_expected",
            ChargeStatus::Missing => "missing",
        }
    }
}

/// One charge of a line: billed against expected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChargeFinding {
    /// `base`, or the surcharge code (the card's code when matched).
    pub code: String,
    /// Billed amount (None = not billed).
    pub billed: Option<Decimal>,
    /// Expected amount (None = not expected).
    pub expected: Option<Decimal>,
    /// Billed − expected (missing amounts count as 0).
    pub difference: Decimal,
    /// How it compares.
    pub status: ChargeStatus,
}

/// One reconciled line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineResult {
    /// Status.
    pub status: LineStatus,
    /// Zone of the quote, when priced.
    pub zone: Option<String>,
    /// Billable weight of the quote with its unit, when priced.
    pub billable_weight: Option<String>,
    /// Card that priced it.
    pub card: Option<String>,
    /// Billed total.
    pub billed_total: Decimal,
    /// Total the cards give.
    pub expected_total: Option<Decimal>,
    /// Billed − expected.
    pub difference: Option<Decimal>,
    /// Charge by charge (base first).
    pub charges: Vec<ChargeFinding>,
    /// Sentence for people (the reason a line is not priced, …).
    pub message: String,
}

/// Parses `residential=6.60;fuel=3.10` (also `,` or `|` between pairs, `:` for `=`).
pub fn parse_charges(s: &str) -> Result<Vec<(String, Decimal)>, String> {
    let mut out: Vec<(String, Decimal)> = Vec::new();
    for part in s.split([';', '|']).flat_map(|p| p.split(',')).map(str::trim).filter(|p| !p.is_empty()) {
        let (code, amount) = part
            .split_once('=')
            .or_else(|| part.split_once(':'))
            .ok_or_else(|| format!("{part:?}: write charges as code=amount;code=amount"))?;
        let code = code.trim().to_string();
        let amount = parse_money(amount).ok_or_else(|| format!("{:?} is not an amount", amount.trim()))?;
        match out.iter_mut().find(|(c, _)| *c == code) {
            Some((_, a)) => *a += amount,
            None => out.push((code, amount)),
        }
    }
    Ok(out)
}

/// An amount as bills print it: `12.34`, `$12.34`, `-1.50`, `1,234.50`.
pub fn parse_money(s: &str) -> Option<Decimal> {
    let t: String = s.trim().trim_start_matches('$').chars().filter(|c| *c != ',').collect();
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    Decimal::from_str(t).ok()
}

/// Recomputes one line and compares it. `service` is a service code, or
/// `carrier:code`; `tolerance` is the difference still counted as equal (0 = exact).
pub fn reconcile_line(
    engine: &RateEngine,
    shipment: &Shipment,
    service: &str,
    billed: &Billed,
    tolerance: Decimal,
) -> LineResult {
    let (carrier, code) = match service.split_once(':') {
        Some((c, s)) => (Some(c.trim()), s.trim()),
        None => (None, service.trim()),
    };
    let mut result = LineResult {
        status: LineStatus::UnknownService,
        zone: None,
        billable_weight: None,
        card: None,
        billed_total: billed.total,
        expected_total: None,
        difference: None,
        charges: Vec::new(),
        message: String::new(),
    };
    let known = engine
        .cards()
        .iter()
        .any(|c| carrier.is_none_or(|k| c.doc.carrier == k) && c.services.iter().any(|s| s.code == code));
    if !known {
        result.message = format!("no loaded card has a service {service:?}");
        return result;
    }
    let mut s = shipment.clone();
    s.services = Some(vec![code.to_string()]);
    if let Some(c) = carrier {
        s.filters.carriers = Some(vec![c.to_string()]);
    }
    let quoted = match engine.quote(&s) {
        Ok(q) => q,
        Err(e) => {
            result.status = LineStatus::NotPriced;
            result.message = e.to_string();
            return result;
        }
    };
    let Some(q) = quoted.quotes.first() else {
        result.status = LineStatus::NotPriced;
        result.message =
            quoted.unavailable.first().map_or("not priced".to_string(), |u| format!("{}: {}", u.code, u.message));
        return result;
    };
    result.zone = Some(q.zone.to_string());
    result.billable_weight =
        Some(format!("{} {}", q.billable_weight.value.0.normalize(), q.billable_weight.unit.as_str()));
    result.card = Some(q.card.to_string());
    let expected_total = q.total.0;
    let diff = billed.total - expected_total;
    result.expected_total = Some(expected_total);
    result.difference = Some(diff);

    // Charge by charge: base first, then the quote's surcharges, then billed extras.
    let expected: Vec<(String, Decimal)> =
        q.lines.iter().filter(|l| l.category != Category::Markup).map(|l| (l.code.to_string(), l.amount.0)).collect();
    let expected_base = expected.iter().find(|(c, _)| c == "base").map(|(_, a)| *a);
    let billed_surcharges: Decimal = billed.charges.iter().map(|(_, a)| *a).sum();
    let billed_base = billed.base.unwrap_or(billed.total - billed_surcharges);
    let mut findings = vec![finding("base".into(), Some(billed_base), expected_base, tolerance)];
    // Match billed codes to quote codes.
    let mut matched: Vec<Option<usize>> = Vec::with_capacity(billed.charges.len());
    for (bc, _) in &billed.charges {
        let exact = expected.iter().position(|(c, _)| c == bc && c != "base");
        let by_prefix = || {
            let prefixed: Vec<usize> = expected
                .iter()
                .enumerate()
                .filter(|(_, (c, _))| c.starts_with(&format!("{bc}_")))
                .map(|(i, _)| i)
                .collect();
            match prefixed.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        };
        let m = exact.or_else(by_prefix).filter(|i| !matched.contains(&Some(*i)));
        matched.push(m);
    }
    for (i, (code, amount)) in expected.iter().enumerate() {
        if code == "base" {
            continue;
        }
        let billed_amount =
            billed.charges.iter().zip(&matched).filter(|(_, m)| **m == Some(i)).map(|((_, a), _)| *a).next();
        findings.push(finding(code.clone(), billed_amount, Some(*amount), tolerance));
    }
    for ((code, amount), m) in billed.charges.iter().zip(&matched) {
        if m.is_none() {
            findings.push(finding(code.clone(), Some(*amount), None, tolerance));
        }
    }
    let all_ok = findings.iter().all(|f| f.status == ChargeStatus::Ok);
    result.status = if diff > tolerance {
        LineStatus::Overcharged
    } else if diff < -tolerance {
        LineStatus::Undercharged
    } else if all_ok {
        LineStatus::Match
    } else {
        LineStatus::ChargeMismatch
    };
    let notes: Vec<String> = findings
        .iter()
        .filter(|f| f.status != ChargeStatus::Ok)
        .map(|f| match f.status {
            ChargeStatus::NotExpected => format!("{} billed ({}) but not expected", f.code, f.difference),
            ChargeStatus::Missing => format!("{} expected ({}) but not billed", f.code, -f.difference),
            _ => format!(
                "{} billed {} expected {}",
                f.code,
                f.billed.unwrap_or_default(),
                f.expected.unwrap_or_default()
            ),
        })
        .collect();
    result.message = notes.join("; ");
    result.charges = findings;
    result
}

fn finding(code: String, billed: Option<Decimal>, expected: Option<Decimal>, tolerance: Decimal) -> ChargeFinding {
    let difference = billed.unwrap_or_default() - expected.unwrap_or_default();
    let status = match (billed, expected) {
        (Some(_), None) if !billed.unwrap_or_default().is_zero() => ChargeStatus::NotExpected,
        (None, Some(e)) if !e.is_zero() => ChargeStatus::Missing,
        _ if difference.abs() > tolerance => ChargeStatus::AmountDiffers,
        _ => ChargeStatus::Ok,
    };
    ChargeFinding { code, billed, expected, difference, status }
}

/// Sums over the reconciled lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Lines read.
    pub lines: usize,
    /// Lines per status (wire name → count).
    pub by_status: Vec<(String, usize)>,
    /// Billed total of the lines that could be recomputed.
    pub billed: Decimal,
    /// What the cards give for those lines.
    pub expected: Decimal,
    /// Sum of the positive differences (billed over expected).
    pub overcharge: Decimal,
    /// Sum of the negative differences, as a positive amount.
    pub undercharge: Decimal,
    /// Billed total of the lines that could not be recomputed.
    pub not_reconciled: Decimal,
}

/// Adds up line results.
pub fn totals(results: &[LineResult]) -> Totals {
    let mut t = Totals { lines: results.len(), ..Default::default() };
    for r in results {
        let s = r.status.as_str().to_string();
        match t.by_status.iter_mut().find(|(k, _)| *k == s) {
            Some((_, n)) => *n += 1,
            None => t.by_status.push((s, 1)),
        }
        match (r.expected_total, r.difference) {
            (Some(e), Some(d)) => {
                t.billed += r.billed_total;
                t.expected += e;
                if d > Decimal::ZERO {
                    t.overcharge += d;
                } else {
                    t.undercharge -= d;
                }
            }
            _ => t.not_reconciled += r.billed_total,
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charge_lists() {
        let v = parse_charges("residential=6.60; fuel=$3.10,das:1.50").unwrap();
        assert_eq!(
            v,
            vec![
                ("residential".into(), Decimal::new(660, 2)),
                ("fuel".into(), Decimal::new(310, 2)),
                ("das".into(), Decimal::new(150, 2))
            ]
        );
        assert!(parse_charges("residential").is_err());
        assert!(parse_charges("fuel=abc").is_err());
        assert_eq!(parse_money("$1,234.50"), Some(Decimal::new(123450, 2)));
    }
}
