//! Inputs that crashed a fuzz target (fuzz/), replayed as tests: each must now give an
//! answer (quotes or a coded error), never a panic.
//!
//! Found by fuzzing the code before the robustness work (commit d657848):
//! - `quote`: a weight of 79228162514264337593543950335 kg overflowed (a panic) while
//!   being converted to pounds for the "absurd weight" check.
//! - `card_mutate`: the GOFO card with every price cell set to
//!   7922816251426433759354395033.5 loaded, and quoting it overflowed (a panic) in
//!   `quote::rate` (a unit price times the weight, and the fuel percentage).
//!
//! Shipments (`*.json` under tests/fuzz_regressions/shipments) and cards (under
//! tests/fuzz_regressions/cards) added there are replayed too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use serde_json::Value;
use std::path::Path;
use zonerate::{shipment_from_json, Date, ErrorCode, RateEngine};

fn today() -> Date {
    "2025-11-03".parse().unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// Every shipped card, zone tables first.
fn engine() -> RateEngine {
    common::all_cards_engine()
}

fn files(dir: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root().join(dir)) else { return Vec::new() };
    let mut v: Vec<_> =
        entries.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    v.sort();
    v.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

#[test]
fn quote_crash_a_weight_of_the_decimal_maximum_in_kilograms() {
    // The shipment the `quote` target built from crash-7ebf99b0… (fuzz/seeds/quote).
    let text = r#"{"from":"83152","to":"75001-8027","weight":{"value":"79228162514264337593543950335","unit":"kg"},
        "shipDate":"2024-11-06","options":{"flags":["adult_signature","insurance","cod","x"],"hub":"SEA"},"fingerprint":true}"#;
    let e = shipment_from_json(text, today()).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::InvalidWeight, "weight.value"));
    let e = zonerate::api::quote_json(&engine(), text, today()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidWeight);
}

#[test]
fn card_mutate_crash_every_price_near_the_decimal_maximum() {
    // The card the `card_mutate` target built from crash-5d6cb9cb… (fuzz/seeds/card_mutate).
    let text = read("tests/fuzz_regressions/cards/gofo-prices-near-decimal-max.json");
    let err = RateEngine::new().add_card_json(&text).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "services[0].table.rows[0].prices[0]"));
    assert_eq!(err.message(), "must be at most 1000000");
    // The same on another card, with the maximum itself.
    let mut card: Value = serde_json::from_str(&read("cards/ontrac/ontrac-2026.json")).unwrap();
    for s in card["services"].as_array_mut().unwrap() {
        for r in s["table"]["rows"].as_array_mut().unwrap() {
            let n = r["prices"].as_array().unwrap().len();
            r["prices"] = Value::from(vec!["79228162514264337593543950335"; n]);
        }
    }
    let mut e = RateEngine::new();
    let err = e.add_card_json(&card.to_string()).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "services[0].table.rows[0].prices[0]"));
}

#[test]
fn saved_shipments_and_cards_answer_without_panicking() {
    let e = engine();
    for text in files("tests/fuzz_regressions/shipments") {
        let _ = zonerate::api::quote_json(&e, &text, today());
    }
    for text in files("tests/fuzz_regressions/cards") {
        let mut e = e.clone();
        if e.add_card_json(&text).is_ok() {
            for s in [
                r#"{"from":"90001","to":"90210","weight":"2.5lb","dimensions":"12x10x6in","residential":true}"#,
                r#"{"from":"85027","to":"90210","weight":"149lb","dimensions":"100x40x40in","view":"internal"}"#,
            ] {
                let _ = zonerate::api::quote_json(&e, s, today());
            }
        }
    }
}
