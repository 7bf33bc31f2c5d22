//! USPS rules worked by hand, against the real cards in `cards/usps/`.
//!
//! Every expected price is a cell read off the official tables in `../shared/data`; the
//! comment beside it names the file, the row and the zone. Every expected zone is a row
//! of a `../shared/data/usps_zones` CSV, cited the same way. The arithmetic that picks
//! the row is written out in the comments. Abbreviations for the price files:
//!
//! - `25/gac` = usps_notice123_2025-10-05/ground_advantage_commercial.csv
//! - `25/gar` = usps_notice123_2025-10-05/ground_advantage_retail.csv
//! - `25/gacc` = usps_notice123_2025-10-05/ground_advantage_commercial_cubic.csv
//! - `25/pmc` = usps_notice123_2025-10-05/priority_mail_commercial.csv
//! - `25/pmr` = usps_notice123_2025-10-05/priority_mail_retail.csv
//! - `25/pmcc` = usps_notice123_2025-10-05/priority_mail_commercial_cubic.csv
//! - `25/pmec` = usps_notice123_2025-10-05/priority_mail_express_commercial.csv
//! - `26/gac`, `26/gar`, `26/pmc` = usps_notice123_2026-07-12_community/{ground_advantage_commercial,
//!   ground_advantage_retail,priority_mail_commercial}.csv
//! - `26/hol` = usps_notice123_2026-07-12_community/holiday_surcharge_2026-10-04_to_2027-01-17.csv
//! - `z850` = usps_zones/zones_origin850_phx_origin431_cmh_shipping-costs.csv
//!   (`zip_prefix,phx_zone,cmh_zone`)
//! - `z240` = usps_zones/zones_origin240_floydVA_chart-2026-10-01.csv, `z240x` = its
//!   `_5digit_exceptions.csv`
//!
//! Unless said otherwise: origin 85027 (Phoenix, ZIP3 850), destination 10001 (ZIP3 100),
//! which is zone 8 (z850 row `100,8,4`); ship date 2025-11-03 (2025 prices) or 2026-08-03
//! (2026 prices, before the 2026 holiday period).

#![allow(clippy::type_complexity)] // test tables are tuples on purpose

use rust_decimal::Decimal;
use std::str::FromStr;
use zonerate::{Date, QuoteResult, RateEngine};

const GAC: &str = "usps_ground_advantage_commercial";
const GAR: &str = "usps_ground_advantage_retail";
const PMC: &str = "usps_priority_mail_commercial";
const PMR: &str = "usps_priority_mail_retail";
const PMEC: &str = "usps_priority_mail_express_commercial";
const PMER: &str = "usps_priority_mail_express_retail";
const GA_CUBIC: &str = "usps_ground_advantage_cubic";
const PM_CUBIC: &str = "usps_priority_mail_cubic";
const ALL: [&str; 8] = [GAC, GAR, PMC, PMR, PMEC, PMER, GA_CUBIC, PM_CUBIC];

const D25: &str = "2025-11-03";
const D26: &str = "2026-08-03";
const PHX: &str = "85027";
const NYC: &str = "10001";

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn engine() -> RateEngine {
    let mut e = RateEngine::new();
    for text in [
        include_str!("../cards/usps/usps-zones.json"),
        include_str!("../cards/usps/usps-2025-10-05.json"),
        include_str!("../cards/usps/usps-2026-07-12.json"),
    ] {
        e.add_card_json(text).unwrap();
    }
    e
}

/// A shipment, as JSON: everything optional past the weight.
#[derive(Clone)]
struct S {
    from: &'static str,
    to: &'static str,
    weight: &'static str,
    dims: Option<&'static str>,
    date: &'static str,
    services: Vec<&'static str>,
    packaging: Option<&'static str>,
}

fn s(weight: &'static str) -> S {
    S { from: PHX, to: NYC, weight, dims: None, date: D25, services: vec![], packaging: None }
}

impl S {
    fn dims(mut self, d: &'static str) -> S {
        self.dims = Some(d);
        self
    }
    fn date(mut self, d: &'static str) -> S {
        self.date = d;
        self
    }
    fn route(mut self, from: &'static str, to: &'static str) -> S {
        self.from = from;
        self.to = to;
        self
    }
    fn packaging(mut self, p: &'static str) -> S {
        self.packaging = Some(p);
        self
    }
    fn only(mut self, svc: &'static str) -> S {
        self.services = vec![svc];
        self
    }
    fn json(&self) -> String {
        let mut v = serde_json::json!({"from": self.from, "to": self.to, "weight": self.weight, "shipDate": self.date});
        if let Some(d) = self.dims {
            v["dimensions"] = d.into();
        }
        if !self.services.is_empty() {
            v["services"] = self.services.clone().into();
        }
        if let Some(p) = self.packaging {
            v["options"] = serde_json::json!({ "packaging": p });
        }
        v.to_string()
    }
}

/// One priced service, simplified.
#[derive(Debug, Clone, PartialEq)]
struct Q {
    zone: String,
    billable: Decimal,
    dim: Option<Decimal>,
    tier: Option<Decimal>,
    total: Decimal,
    /// (code, amount), base first.
    lines: Vec<(String, Decimal)>,
    card: String,
}

