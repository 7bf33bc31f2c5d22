//! Hostile input: cards built to exhaust memory or time (huge texts, a million brackets,
//! deep nesting, huge ZIP lists, too many of anything) are refused quickly with a coded
//! error and the path of the offending array; absurd numbers (prices near the decimal
//! maximum, tiny steps and divisors) are refused at load; and the arithmetic that is left
//! answers `out_of_range` rather than panicking (a panic kills a WebAssembly instance).
//!
//! Time and peak memory per card: `cargo run --release --example hostile`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "hostile_cards/mod.rs"]
mod hostile_cards;

use hostile_cards::{build, matches, NAMES};
use serde_json::Value;
use std::time::{Duration, Instant};
use zonerate::{shipment_from_json, Date, ErrorCode, RateEngine};

fn today() -> Date {
    "2025-11-03".parse().unwrap()
}

/// Generous for a debug build on a shared machine; a release build takes milliseconds.
const QUICK: Duration = Duration::from_secs(5);

#[test]
fn every_hostile_card_is_refused_quickly_with_its_code_and_path() {
    for name in NAMES {
        let case = build(name);
        let mut engine = RateEngine::new();
        let t = Instant::now();
        let got = engine.add_card_json(&case.text);
        let took = t.elapsed();
        match (&case.expect, got) {
            (None, Ok(_)) => {}
            (Some((code, path)), Err(e)) => {
                assert!(
                    matches(&e, *code, path),
                    "{name}: expected {code} at {path:?}, got {} at {:?}: {e}",
                    e.code(),
                    e.path()
                );
                assert!(!e.message().is_empty());
            }
            (None, Err(e)) => panic!("{name}: should load, got {} at {:?}: {e}", e.code(), e.path()),
            (Some((code, _)), Ok(_)) => panic!("{name}: should be refused with {code}"),
        }
        assert!(took < QUICK, "{name}: took {took:?}");
    }
}

