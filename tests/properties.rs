//! Properties of quoting, checked on random shipments against every shipped card
//! (cards/): lines add up to the total; the price never falls as the weight rises on
//! services whose tables never fall; the same parcel in kg/cm and in lb/in quotes the
//! same; quoting is deterministic (twice, and through the JSON API); fingerprints are
//! stable and verify.
//!
//! Case counts (the `*_CASES` constants) keep the file to seconds in a debug build;
//! each property prints how many quotes it checked (`-- --nocapture`) and fails when
//! too few shipments were priced for it to mean anything.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use zonerate::{shipment_from_json, Date, QuoteResult, RateEngine};

/// Cases per property: the whole file takes a few seconds in a debug build.
const LINES_CASES: u32 = 4096;
const MONOTONE_CASES: u32 = 2048;
const UNITS_CASES: u32 = 2048;
const DETERMINISM_CASES: u32 = 1024;
const FINGERPRINT_CASES: u32 = 512;

fn today() -> Date {
    "2025-11-03".parse().unwrap()
}

fn card_texts() -> &'static Vec<String> {
    static T: OnceLock<Vec<String>> = OnceLock::new();
    T.get_or_init(|| {
        fn walk(p: &Path, out: &mut Vec<PathBuf>) {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p).unwrap().map(|e| e.unwrap().path()).collect();
            v.sort();
            for f in v {
                if f.is_dir() {
                    walk(&f, out);
                } else if f.extension().is_some_and(|x| x == "json") {
                    out.push(f);
                }
            }
        }
        let mut files = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("cards"), &mut files);
        let mut texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
        // Cards that only hold zone tables first: services reference them.
        texts.sort_by_key(|t| t.contains("\"services\""));
        texts
    })
}

/// Every shipped card.
fn engine() -> &'static RateEngine {
    static E: OnceLock<RateEngine> = OnceLock::new();
    E.get_or_init(|| {
        let mut e = RateEngine::new();
        for t in card_texts() {
            e.add_card_json(t).unwrap();
        }
        e
    })
}

/// Every shipped card and markup rules of every kind.
fn marked() -> &'static RateEngine {
    static E: OnceLock<RateEngine> = OnceLock::new();
    E.get_or_init(|| {
        let mut e = engine().clone();
        e.set_markups(
            zonerate::markup::parse_markups(
                r#"{"format":"zonerate.markup/1","rules":[
                {"code":"pct","label":"Markup","type":"percent","percent":"12.5"},
                {"code":"run","label":"Running","type":"percent","percent":"3","of":"running"},
                {"code":"handling","label":"Handling","type":"fixed","amount":"0.35","carriers":["usps","gofo"]},
                {"code":"zone","label":"Zone","type":"perZone","zones":["1","2","8"],"amounts":["0.10","0.20","0.80"]},
                {"code":"floor","label":"Minimum margin","type":"minMargin","amount":"1.25"}]}"#,
            )
            .unwrap(),
        );
        e
    })
}

/// Origins the cards serve (USPS chart origins, regional hubs) and destinations near
/// and far (Alaska, Hawaii, Puerto Rico, Guam).
const FROM: &[&str] = &["85027", "43215", "24060", "90001", "91710", "75001", "60601", "10001", "30301", "07001"];
const TO: &[&str] = &[
    "90210", "10001", "94105", "60601", "75001", "30301", "85001", "43215", "02134", "33101", "98101", "80202",
    "99501", "96701", "00601", "96910", "07001", "91710",
];

fn zip(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![4 => prop::sample::select(list).prop_map(String::from), 1 => (0u32..100_000).prop_map(|n| format!("{n:05}"))]
}

/// n / 10^scale as a decimal string.
fn dec(n: u64, scale: u32) -> String {
    let p = 10u64.pow(scale);
    if scale == 0 {
        n.to_string()
    } else {
        format!("{}.{:0w$}", n / p, n % p, w = scale as usize)
    }
}

/// A weight in 1/10,000 lb: mostly up to 20 lb, sometimes up to 160 lb (over most
/// services' maximum).
fn lb4() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 1u64..=200_000, 1 => 1u64..=1_600_000]
}

/// A weight: up to 4 decimals, in any unit, 0.0001 to about 160 lb.
fn weight() -> impl Strategy<Value = String> {
    (0usize..4, lb4()).prop_map(|(u, n)| {
        let (unit, n) = match u {
            0 => ("lb", n),
            1 => ("oz", n * 16),
            2 => ("kg", n * 45 / 100),
            _ => ("g", n * 45),
        };
        let n = n.max(1);
        if unit == "g" {
            format!("{}g", dec(n, 1))
        } else {
            format!("{}{unit}", dec(n, 4))
        }
    })
}