impl Q {
    fn line(&self, code: &str) -> Option<Decimal> {
        self.lines.iter().find(|(c, _)| c == code).map(|(_, a)| *a)
    }
    fn base(&self) -> Decimal {
        self.line("base").unwrap()
    }
    fn codes(&self) -> Vec<&str> {
        self.lines.iter().map(|(c, _)| c.as_str()).collect()
    }
}

/// Every quote of the result, checking on the way that its lines add up to its total.
fn all(e: &RateEngine, sh: &S) -> (Vec<(String, Q)>, Vec<(String, String)>) {
    let today: Date = "2000-01-01".parse().unwrap();
    let shipment = zonerate::shipment_from_json(&sh.json(), today).unwrap();
    let r: QuoteResult<'_> = e.quote(&shipment).unwrap();
    let quotes = r
        .quotes
        .iter()
        .map(|q| {
            let sum: Decimal = q.lines.iter().map(|l| l.amount.0).sum();
            assert_eq!(sum, q.total.0, "lines do not add up: {}", serde_json::to_string(q).unwrap());
            assert_eq!(q.lines.first().map(|l| l.code), Some("base"));
            let out = Q {
                zone: q.zone.to_string(),
                billable: q.billable_weight.value.0,
                dim: q.dim_weight.map(|d| d.value.0),
                tier: q.cubic_tier.map(|t| t.0),
                total: q.total.0,
                lines: q.lines.iter().map(|l| (l.code.to_string(), l.amount.0)).collect(),
                card: q.card.to_string(),
            };
            (q.service.to_string(), out)
        })
        .collect();
    let unavailable = r.unavailable.iter().map(|u| (u.service.to_string(), u.code.to_string())).collect();
    (quotes, unavailable)
}

/// The quote of one service (which must be priced).
fn ok(e: &RateEngine, sh: S, svc: &'static str) -> Q {
    let (q, u) = all(e, &sh.only(svc));
    assert_eq!(u, vec![], "{svc} should be priced");
    q.into_iter().next().unwrap().1
}

/// The reason one service cannot take the shipment.
fn no(e: &RateEngine, sh: S, svc: &'static str) -> String {
    let (q, u) = all(e, &sh.only(svc));
    assert!(q.is_empty(), "{svc} should be unavailable, got {q:?}");
    u.into_iter().next().unwrap().1
}

fn lines(v: &[(&str, &str)]) -> Vec<(String, Decimal)> {
    v.iter().map(|(c, a)| (c.to_string(), dec(a))).collect()
}

// ---------------------------------------------------------------------------------
// Dimensional weight
// ---------------------------------------------------------------------------------

#[test]
fn dim_weight_2025_divisor_166_sides_to_nearest_inch() {
    let e = engine();
    // 13 × 13 × 13 = 2,197 in³ > 1,728; 2,197 / 166 = 13.23… → 14 lb > 2.5 lb actual.
    // 25/gac row 14 lb, zone 8 = 28.68.
    let q = ok(&e, s("2.5lb").dims("13x13x13in"), GAC);
    assert_eq!((q.zone.as_str(), q.dim, q.billable, q.total), ("8", Some(dec("14")), dec("14"), dec("28.68")));
    // Same parcel by Priority Mail: 25/pmc row 14 lb, zone 8 = 47.68.
    assert_eq!(ok(&e, s("2.5lb").dims("13x13x13in"), PMC).total, dec("47.68"));
    // Actual weight wins when heavier: dim 14 lb < 16 lb; 25/gac row 16 lb, zone 8 = 31.21.
    let q = ok(&e, s("16lb").dims("13x13x13in"), GAC);
    assert_eq!((q.dim, q.billable, q.total), (Some(dec("14")), dec("16"), dec("31.21")));
    // Sides to the nearest inch: 12.6 × 12.4 × 12.5 → 13 × 12 × 13 (12.5 rounds up)
    // = 2,028 in³; 2,028 / 166 = 12.21… → 13 lb. 25/gac row 13 lb, zone 8 = 27.37.
    let q = ok(&e, s("2.5lb").dims("12.6x12.4x12.5in"), GAC);
    assert_eq!((q.dim, q.total), (Some(dec("13")), dec("27.37")));
    // 12 × 12 × 12.5 → 12 × 12 × 13 = 1,872; 1,872 / 166 = 11.27… → 12 lb.
    // 25/gac row 12 lb, zone 8 = 26.07.
    assert_eq!(ok(&e, s("2.5lb").dims("12x12x12.5in"), GAC).total, dec("26.07"));
}