#[test]
fn the_bounded_hub_card_still_quotes_and_its_zip_lists_mean_what_they_say() {
    let case = build("100,000 × \"00000-99999\" in a hub's zone (accepted)");
    let mut engine = RateEngine::new();
    engine.add_card_json(&case.text).unwrap();
    // Zone 1 covers everything, then `exclude` removes everything: nothing is served.
    let s = shipment_from_json(r#"{"from":"90210","to":"10001","weight":"1lb"}"#, today()).unwrap();
    let r = engine.quote(&s).unwrap();
    assert!(r.quotes.is_empty());
    assert_eq!(r.unavailable[0].code, "destination_not_served");
}

#[test]
fn card_nesting_beyond_32_levels_is_card_too_large_and_shipment_nesting_is_invalid_json() {
    // Cards: the scan refuses nesting deeper than 32 (the shipped cards reach 10).
    let deep = format!("{}{}", "[".repeat(33), "]".repeat(33));
    let e = zonerate::card::parse_card(&deep).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CardTooLarge);
    // Shipments, batches and markups: serde_json's recursion limit (128) answers
    // `invalid_json` "recursion limit exceeded"; no stack overflow at any depth.
    for n in [127, 128, 129, 10_000, 100_000] {
        let w = format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let text = format!(r#"{{"from":"85027","to":"90210","weight":{w}}}"#);
        let e = shipment_from_json(&text, today()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidJson, "{n}");
        let e = zonerate::api::quote_many_json(&RateEngine::new(), &format!("[{text}]"), today()).unwrap();
        assert!(e.contains("invalid_json"));
        let m = format!(r#"{{"format":"zonerate.markup/1","rules":{w}}}"#);
        assert_eq!(zonerate::markup::parse_markups(&m).unwrap_err().code(), ErrorCode::InvalidJson);
    }
}

// ---- Decimal overflow: rust_decimal's `*`, `+` and `/` panic on overflow. ----

const ZONES: &str = r#""zoneTables":{"z":{"kind":"zip5","labels":["1","2"],"hubs":[{"code":"H","origins":"9*","zones":{"1":"9*","2":"0* 1*"}}]}}"#;

fn card(services: &str, surcharges: &str) -> String {
    format!(
        r#"{{"format":"zonerate/1","id":"big","carrier":"big",{ZONES},"surcharges":[{surcharges}],"services":[{services}]}}"#
    )
}

fn load(text: &str) -> zonerate::Result<RateEngine> {
    let mut e = RateEngine::new();
    e.add_card_json(text)?;
    Ok(e)
}

fn refused(services: &str, surcharges: &str) -> (ErrorCode, String) {
    let e = load(&card(services, surcharges)).unwrap_err();
    (e.code(), e.path().to_string())
}

/// Quotes and checks that every quote's lines add up; returns the JSON result.
fn quote(engine: &RateEngine, shipment: &str) -> Value {
    let s = shipment_from_json(shipment, today()).unwrap();
    let r = engine.quote(&s).unwrap();
    for q in &r.quotes {
        let sum: rust_decimal::Decimal = q.lines.iter().map(|l| l.amount.0).sum();
        assert_eq!(sum, q.total.0);
    }
    serde_json::to_value(&r).unwrap()
}

const HEAVIEST: &str = r#"{"from":"90210","to":"10001","weight":"19999lb","dimensions":"2000x2000x2000in"}"#;

#[test]
fn absurd_card_numbers_are_refused_at_load_with_their_paths() {
    let max = "79228162514264337593543950335";
    let tiny = "0.0000000000000000000000000001";
    let svc = |table: &str, more: &str| {
        format!(r#"{{"code":"s","name":"S","zones":"z","table":{{"zones":["1","2"],"rows":[{table}]}}{more}}}"#)
    };
    let row = r#"{"prices":["5","6"]}"#;
    let cases: Vec<(String, String, ErrorCode, &str)> = vec![
        (
            svc(&format!(r#"{{"mode":"unit","prices":["{max}","1"]}}"#), ""),
            String::new(),
            ErrorCode::InvalidValue,
            "services[0].table.rows[0].prices[0]",
        ),
        (
            svc(r#"{"prices":["1000000.01","1"]}"#, ""),
            String::new(),
            ErrorCode::InvalidValue,
            "services[0].table.rows[0].prices[0]",
        ),
        (
            svc(
                &format!(
                    r#"{{"mode":"step","first":"1","firstPrice":["1","1"],"step":"{tiny}","stepPrice":["1","1"]}}"#
                ),
                "",
            ),
            String::new(),
            ErrorCode::InvalidStep,
            "services[0].table.rows[0].step",
        ),
        (
            svc(
                &format!(
                    r#"{{"mode":"step","first":"{max}","firstPrice":["1","1"],"step":"1","stepPrice":["1","1"]}}"#
                ),
                "",
            ),
            String::new(),
            ErrorCode::InvalidValue,
            "services[0].table.rows[0].first",
        ),
        (
            svc(row, &format!(r#","billable":{{"dimWeight":{{"divisor":"{tiny}"}}}}"#)),
            String::new(),
            ErrorCode::InvalidValue,
            "services[0].billable.dimWeight.divisor",
        ),
        (
            svc(row, &format!(r#","billable":{{"rounding":[{{"over":"0","mode":"up","increment":"{max}"}}]}}"#)),
            String::new(),
            ErrorCode::InvalidValue,
            "services[0].billable.rounding[0].increment",
        ),
        (
            svc(row, &format!(r#","minCharge":"{max}""#)),
            String::new(),
            ErrorCode::InvalidValue,
            "services[0].minCharge",
        ),
        (svc(row, r#","transitDays":[366,1]"#), String::new(), ErrorCode::InvalidValue, "services[0].transitDays[0]"),
        (
            svc(row, r#","surcharges":["m"]"#),
            format!(
                r#"{{"code":"m","label":"M","charge":{{"type":"flat","amount":"1"}},"minBillableWeight":"{max}"}}"#
            ),
            ErrorCode::InvalidValue,
            "surcharges[0].minBillableWeight",
        ),
        (
            svc(row, r#","surcharges":["w"]"#),
            format!(r#"{{"code":"w","label":"W","charge":{{"type":"perWeight","amount":"{max}"}}}}"#),
            ErrorCode::InvalidValue,
            "surcharges[0].charge.amount",
        ),
    ];
    for (services, surcharges, code, path) in cases {
        assert_eq!(refused(&services, &surcharges), (code, path.to_string()), "{services} {surcharges}");
    }
}

#[test]
fn the_largest_allowed_numbers_quote_the_heaviest_parcel_without_panicking() {
    // Every number at its bound: a unit price of 1,000,000 per lb, continuation steps of
    // 0.0001 lb at 1,000,000 each, 100 progressive tiers, a dim divisor of 0.0001, a
    // per-weight surcharge of 1,000,000 per gram and a fuel of 1000 % of the subtotal.
    let tiers: Vec<String> = (0..100)
        .map(|k| {
            let up = if k == 99 { String::new() } else { format!(r#","upTo":"{}""#, k + 2) };
            format!(r#"{{"over":"{}"{up},"step":"0.0001","stepPrice":["1000000","1000000"]}}"#, k + 1)
        })
        .collect();
    let services = [
        (r#"{"mode":"unit","prices":["1000000","1000000"]}"#, ""),
        (
            r#"{"mode":"step","first":"0","firstPrice":["1000000","1000000"],"step":"0.0001","stepPrice":["1000000","1000000"]}"#,
            "",
        ),
        (
            &*format!(
                r#"{{"upTo":"1","prices":["1000000","1000000"]}},{{"mode":"progressive","tiers":[{}]}}"#,
                tiers.join(",")
            ),
            "",
        ),
        (
            r#"{"mode":"unit","prices":["1000000","1000000"]}"#,
            r#","billable":{"dimWeight":{"divisor":"0.0001"},"rounding":[{"over":"0","mode":"up","increment":"0.0001"}]}"#,
        ),
    ];
    let surcharges = r#"{"code":"w","label":"W","charge":{"type":"perWeight","amount":"1000000","unit":"g"},"minBillableWeight":"1000000"},
        {"code":"fuel","label":"Fuel","charge":{"type":"percent","percent":"1000","of":["subtotal"]}}"#;
    for (i, (rows, more)) in services.iter().enumerate() {
        let svc = format!(
            r#"{{"code":"s{i}","name":"S","zones":"z","table":{{"zones":["1","2"],"rows":[{rows}]}}{more},"surcharges":["w","fuel"],"minCharge":"1000000","maxCharge":"1000000"}}"#
        );
        let plain =
            format!(r#"{{"code":"p{i}","name":"P","zones":"z","table":{{"zones":["1","2"],"rows":[{rows}]}}{more}}}"#);
        let engine = load(&card(&format!("{svc},{plain}"), surcharges)).unwrap();
        for s in [HEAVIEST, r#"{"from":"90210","to":"10001","weight":"9071kg","dimensions":"5080x5080x5080cm"}"#] {
            let r = quote(&engine, s);
            let n = r["quotes"].as_array().unwrap().len() + r["unavailable"].as_array().unwrap().len();
            assert_eq!(n, 2, "{r}");
        }
    }
}

#[test]
fn chained_percentages_overflow_into_out_of_range_not_a_panic() {
    // 40 fuel surcharges of 1000 % of the subtotal: the subtotal grows 11× each time.
    let fuels: Vec<String> = (0..40)
        .map(|k| {
            format!(r#"{{"code":"f{k}","label":"F","charge":{{"type":"percent","percent":"1000","of":["subtotal"]}}}}"#)
        })
        .collect();
    let codes: Vec<String> = (0..40).map(|k| format!(r#""f{k}""#)).collect();
    let svc = format!(
        r#"{{"code":"s","name":"S","zones":"z","table":{{"zones":["1","2"],"rows":[{{"prices":["1000000","1000000"]}}]}},"surcharges":[{}]}}"#,
        codes.join(",")
    );
    let engine = load(&card(&svc, &fuels.join(","))).unwrap();
    let r = quote(&engine, r#"{"from":"90210","to":"10001","weight":"1lb"}"#);
    assert_eq!(r["quotes"].as_array().unwrap().len(), 0);
    assert_eq!(r["unavailable"][0]["code"], "out_of_range", "{r}");
    // Line k is 10^7 × 11^k: the twelfth (f11, 2.85 × 10^18) is the first past 10^18.
    assert_eq!(r["unavailable"][0]["message"], "the F is beyond what zonerate can compute with", "{r}");
}

#[test]
fn markups_are_bounded_and_their_arithmetic_is_checked() {
    let rules =
        |r: &str| zonerate::markup::parse_markups(&format!(r#"{{"format":"zonerate.markup/1","rules":[{r}]}}"#));
    let e =
        rules(r#"{"code":"m","label":"M","type":"percent","percent":"79228162514264337593543950335"}"#).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::InvalidMarkup, "rules[0].percent"));
    let e = rules(r#"{"code":"m","label":"M","type":"fixed","amount":"1000000.01"}"#).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::InvalidMarkup, "rules[0].amount"));
    // 40 running percentages of 1000 % compound past the decimal maximum.
    let many: Vec<String> = (0..40)
        .map(|k| format!(r#"{{"code":"m{k}","label":"M","type":"percent","percent":"1000","of":"running"}}"#))
        .collect();
    let svc =
        r#"{"code":"s","name":"S","zones":"z","table":{"zones":["1","2"],"rows":[{"prices":["1000000","1000000"]}]}}"#;
    let mut engine = load(&card(svc, "")).unwrap();
    engine.set_markups(rules(&many.join(",")).unwrap());
    let r = quote(&engine, r#"{"from":"90210","to":"10001","weight":"1lb","view":"internal"}"#);
    assert_eq!(r["unavailable"][0]["code"], "out_of_range", "{r}");
    assert_eq!(r["unavailable"][0]["message"], "the sell price is beyond what zonerate can compute with", "{r}");
}

#[test]
fn absurd_shipment_numbers_are_refused_or_priced_without_panicking() {
    let engine = load(&card(
        r#"{"code":"s","name":"S","zones":"z","table":{"zones":["1","2"],"rows":[{"prices":["5","6"]}]},"surcharges":["v"]}"#,
        r#"{"code":"v","label":"Insurance","charge":{"type":"valueTiers","rows":[{"upTo":"100","amount":"1"},{"amount":"5"}]}}"#,
    ))
    .unwrap();
    let max = "79228162514264337593543950335";
    // Converting this many kilograms to pounds overflowed (a panic) before the check.
    for w in [
        format!("{max}kg"),
        format!("{max}g"),
        format!("{max}lb"),
        format!("{max}oz"),
        "7922816251426433759354395033.5kg".to_string(),
    ] {
        let e = shipment_from_json(&format!(r#"{{"from":"90210","to":"10001","weight":"{w}"}}"#), today()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidWeight, "{w}");
    }
    for d in [format!("{max}x1x1in"), format!("{max}x1x1cm")] {
        let e = shipment_from_json(
            &format!(r#"{{"from":"90210","to":"10001","weight":"1lb","dimensions":"{d}"}}"#),
            today(),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidDimensions, "{d}");
    }
    let r = quote(
        &engine,
        &format!(r#"{{"from":"90210","to":"10001","weight":"1lb","options":{{"declaredValue":"{max}"}}}}"#),
    );
    assert_eq!(r["quotes"][0]["total"], "11.00"); // zone 2: 6.00 + the top tier 5.00
                                                  // A hundred parcels at the largest allowed price still add up.
    let big = load(&card(
        r#"{"code":"s","name":"S","zones":"z","table":{"zones":["1","2"],"rows":[{"mode":"unit","prices":["1000000","1000000"]}]}}"#,
        "",
    ))
    .unwrap();
    let parcels = vec![r#"{"weight":"19999lb","dimensions":"2000x2000x2000in"}"#; 100].join(",");
    let r = quote(&big, &format!(r#"{{"from":"90210","to":"10001","parcels":[{parcels}],"view":"internal"}}"#));
    assert_eq!(r["quotes"][0]["total"], "1999900000000.00");
}