/// A side in hundredths of an inch: mostly up to 24 in, sometimes up to 60 in.
fn side() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 1u64..=2_400, 1 => 1u64..=6_000]
}

/// Dimensions in hundredths of an inch or tenths of a centimetre.
fn dims() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(0.6, (side(), side(), side(), any::<bool>())).prop_map(|d| {
        d.map(|(a, b, c, cm)| {
            if cm {
                format!("{}x{}x{}cm", dec(a * 254 / 100, 1), dec(b * 254 / 100, 1), dec(c * 254 / 100, 1))
            } else {
                format!("{}x{}x{}in", dec(a, 2), dec(b, 2), dec(c, 2))
            }
        })
    })
}

/// A ship date: mostly while a USPS edition is in force (2025-10-05 to 2026-01-17,
/// from 2026-07-12), sometimes anywhere from 2025-06-01 over two years (the gaps).
fn date() -> impl Strategy<Value = String> {
    let from = |d: &str, n: i64| {
        let start: Date = d.parse().unwrap();
        (0..n).prop_map(move |k| start.add_days(k).to_string())
    };
    prop_oneof![2 => from("2025-10-05", 105), 2 => from("2026-07-12", 365), 1 => from("2025-06-01", 800)]
}

/// A whole shipment as JSON text: one parcel or several, options, views.
fn shipment() -> impl Strategy<Value = String> {
    (
        zip(FROM),
        zip(TO),
        weight(),
        dims(),
        prop::collection::vec((weight(), dims()), 0..4),
        date(),
        any::<bool>(),
        prop::sample::subsequence(vec!["signature", "adult_signature", "insurance"], 0..=2),
        prop::option::of(prop::sample::select(vec!["box", "tube", "roll", "soft"])),
        prop::option::of(0u32..200_000),
        any::<bool>(),
    )
        .prop_map(|(from, to, w, d, parcels, date, residential, flags, packaging, declared, internal)| {
            let mut s = json!({"from": from, "to": to, "shipDate": date, "residential": residential});
            if parcels.len() >= 2 {
                s["parcels"] = parcels
                    .into_iter()
                    .map(|(w, d)| match d {
                        Some(d) => json!({"weight": w, "dimensions": d}),
                        None => json!({"weight": w}),
                    })
                    .collect();
            } else {
                s["weight"] = json!(w);
                if let Some(d) = d {
                    s["dimensions"] = json!(d);
                }
            }
            let mut o = json!({"flags": flags});
            if let Some(p) = packaging {
                o["packaging"] = json!(p);
            }
            if let Some(v) = declared {
                o["declaredValue"] = json!(dec(u64::from(v), 2));
            }
            s["options"] = o;
            if internal {
                s["view"] = json!("internal");
            }
            s.to_string()
        })
}