#[test]
fn dim_weight_2025_applies_only_over_1728_cubic_inches() {
    let e = engine();
    // Exactly 12 × 12 × 12 = 1,728 in³: not over the threshold, no dim weight; 2.5 lb is
    // priced as 3 lb. 25/gac row 3 lb, zone 8 = 13.82.
    let q = ok(&e, s("2.5lb").dims("12x12x12in"), GAC);
    assert_eq!((q.dim, q.billable, q.total), (None, dec("3"), dec("13.82")));
    // 12.4 × 12.4 × 12.4 (1,906.6 in³ as measured) rounds to 12 × 12 × 12 = 1,728: none.
    let q = ok(&e, s("2.5lb").dims("12.4x12.4x12.4in"), GAC);
    assert_eq!((q.dim, q.total), (None, dec("13.82")));
    // 12.1 × 12 × 12 in 2025 → 12 × 12 × 12 = 1,728: none either (compare 2026 below).
    assert_eq!(ok(&e, s("2.5lb").dims("12.1x12x12in"), GAC).dim, None);
}

#[test]
fn dim_weight_2026_divisor_139_sides_rounded_up() {
    let e = engine();
    // 12.1 × 12 × 12 → 13 × 12 × 12 = 1,872 in³ > 1,728; 1,872 / 139 = 13.46… → 14 lb.
    // 26/gac row 14 lb, zone 8 = 31.53.
    let q = ok(&e, s("2.5lb").dims("12.1x12x12in").date(D26), GAC);
    assert_eq!((q.dim, q.billable, q.total), (Some(dec("14")), dec("14"), dec("31.53")));
    // 13 × 13 × 13 = 2,197; 2,197 / 139 = 15.80… → 16 lb (2025: 14 lb).
    // 26/gac row 16 lb, zone 8 = 34.29.
    let q = ok(&e, s("2.5lb").dims("13x13x13in").date(D26), GAC);
    assert_eq!((q.dim, q.total), (Some(dec("16")), dec("34.29")));
    // Exactly 12 × 12 × 12 = 1,728: none; 2.5 lb → 3 lb. 26/gac row 3 lb, zone 8 = 15.75.
    let q = ok(&e, s("2.5lb").dims("12x12x12in").date(D26), GAC);
    assert_eq!((q.dim, q.total), (None, dec("15.75")));
    // 11.2 × 11.2 × 11.2 rounds up to 12 × 12 × 12 = 1,728: still none.
    assert_eq!(ok(&e, s("2.5lb").dims("11.2x11.2x11.2in").date(D26), GAC).dim, None);
    // Priority Mail 2026: 1,872 / 139 → 14 lb. 26/pmc row 14 lb, zone 8 = 51.00.
    assert_eq!(ok(&e, s("2.5lb").dims("12.1x12x12in").date(D26), PMC).total, dec("51.00"));
}

// ---------------------------------------------------------------------------------
// Units and weight brackets
// ---------------------------------------------------------------------------------

#[test]
fn every_weight_unit_lands_in_the_same_bracket() {
    let e = engine();
    // 1 lb = 16 oz = 453.59237 g = 0.45359237 kg exactly: the 1 lb row.
    // 25/gac row 1 lb, zone 8 = 10.37.
    for w in ["1lb", "16oz", "453.59237g", "0.45359237kg", "0.45359237 KG"] {
        let q = ok(&e, s(w), GAC);
        assert_eq!((q.billable, q.total), (dec("1"), dec("10.37")), "{w}");
    }
    // Just over 1 lb, in any unit, is priced as 2 lb: 1.01 lb; 16.01 oz;
    // 0.4536 kg = 1.0000168… lb; 453.6 g = 1.0000168… lb. 25/gac row 2 lb, zone 8 = 11.85.
    for w in ["1.01lb", "16.01oz", "0.4536kg", "453.6g"] {
        let q = ok(&e, s(w), GAC);
        assert_eq!((q.billable, q.total), (dec("2"), dec("11.85")), "{w}");
    }
    // 2 lb = 0.90718474 kg exactly stays 2 lb; the rounded 0.9072 kg is 2.00003… lb → 3 lb.
    // 25/gac row 3 lb, zone 8 = 13.82.
    assert_eq!(ok(&e, s("0.90718474kg"), GAC).total, dec("11.85"));
    assert_eq!(ok(&e, s("0.9072kg"), GAC).total, dec("13.82"));
    // 1 kg = 2.2046… lb → 3 lb = 13.82.
    assert_eq!(ok(&e, s("1kg"), GAC).total, dec("13.82"));
}

#[test]
fn ounce_rows_and_the_step_to_pounds() {
    let e = engine();
    // 25/gac zone 8: 4 oz 5.20, 8 oz 5.55, 12 oz 6.59, 15.999 oz 7.70, 1 lb 10.37.
    for (w, want) in [
        ("4oz", "5.20"),
        ("113.3980925g", "5.20"), // 4 oz exactly (4 × 28.349523125 g)
        ("4.01oz", "5.55"),
        ("8oz", "5.55"),
        ("12oz", "6.59"),
        ("12.001oz", "7.70"),
        ("15.999oz", "7.70"),
        ("0.9999375lb", "7.70"), // 15.999 / 16
        ("15.9995oz", "10.37"),  // over 15.999 oz: the 1 lb row
        ("16oz", "10.37"),
    ] {
        assert_eq!(ok(&e, s(w), GAC).total, dec(want), "{w}");
    }
    // Priority Mail commercial starts with a 0.5 lb row, retail with 1 lb.
    // 25/pmc row 0.5 lb zone 8 = 12.87 (row 1 lb has the same 12.87); 25/pmr row 1 lb,
    // zone 8 = 16.60.
    assert_eq!(ok(&e, s("8oz"), PMC).total, dec("12.87"));
    assert_eq!(ok(&e, s("8oz"), PMR).total, dec("16.60"));
    // 2026 Ground Advantage commercial has one row under 1 lb (15.999 oz) then 1 lb:
    // 26/gac row 15.999 oz zone 8 = 8.40; row 1 lb zone 8 = 10.67.
    assert_eq!(ok(&e, s("4oz").date(D26), GAC).total, dec("8.40"));
    assert_eq!(ok(&e, s("15.999oz").date(D26), GAC).total, dec("8.40"));
    assert_eq!(ok(&e, s("16oz").date(D26), GAC).total, dec("10.67"));
}

// ---------------------------------------------------------------------------------
// Nonstandard fees
// ---------------------------------------------------------------------------------

#[test]
fn length_fees_are_exclusive_22_to_30_then_over_30() {
    let e = engine();
    // 1 lb, 25/gac row 1 lb zone 8 = 10.37; 25/pmc row 1 lb zone 8 = 12.87.
    // Length exactly 22 in: not over 22, no fee.
    assert_eq!(ok(&e, s("1lb").dims("22x4x4in"), GAC).lines, lines(&[("base", "10.37")]));
    // 22 < 22.5 ≤ 30: $4.00 only. 10.37 + 4.00 = 14.37.
    let q = ok(&e, s("1lb").dims("22.5x4x4in"), GAC);
    assert_eq!(q.lines, lines(&[("base", "10.37"), ("ga_nonstandard_length_22", "4.00")]));
    assert_eq!(q.total, dec("14.37"));
    // Exactly 30 in is still the 22–30 fee.
    assert_eq!(ok(&e, s("1lb").dims("30x4x4in"), GAC).total, dec("14.37"));
    // Over 30 in: $8.40 for Ground Advantage, never together with the $4.00.
    // 10.37 + 8.40 = 18.77.
    let q = ok(&e, s("1lb").dims("30.5x4x4in"), GAC);
    assert_eq!(q.lines, lines(&[("base", "10.37"), ("ga_nonstandard_length_30", "8.40")]));
    assert_eq!(q.total, dec("18.77"));
    // Priority Mail: $4.00 for 22–30 in, $18.00 over 30 in. 12.87 + 4.00 = 16.87;
    // 12.87 + 18.00 = 30.87.
    assert_eq!(
        ok(&e, s("1lb").dims("25x4x4in"), PMC).lines,
        lines(&[("base", "12.87"), ("pm_nonstandard_length_22", "4.00")])
    );
    let q = ok(&e, s("1lb").dims("30.5x4x4in"), PMC);
    assert_eq!(q.lines, lines(&[("base", "12.87"), ("pm_nonstandard_length_30", "18.00")]));
    assert_eq!(q.total, dec("30.87"));
    // Priority Mail Express takes the Priority Mail fees: 25/pmec row 1 lb zone 8 = 50.50;
    // 50.50 + 18.00 = 68.50.
    assert_eq!(ok(&e, s("1lb").dims("31x4x4in"), PMEC).total, dec("68.50"));
}

#[test]
fn volume_fee_stacks_with_a_length_fee() {
    let e = engine();
    // 20 × 15 × 12 = 3,600 in³ > 3,456 (2 cu ft), length 20: the volume fee alone.
    // Dim weight 3,600 / 166 = 21.68… → 22 lb. 25/gac row 22 lb zone 8 = 44.80;
    // 44.80 + 18.00 = 62.80.
    let q = ok(&e, s("5lb").dims("20x15x12in"), GAC);
    assert_eq!(q.billable, dec("22"));
    assert_eq!(q.lines, lines(&[("base", "44.80"), ("ga_nonstandard_volume", "18.00")]));
    assert_eq!(q.total, dec("62.80"));
    // 31 × 12 × 10 = 3,720 in³: length over 30 and volume over 2 cu ft, both charged.
    // Dim 3,720 / 166 = 22.40… → 23 lb. 25/gac row 23 lb zone 8 = 52.38;
    // 52.38 + 8.40 + 18.00 = 78.78.
    let q = ok(&e, s("5lb").dims("31x12x10in"), GAC);
    assert_eq!(
        q.lines,
        lines(&[("base", "52.38"), ("ga_nonstandard_length_30", "8.40"), ("ga_nonstandard_volume", "18.00")])
    );
    assert_eq!(q.total, dec("78.78"));
    // Priority Mail: 25/pmc row 23 lb zone 8 = 83.93; 83.93 + 18.00 + 30.00 = 131.93.
    let q = ok(&e, s("5lb").dims("31x12x10in"), PMC);
    assert_eq!(
        q.lines,
        lines(&[("base", "83.93"), ("pm_nonstandard_length_30", "18.00"), ("pm_nonstandard_volume", "30.00")])
    );
    assert_eq!(q.total, dec("131.93"));
}