fn sum(lines: &[zonerate::Line<'_>]) -> Decimal {
    lines.iter().map(|l| l.amount.0).sum()
}

fn check_adds_up(r: &QuoteResult<'_>) -> Result<(), TestCaseError> {
    for q in &r.quotes {
        prop_assert_eq!(sum(&q.lines), q.total.0, "{} {}", q.carrier, q.service);
        for l in &q.lines {
            prop_assert!(l.amount.0 >= Decimal::ZERO && l.amount.0.scale() == 2);
        }
        if !q.parcels.is_empty() {
            prop_assert_eq!(q.parcels.iter().map(|p| p.total.0).sum::<Decimal>(), q.total.0);
            for p in &q.parcels {
                prop_assert_eq!(sum(&p.lines), p.total.0);
            }
        }
        if let (Some(sell), Some(cost), Some(margin)) = (q.sell, q.cost, q.margin) {
            prop_assert_eq!(sell, q.total);
            prop_assert_eq!(margin.0, sell.0 - cost.0);
        }
    }
    Ok(())
}

/// Runs a property over `cases` random inputs and returns how many service quotes it
/// checked (summed from what the property returns), so a test can show it is not vacuous.
fn run<S: Strategy>(cases: u32, strategy: S, property: impl Fn(S::Value) -> Result<usize, TestCaseError>) -> usize
where
    S::Value: std::fmt::Debug,
{
    let checked = std::cell::Cell::new(0usize);
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let result = runner.run(&strategy, |v| {
        checked.set(checked.get() + property(v)?);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    checked.get()
}

/// Lines add up to the total, per parcel too, with and without markups.
#[test]
fn lines_add_up_to_the_total() {
    let n = run(LINES_CASES, (shipment(), any::<bool>()), |(text, markups)| {
        let e = if markups { marked() } else { engine() };
        let s = shipment_from_json(&text, today()).unwrap();
        let r = e.quote(&s).unwrap();
        check_adds_up(&r)?;
        Ok(r.quotes.len())
    });
    eprintln!("lines_add_up_to_the_total: {LINES_CASES} shipments, {n} quotes checked");
    assert!(n >= LINES_CASES as usize / 2, "too few quotes: {n}");
}

// ---- Monotone prices ----

/// Lowest and highest base price of a row in one column (None: no price). Lower bounds
/// may be low and upper bounds high: that only makes fewer services count as monotone.
/// `next_billable(lb)` is the lowest billable weight above the row's lower bound.
fn row_range(
    rows: &[Value],
    i: usize,
    col: usize,
    lb: Decimal,
    ub: Option<Decimal>,
    next_billable: &dyn Fn(Decimal) -> Decimal,
) -> Option<(Decimal, Option<Decimal>)> {
    let d = |v: &Value| -> Option<Decimal> {
        match v {
            Value::String(s) => s.parse().ok(),
            Value::Number(n) => n.to_string().parse().ok(),
            _ => None,
        }
    };
    let per_zone = |v: &Value| -> Option<Decimal> {
        if v.is_array() {
            d(&v[col])
        } else {
            d(v)
        }
    };
    let ceil_div = |a: Decimal, b: Decimal| (a / b).ceil();
    let r = &rows[i];
    match r["mode"].as_str().unwrap_or("flat") {
        "flat" => d(&r["prices"][col]).map(|p| (p, Some(p))),
        "unit" => d(&r["prices"][col]).map(|p| (p * next_billable(lb), ub.map(|u| p * u))),
        "step" => {
            let (f, pf, s, ps) =
                (per_zone(&r["first"])?, d(&r["firstPrice"][col])?, per_zone(&r["step"])?, d(&r["stepPrice"][col])?);
            Some((pf, ub.map(|u| if u <= f { pf } else { pf + ceil_div(u - f, s) * ps })))
        }
        "progressive" => {
            let tiers = r["tiers"].as_array()?;
            let t = d(&tiers[0]["over"])?;
            let base = rows.iter().find(|x| d(&x["upTo"]) == Some(t)).and_then(|x| d(&x["prices"][col]))?;
            let max = ub.map(|u| {
                tiers.iter().fold(base, |acc, k| {
                    let a = d(&k["over"]).unwrap_or_default();
                    let b = d(&k["upTo"]).map_or(u, |b| b.min(u));
                    if b > a {
                        acc + ceil_div(b - a, d(&k["step"]).unwrap()) * d(&k["stepPrice"][col]).unwrap()
                    } else {
                        acc
                    }
                })
            });
            Some((base, max))
        }
        _ => None,
    }
}

/// (card id, service code) → zone label → whether the table never falls in that column
/// (and the service's weight roundings all round up, which keeps the order of weights).
fn monotone() -> &'static BTreeMap<(String, String), BTreeMap<String, bool>> {
    static M: OnceLock<BTreeMap<(String, String), BTreeMap<String, bool>>> = OnceLock::new();
    M.get_or_init(|| {
        let mut out = BTreeMap::new();
        for t in card_texts() {
            let card: Value = serde_json::from_str(t).unwrap();
            for s in card["services"].as_array().into_iter().flatten() {
                let rounding_up =
                    s["billable"]["rounding"].as_array().is_none_or(|r| r.iter().all(|b| b["mode"] == "up"));
                let weight_key = s["table"]["key"].as_str().unwrap_or("weight") == "weight";
                let rows = s["table"]["rows"].as_array().unwrap();
                // Weights above a bound are rounded up by the band they fall in: a unit
                // price then applies from the next multiple of the increment on.
                let bands: Vec<(Decimal, Decimal)> = s["billable"]["rounding"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|b| {
                        let over = b["over"].as_str().unwrap_or("0").parse().unwrap();
                        (over, b["increment"].as_str().unwrap().parse().unwrap())
                    })
                    .collect();
                let next_billable = |lb: Decimal| match bands.iter().rev().find(|(over, _)| *over <= lb) {
                    Some((_, inc)) => ((lb / inc).floor() + Decimal::ONE) * *inc,
                    None => lb,
                };
                let mut cols = BTreeMap::new();
                for (col, zone) in s["table"]["zones"].as_array().unwrap().iter().enumerate() {
                    let mut ok = rounding_up && weight_key;
                    let mut running: Option<Decimal> = None; // highest price of earlier rows
                    let mut lb = Decimal::ZERO;
                    for i in 0..rows.len() {
                        let ub: Option<Decimal> = rows[i]["upTo"]
                            .as_str()
                            .and_then(|u| u.parse().ok())
                            .or_else(|| rows[i]["upTo"].as_f64().map(|f| Decimal::try_from(f).unwrap()));
                        if let Some((min, max)) = row_range(rows, i, col, lb, ub, &next_billable) {
                            if running.is_some_and(|r| min < r) {
                                ok = false;
                            }
                            running = match (running, max) {
                                (_, None) => None, // unbounded: the last row
                                (Some(r), Some(m)) => Some(r.max(m)),
                                (None, Some(m)) => Some(m),
                            };
                        }
                        lb = ub.unwrap_or(lb);
                    }
                    cols.insert(zone.as_str().unwrap().to_string(), ok);
                }
                out.insert((card["id"].as_str().unwrap().to_string(), s["code"].as_str().unwrap().to_string()), cols);
            }
        }
        out
    })
}

#[test]
fn most_shipped_tables_are_monotone_so_the_property_is_not_vacuous() {
    let m = monotone();
    let services = m.values().filter(|cols| cols.values().all(|ok| *ok)).count();
    let columns: usize = m.values().map(|c| c.values().filter(|ok| **ok).count()).sum();
    let all: usize = m.values().map(|c| c.len()).sum();
    eprintln!("monotone: {services} of {} services, {columns} of {all} zone columns", m.len());
    assert!(services >= 10, "only {services} monotone services: {m:?}");
}

/// For w1 < w2 (no dimensions, so dim weight stays out), a service whose table never
/// falls charges at least as much for w2 as for w1, surcharges included.
#[test]
fn price_never_falls_as_weight_rises() {
    let strategy = (zip(FROM), zip(TO), date(), any::<bool>(), lb4(), lb4(), any::<bool>());
    let n = run(MONOTONE_CASES, strategy, |(from, to, date, residential, a, b, kg)| {
        prop_assume!(a != b);
        let (w1, w2) = (a.min(b), a.max(b));
        let w = |n: u64| if kg { format!("{}kg", dec(n * 45_359_237, 12)) } else { format!("{}lb", dec(n, 4)) };
        let q = |n: u64| {
            let text = json!({"from": from, "to": to, "weight": w(n), "shipDate": date, "residential": residential});
            engine().quote(&shipment_from_json(&text.to_string(), today()).unwrap()).unwrap()
        };
        let (r1, r2) = (q(w1), q(w2));
        let m = monotone();
        let mut compared = 0;
        for q1 in &r1.quotes {
            let Some(q2) = r2.quotes.iter().find(|x| x.carrier == q1.carrier && x.service == q1.service) else {
                continue;
            };
            let key = (q1.card.to_string(), q1.service.to_string());
            if q1.card != q2.card || q1.zone != q2.zone || m.get(&key).and_then(|c| c.get(q1.zone)) != Some(&true) {
                continue;
            }
            prop_assert!(
                q2.total >= q1.total,
                "{} {} zone {}: {} for {} but {} for {}",
                q1.card,
                q1.service,
                q1.zone,
                q1.total,
                w(w1),
                q2.total,
                w(w2)
            );
            compared += 1;
        }
        Ok(compared)
    });
    eprintln!("price_never_falls_as_weight_rises: {MONOTONE_CASES} weight pairs, {n} service pairs compared");
    assert!(n >= MONOTONE_CASES as usize, "too few comparisons: {n}");
}

// ---- Units ----

/// The same parcel given in kg and cm or in lb and in quotes the same everywhere:
/// 1 lb = 0.45359237 kg and 1 in = 2.54 cm exactly, and conversions are exact.
#[test]
fn kg_cm_and_lb_in_quote_the_same() {
    let strategy = (zip(FROM), zip(TO), date(), lb4(), prop::option::of((side(), side(), side())));
    let n = run(UNITS_CASES, strategy, |(from, to, date, n, d)| {
        let lb = format!("{}lb", dec(n, 4));
        let kg = format!("{}kg", dec(n * 45_359_237, 12));
        let mut a = json!({"from": from, "to": to, "shipDate": date, "weight": lb});
        let mut b = json!({"from": from, "to": to, "shipDate": date, "weight": kg});
        if let Some((l, w, h)) = d {
            a["dimensions"] = json!(format!("{}x{}x{}in", dec(l, 2), dec(w, 2), dec(h, 2)));
            b["dimensions"] = json!(format!("{}x{}x{}cm", dec(l * 254, 4), dec(w * 254, 4), dec(h * 254, 4)));
        }
        let quote = |v: &Value| engine().quote(&shipment_from_json(&v.to_string(), today()).unwrap()).unwrap();
        let (ra, rb) = (quote(&a), quote(&b));
        let key = |r: &QuoteResult<'_>| -> Vec<String> {
            r.quotes
                .iter()
                .map(|q| {
                    let lines: Vec<(String, String)> =
                        q.lines.iter().map(|l| (l.code.to_string(), l.amount.to_string())).collect();
                    format!(
                        "{} {} {} {} {:?} {:?} {lines:?}",
                        q.service, q.card, q.zone, q.total, q.billable_weight, q.dim_weight
                    )
                })
                .collect()
        };
        prop_assert_eq!(key(&ra), key(&rb), "{} vs {}", a, b);
        let codes = |r: &QuoteResult<'_>| -> Vec<String> {
            r.unavailable.iter().map(|u| format!("{} {}", u.service, u.code)).collect()
        };
        prop_assert_eq!(codes(&ra), codes(&rb));
        Ok(ra.quotes.len())
    });
    eprintln!("kg_cm_and_lb_in_quote_the_same: {UNITS_CASES} parcels, {n} quotes compared");
    assert!(n >= UNITS_CASES as usize, "too few quotes: {n}");
}