#[test]
fn packaging_fee_from_shipment_options() {
    let e = engine();
    // A tube: $4.00 on top. 10 × 4 × 4, 1 lb: 25/gac row 1 lb zone 8 = 10.37 → 14.37.
    let q = ok(&e, s("1lb").dims("10x4x4in").packaging("tube"), GAC);
    assert_eq!(q.lines, lines(&[("base", "10.37"), ("nonstandard_packaging", "4.00")]));
    // A 36 in tube, 2 lb: length fee and packaging fee are different kinds and stack.
    // 25/gac row 2 lb zone 8 = 11.85; 11.85 + 8.40 + 4.00 = 24.25.
    let q = ok(&e, s("2lb").dims("36x4x4in").packaging("tube"), GAC);
    assert_eq!(q.codes(), ["base", "ga_nonstandard_length_30", "nonstandard_packaging"]);
    assert_eq!(q.total, dec("24.25"));
    // A box is standard packaging: no fee.
    assert_eq!(ok(&e, s("1lb").dims("10x4x4in").packaging("box"), GAC).total, dec("10.37"));
}

#[test]
fn length_fees_2026_are_4_50_and_10_00_for_ground_advantage() {
    let e = engine();
    // 26/gac row 1 lb zone 8 = 10.67. 25 in: 10.67 + 4.50 = 15.17; 31 in: 10.67 + 10.00.
    assert_eq!(ok(&e, s("1lb").dims("25x4x4in").date(D26), GAC).total, dec("15.17"));
    assert_eq!(ok(&e, s("1lb").dims("31x4x4in").date(D26), GAC).total, dec("20.67"));
}

// ---------------------------------------------------------------------------------
// Size and weight limits, oversized
// ---------------------------------------------------------------------------------

#[test]
fn oversized_ground_advantage_is_priced_regardless_of_weight() {
    let e = engine();
    // 60 × 12 × 12.25: L + G = 60 + 2 × (12 + 12.25) = 108.5 > 108 → oversized price.
    // 25/gac row oversized zone 8 = 257.51; 25/gar row oversized zone 8 = 263.00.
    // On top: length 60 > 30 → 8.40; volume 8,820 > 3,456 → 18.00. Total 283.91.
    for w in ["1lb", "40lb", "70lb"] {
        let q = ok(&e, s(w).dims("60x12x12.25in"), GAC);
        assert_eq!(
            q.lines,
            lines(&[("base", "257.51"), ("ga_nonstandard_length_30", "8.40"), ("ga_nonstandard_volume", "18.00")]),
            "{w}"
        );
        assert_eq!(q.total, dec("283.91"));
        assert_eq!(ok(&e, s(w).dims("60x12x12.25in"), GAR).base(), dec("263.00"));
    }
    // A long thin tube, L + G = 100.25 + 8 = 108.25, volume 401 in³: 257.51 + 8.40 = 265.91.
    assert_eq!(ok(&e, s("0.5lb").dims("100.25x2x2in"), GAC).total, dec("265.91"));
    // Exactly 130 in (70 + 2 × (15 + 15)) is still oversized: base 257.51.
    assert_eq!(ok(&e, s("3lb").dims("70x15x15in"), GAC).base(), dec("257.51"));
    // Exactly 108 in is not: 60 × 12 × 12 is priced by weight. Dim 8,640 / 166 = 52.04…
    // → 53 lb. 25/gac row 53 lb zone 8 = 143.16.
    let q = ok(&e, s("3lb").dims("60x12x12in"), GAC);
    assert_eq!((q.billable, q.base()), (dec("53"), dec("143.16")));
    // Over 130 in: not accepted.
    assert_eq!(no(&e, s("3lb").dims("70x15x15.25in"), GAC), "over_max_size");
    assert_eq!(no(&e, s("3lb").dims("70x15x15.25in"), GAR), "over_max_size");
}

#[test]
fn priority_mail_stops_at_108_inches_and_everything_at_70_lb() {
    let e = engine();
    // L + G = 108.5 > 108.
    for svc in [PMC, PMR, PMEC, PMER] {
        assert_eq!(no(&e, s("3lb").dims("60x12x12.25in"), svc), "over_max_size", "{svc}");
    }
    // 108 exactly is fine: 25/pmc row 53 lb (dim weight as above)… only check it prices.
    ok(&e, s("3lb").dims("60x12x12in"), PMC);
    // 2026: Ground Advantage has no oversized prices in the data, so over 108 in it is
    // refused too.
    assert_eq!(no(&e, s("3lb").dims("60x12x12.25in").date(D26), GAC), "over_max_size");
    // 70 lb is the heaviest: 25/gac row 70 lb zone 8 = 172.98.
    assert_eq!(ok(&e, s("70lb"), GAC).total, dec("172.98"));
    for svc in [GAC, GAR, PMC, PMR, PMEC, PMER] {
        assert_eq!(no(&e, s("70.01lb"), svc), "over_max_weight", "{svc}");
    }
    for svc in [GAC, GAR, PMC] {
        assert_eq!(no(&e, s("70.01lb").date(D26), svc), "over_max_weight", "{svc}");
    }
}

// ---------------------------------------------------------------------------------
// Cubic
// ---------------------------------------------------------------------------------

#[test]
fn cubic_tier_from_quarter_inch_sides() {
    let e = engine();
    // 12.2 × 12.2 × 6.1 → ¼ in down → 12 × 12 × 6 = 864 in³ = 0.5 cu ft → tier 0.5.
    // 25/pmcc row 0.50 zone 8 = 27.70; 25/gacc row 0.50 zone 8 = 16.58.
    let q = ok(&e, s("3lb").dims("12.2x12.2x6.1in"), PM_CUBIC);
    assert_eq!((q.tier, q.total), (Some(dec("0.5")), dec("27.70")));
    assert_eq!(ok(&e, s("3lb").dims("12.2x12.2x6.1in"), GA_CUBIC).total, dec("16.58"));
    // The tier, not the weight, picks the row: 20 lb, same box, same price.
    assert_eq!(ok(&e, s("20lb").dims("12.2x12.2x6.1in"), PM_CUBIC).total, dec("27.70"));
    // 12.3 × 12 × 6 → 12.25 × 12 × 6 = 882 in³ = 0.5104 cu ft → up to tier 0.6.
    // 25/gacc row 0.60 zone 8 = 17.75; Priority Mail Cubic stops at 0.5: no price.
    let q = ok(&e, s("3lb").dims("12.3x12x6in"), GA_CUBIC);
    assert_eq!((q.tier, q.total), (Some(dec("0.6")), dec("17.75")));
    assert_eq!(no(&e, s("3lb").dims("12.3x12x6in"), PM_CUBIC), "no_price");
    // 8 × 8 × 2.7 → 8 × 8 × 2.5 = 160 in³ = 0.0926 cu ft → tier 0.1.
    // 25/pmcc row 0.10 zone 8 = 13.33; 25/gacc row 0.10 zone 8 = 9.70.
    assert_eq!(ok(&e, s("1lb").dims("8x8x2.7in"), PM_CUBIC).total, dec("13.33"));
    assert_eq!(ok(&e, s("1lb").dims("8x8x2.7in"), GA_CUBIC).total, dec("9.70"));
    // 18 in is the longest side allowed: 18 × 10 × 5 = 900 in³ = 0.52 cu ft → tier 0.6.
    assert_eq!(ok(&e, s("1lb").dims("18x10x5in"), GA_CUBIC).total, dec("17.75"));
    // Metric input: 30.48 cm = 12 in, 15.24 cm = 6 in → 864 in³ → tier 0.5 → 27.70.
    assert_eq!(ok(&e, s("1lb").dims("30.48x30.48x15.24cm"), PM_CUBIC).total, dec("27.70"));
}

#[test]
fn cubic_limits() {
    let e = engine();
    for svc in [GA_CUBIC, PM_CUBIC] {
        assert_eq!(no(&e, s("1lb").dims("18.1x10x5in"), svc), "over_max_length", "{svc}");
        assert_eq!(no(&e, s("20.01lb").dims("12x12x6in"), svc), "over_max_weight", "{svc}");
        assert_eq!(no(&e, s("1lb"), svc), "dimensions_required", "{svc}");
    }
    // 20 lb exactly is allowed.
    ok(&e, s("20lb").dims("12x12x6in"), GA_CUBIC);
}

// ---------------------------------------------------------------------------------
// Zones from the real charts
// ---------------------------------------------------------------------------------

#[test]
fn zones_for_origins_850_and_431() {
    let e = engine();
    // Origins 85027 (ZIP3 850: z850 column phx_zone) and 43110 (ZIP3 431: cmh_zone).
    let zone = |from: &'static str, to: &'static str| ok(&e, s("1lb").route(from, to), GAC).zone;
    // z850 row `100,8,4`.
    assert_eq!(zone("85027", "10001"), "8");
    assert_eq!(zone("43110", "10001"), "4");
    // z850 row `902,4,8`.
    assert_eq!(zone("85027", "90210"), "4");
    assert_eq!(zone("43110", "90210"), "8");
    // z850 row `430,7,1*`: the `*` (same NDC) is stripped.
    assert_eq!(zone("85027", "43004"), "7");
    assert_eq!(zone("43110", "43004"), "1");
    // z850 row `850,1*,7`.
    assert_eq!(zone("85001", "85027"), "1");
    assert_eq!(zone("43110", "85027"), "7");
    // z850 row `981,6,8`; row `006,8,7` (leading zeros matter).
    assert_eq!(zone("85027", "98101"), "6");
    assert_eq!(zone("43110", "00601"), "7");
    // z850 row `969,9,9`: zone 9. Priority Mail prices it apart (25/pmc row 1 lb zone 9
    // = 26.67); Ground Advantage prices zone 9 as zone 8 (25/gac row 1 lb zone 9 = 10.37).
    let q = ok(&e, s("1lb").route("85027", "96910"), PMC);
    assert_eq!((q.zone.as_str(), q.total), ("9", dec("26.67")));
    assert_eq!(ok(&e, s("1lb").route("85027", "96910"), GAC).total, dec("10.37"));
    // z850 row `967,,`: empty = no service.
    assert_eq!(no(&e, s("1lb").route("85027", "96701"), GAC), "destination_not_served");
    // An origin with no chart.
    assert_eq!(no(&e, s("1lb").route("60601", "10001"), GAC), "origin_not_served");
}