// ---- Determinism and fingerprints ----

/// The same input twice gives the same answer, and `quote_json` gives exactly the JSON
/// of `quote`.
#[test]
fn quoting_is_deterministic() {
    let n = run(DETERMINISM_CASES, (shipment(), any::<bool>()), |(text, markups)| {
        let e = if markups { marked() } else { engine() };
        let s = shipment_from_json(&text, today()).unwrap();
        let (r1, r2) = (e.quote(&s).unwrap(), e.quote(&s).unwrap());
        prop_assert_eq!(&r1, &r2);
        let direct = serde_json::to_string(&r1).unwrap();
        prop_assert_eq!(&direct, &zonerate::api::quote_json(e, &text, today()).unwrap());
        prop_assert_eq!(&direct, &zonerate::api::quote_json(e, &text, today()).unwrap());
        Ok(r1.quotes.len())
    });
    eprintln!("quoting_is_deterministic: {DETERMINISM_CASES} shipments, {n} quotes");
    assert!(n >= DETERMINISM_CASES as usize / 2, "too few quotes: {n}");
}

/// Fingerprints are the same every time, verify against the same cards, and change
/// when the weight does.
#[test]
fn fingerprints_are_stable_and_verify() {
    let n = run(FINGERPRINT_CASES, (shipment(), any::<bool>()), |(text, markups)| {
        let e = if markups { marked() } else { engine() };
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v["fingerprint"] = json!(true);
        let text = v.to_string();
        let r1: Value = serde_json::from_str(&zonerate::api::quote_json(e, &text, today()).unwrap()).unwrap();
        let r2: Value = serde_json::from_str(&zonerate::api::quote_json(e, &text, today()).unwrap()).unwrap();
        let prints = |r: &Value| -> Vec<String> {
            r["quotes"].as_array().unwrap().iter().map(|q| q["fingerprint"].as_str().unwrap().to_string()).collect()
        };
        prop_assert_eq!(prints(&r1), prints(&r2));
        for q in r1["quotes"].as_array().unwrap() {
            let out = zonerate::api::verify_quote_json(e, &text, &q.to_string(), today()).unwrap();
            let out: Value = serde_json::from_str(&out).unwrap();
            prop_assert_eq!(&out["valid"], &json!(true), "{}", out);
        }
        if let Some(w) = v["weight"].as_str().map(String::from) {
            // One more digit before the unit: another weight, so other fingerprints.
            let unit_at = w.find(|c: char| c.is_ascii_alphabetic()).unwrap();
            v["weight"] = json!(format!("{}1{}", &w[..unit_at], &w[unit_at..]));
            let r3: Value =
                serde_json::from_str(&zonerate::api::quote_json(e, &v.to_string(), today()).unwrap()).unwrap();
            for p in prints(&r3) {
                prop_assert!(!prints(&r1).contains(&p));
            }
        }
        Ok(prints(&r1).len())
    });
    eprintln!("fingerprints_are_stable_and_verify: {FINGERPRINT_CASES} shipments, {n} fingerprints verified");
    assert!(n >= FINGERPRINT_CASES as usize / 2, "too few fingerprints: {n}");
}