#[test]
fn origin_240_chart_from_2026_10_01_with_five_digit_exceptions() {
    let e = engine();
    let at = |to: &'static str, date: &'static str| ok(&e, s("1lb").route("24060", to).date(date), GAC).zone;
    // z240 row `240,100,4`.
    assert_eq!(at("10001", "2026-10-01"), "4");
    // z240 row `240,969,9`, but z240x row `240,96900,96938,8`: 96910 is zone 8 …
    assert_eq!(at("96910", "2026-10-05"), "8");
    assert_eq!(at("96938", "2026-10-05"), "8");
    // … while 96939–96944 are in no exception range and keep the chart's zone 9.
    assert_eq!(at("96940", "2026-10-05"), "9");
    // z240 row `240,962,8`, but z240x row `240,96200,96699,4` (military): zone 4.
    assert_eq!(at("96201", "2026-10-05"), "4");
    // Before 2026-10-01 the chart is not in force and no other chart has origin 240.
    let (q, u) = all(&e, &s("1lb").route("24060", "10001").date("2026-09-30"));
    assert!(q.is_empty());
    assert_eq!(u.len(), 8);
    for (svc, code) in &u {
        let want = if [GAC, GAR, PMC].contains(&svc.as_str()) { "origin_not_served" } else { "no_card_in_effect" };
        assert_eq!(code, want, "{svc}");
    }
    assert_eq!(no(&e, s("1lb").route("24060", "10001").date(D25), PMC), "origin_not_served");
}

// ---------------------------------------------------------------------------------
// Effective dates
// ---------------------------------------------------------------------------------

fn by_card(e: &RateEngine, date: &'static str) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let (q, u) = all(e, &s("1lb").dims("10x8x4in").date(date));
    (q.into_iter().map(|(svc, q)| (svc, q.card)).collect(), u)
}

#[test]
fn which_card_is_in_force() {
    let e = engine();
    let all8 =
        |card: &str| -> Vec<(String, String)> { ALL.iter().map(|s| (s.to_string(), card.to_string())).collect() };
    // The 2025-10-05 card (holiday prices included) is in force 2025-10-05 through
    // 2026-01-17 inclusive, as the project specifies.
    for d in ["2025-10-05", "2026-01-17"] {
        let (q, u) = by_card(&e, d);
        assert_eq!((q, u), (all8("usps-2025-10-05"), vec![]), "{d}");
    }
    // The first 2025 ship day is priced from the 2025 table: 25/gac row 1 lb zone 8 = 10.37.
    assert_eq!(ok(&e, s("1lb").date("2025-10-05"), GAC).total, dec("10.37"));
    // Before it, and between the editions, nothing is in force.
    for d in ["2025-10-04", "2026-01-18", "2026-01-19", "2026-07-11"] {
        let (q, u) = by_card(&e, d);
        assert!(q.is_empty(), "{d}");
        let codes: Vec<(String, String)> =
            ALL.iter().map(|s| (s.to_string(), "no_card_in_effect".to_string())).collect();
        assert_eq!(u, codes, "{d}");
    }
    // From 2026-07-12 the 2026 card prices its 3 services; the other 5 have no card.
    let (q, u) = by_card(&e, "2026-07-12");
    assert_eq!(q, [GAC, GAR, PMC].map(|s| (s.to_string(), "usps-2026-07-12".to_string())));
    assert_eq!(u, [PMR, PMEC, PMER, GA_CUBIC, PM_CUBIC].map(|s| (s.to_string(), "no_card_in_effect".to_string())));
    // 1 lb, 2026 prices: 26/gac row 1 lb zone 8 = 10.67; 26/pmc row 1 lb zone 8 = 15.22.
    assert_eq!(ok(&e, s("1lb").date("2026-07-12"), GAC).total, dec("10.67"));
    assert_eq!(ok(&e, s("1lb").date("2026-07-12"), PMC).total, dec("15.22"));
}

// ---------------------------------------------------------------------------------
// The 2026 holiday add-on
// ---------------------------------------------------------------------------------

#[test]
fn holiday_add_on_2026_is_dated() {
    let e = engine();
    // 2 lb to zone 8: 26/gac row 2 lb zone 8 = 12.87; 26/hol band "Up to 3 lb",
    // ga_commercial_z5_9 = 0.55 → 13.42 from 2026-10-04 through 2027-01-17.
    for (d, hol) in [
        ("2026-10-03", None),
        ("2026-10-04", Some("0.55")),
        ("2026-12-15", Some("0.55")),
        ("2027-01-17", Some("0.55")),
        ("2027-01-18", None),
    ] {
        let q = ok(&e, s("2lb").date(d), GAC);
        assert_eq!(q.line("holiday_ga_commercial"), hol.map(dec), "{d}");
        let want = dec("12.87") + hol.map_or(Decimal::ZERO, dec);
        assert_eq!(q.total, want, "{d}");
    }
}

#[test]
fn holiday_add_on_2026_by_weight_band_and_zone_group() {
    let e = engine();
    let d = "2026-11-02";
    // 5 lb from 43110 (ZIP3 431, Columbus chart) to 10001: zone 4 (z850 row `100,8,4`). 26/gac row 5 lb zone 4
    // = 11.02; 26/hol band "4 to 10 lb" ga_commercial_z1_4 = 0.65 → 11.67.
    let q = ok(&e, s("5lb").route("43110", NYC).date(d), GAC);
    assert_eq!(q.lines, lines(&[("base", "11.02"), ("holiday_ga_commercial", "0.65")]));
    // 3 lb is still the first band (up to 3 lb inclusive), zone 8: 26/gac row 3 lb
    // = 15.75 + 0.55 = 16.30. 3.01 lb → 4 lb → band "4 to 10 lb", z5_9 = 1.05.
    assert_eq!(ok(&e, s("3lb").date(d), GAC).line("holiday_ga_commercial"), Some(dec("0.55")));
    assert_eq!(ok(&e, s("3lb").date(d), GAC).total, dec("16.30"));
    assert_eq!(ok(&e, s("3.01lb").date(d), GAC).line("holiday_ga_commercial"), Some(dec("1.05")));
    // 10.5 lb → 11 lb → band "11 to 25 lb", z5_9 = 1.75.
    assert_eq!(ok(&e, s("10.5lb").date(d), GAC).line("holiday_ga_commercial"), Some(dec("1.75")));
    // Retail, 12 lb, zone 8: 26/gar row 12 lb zone 8 = 46.50; 26/hol "11 to 25 lb"
    // ga_retail_z5_9 = 2.75 → 49.25.
    let q = ok(&e, s("12lb").date(d), GAR);
    assert_eq!(q.lines, lines(&[("base", "46.50"), ("holiday_ga_retail", "2.75")]));
    assert_eq!(q.total, dec("49.25"));
    // Priority Mail, 25 lb, zone 1 (z850 row `850,1*,7`): 26/pmc row 25 lb zone 1 = 29.24;
    // 26/hol "11 to 25 lb" pm_commercial_z1_4 = 1.05 → 30.29.
    let q = ok(&e, s("25lb").route("85001", PHX).date(d), PMC);
    assert_eq!((q.zone.as_str(), q.total), ("1", dec("30.29")));
    assert_eq!(q.line("holiday_pm_commercial"), Some(dec("1.05")));
    // Priority Mail zone 9 (z850 row `969,9,9`), 2 lb: 26/pmc row 2 lb zone 9 = 34.94;
    // 26/hol "Up to 3 lb" pm_commercial_z5_9 = 0.85 → 35.79.
    assert_eq!(ok(&e, s("2lb").route(PHX, "96910").date(d), PMC).total, dec("35.79"));
    // Over 25 lb the data has no band: no holiday line. 26/pmc row 26 lb zone 8 = 121.13.
    let q = ok(&e, s("26lb").date(d), PMC);
    assert_eq!(q.lines, lines(&[("base", "121.13")]));
    // Priority Mail zone 9 over 20 lb has no price at all (26/pmc row 21 lb zone 9 empty).
    assert_eq!(no(&e, s("21lb").route(PHX, "96910").date(d), PMC), "no_price");
    // Dim weight picks the band: 13 × 13 × 13 → 2,197 / 139 → 16 lb → "11 to 25 lb" 1.75;
    // 26/gac row 16 lb zone 8 = 34.29 → 36.04.
    let q = ok(&e, s("2lb").dims("13x13x13in").date(d), GAC);
    assert_eq!(q.lines, lines(&[("base", "34.29"), ("holiday_ga_commercial", "1.75")]));
}

// ---------------------------------------------------------------------------------
// Lines add up
// ---------------------------------------------------------------------------------

#[test]
fn lines_add_up_to_the_total_in_every_quote() {
    // `all` checks every quote; this walks a grid of parcels, routes and dates.
    let e = engine();
    let mut n = 0;
    let routes = [(PHX, NYC), ("43110", "90210"), (PHX, "96910"), ("85001", PHX), ("24060", "96910")];
    let dates = ["2025-11-03", "2026-01-17", "2026-08-03", "2026-10-04", "2027-01-17"];
    let weights = ["3oz", "15.999oz", "1lb", "2.5lb", "0.8kg", "9.99lb", "24lb", "26lb", "69.5lb"];
    let dims = [
        None,
        Some("12x12x6in"),
        Some("13x13x13in"),
        Some("31x12x10in"),
        Some("60x12x12.25in"),
        Some("17.9x9.1x3.3in"),
    ];
    for (from, to) in routes {
        for date in dates {
            for w in weights {
                for d in dims {
                    for p in [None, Some("tube")] {
                        let mut sh = s(w).route(from, to).date(date);
                        sh.dims = d;
                        sh.packaging = p;
                        n += all(&e, &sh).0.len();
                    }
                }
            }
        }
    }
    println!("{n} quotes, lines add up in each");
    assert!(n > 3000, "{n}");
}
