//! Bad inputs give coded errors with the path of the bad field, and never a panic.
//!
//! Part one is a table of bad cards and bad shipments with the error each must give
//! (`err.code().as_str()`, `err.path()`). Part two mutates the real USPS cards in many
//! ways (truncation, wrong values, nulls, huge strings) and checks that loading them,
//! and quoting with those that load, returns instead of panicking.

#![allow(clippy::type_complexity)] // test tables are tuples on purpose

use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use zonerate::{Date, RateEngine};

fn today() -> Date {
    "2025-11-03".parse().unwrap()
}

/// A small valid card: one zip3 table (origin 100 → 101xx zone 1, 102xx zone 2), a
/// surcharge, and one service whose rows 0–2 are flat and row 3 is first + continuation.
fn card() -> Value {
    let mut chart = vec!['-'; 1000];
    chart[101] = '1';
    chart[102] = '2';
    json!({
        "format": "zonerate/1",
        "id": "test-card",
        "carrier": "test",
        "effective": {"from": "2025-01-01"},
        "zoneTables": {"z": {"kind": "zip3", "labels": ["1", "2"], "origins": {"100": chart.into_iter().collect::<String>()}}},
        "surcharges": [{"code": "fuel", "label": "Fuel", "charge": {"type": "percent", "percent": "10"}}],
        "services": [{
            "code": "ground",
            "name": "Ground",
            "zones": "z",
            "table": {"zones": ["1", "2"], "rows": [
                {"upTo": "1", "prices": ["5.00", "6.00"]},
                {"upTo": "2", "prices": ["6.00", "7.00"]},
                {"upTo": "3", "prices": ["7.00", "8.00"]},
                {"upTo": "10", "mode": "step", "first": "3", "firstPrice": ["7.00", "8.00"], "step": "1", "stepPrice": ["0.50", "0.60"]}
            ]},
            "surcharges": ["fuel"]
        }]
    })
}

/// The card with `f` applied.
fn with(f: impl FnOnce(&mut Value)) -> String {
    let mut c = card();
    f(&mut c);
    c.to_string()
}

fn load(text: &str) -> Result<(), (String, String)> {
    let mut e = RateEngine::new();
    e.add_card_json(text).map(|_| ()).map_err(|err| (err.code().as_str().to_string(), err.path().to_string()))
}

#[test]
fn the_base_card_is_valid_and_quotes() {
    let mut e = RateEngine::new();
    e.add_card_json(&card().to_string()).unwrap();
    let s = zonerate::shipment_from_json(r#"{"from":"10001","to":"10201","weight":"4.5lb"}"#, today()).unwrap();
    let r = e.quote(&s).unwrap();
    // Zone 2, 4.5 lb in the step row: 8.00 + ceil((4.5 − 3) / 1) × 0.60 = 9.20; fuel
    // 10 % = 0.92; total 10.12.
    assert_eq!(r.quotes[0].total.to_string(), "10.12");
}

#[test]
fn bad_cards_give_coded_errors_with_paths() {
    let dup = card().to_string();
    let cases: Vec<(&str, String, &str, &str)> = vec![
        // Cut short: the path is where the text ran out.
        ("malformed JSON", r#"{"format": "zonerate/1", "id": "#.to_string(), "invalid_json", "id"),
        ("not JSON at all", "rate card".to_string(), "invalid_json", ""),
        ("trailing garbage", format!("{dup} x"), "invalid_json", ""),
        ("unknown top-level field", with(|c| c["colour"] = json!("red")), "invalid_json", "colour"),
        (
            "unknown field in a row",
            with(|c| c["services"][0]["table"]["rows"][1]["price"] = json!(["1", "2"])),
            "invalid_json",
            "services[0].table.rows[1].price",
        ),
        (
            "missing required field",
            with(|c| {
                c["services"][0].as_object_mut().unwrap().remove("name");
            }),
            "invalid_json",
            "services[0]",
        ),
        (
            "wrong type",
            with(|c| c["services"][0]["table"]["rows"][0]["prices"] = json!("5.00")),
            "invalid_json",
            "services[0].table.rows[0].prices",
        ),
        ("wrong format", with(|c| c["format"] = json!("zonerate/2")), "unsupported_format", "format"),
        (
            "zero step",
            with(|c| c["services"][0]["table"]["rows"][3]["step"] = json!("0")),
            "invalid_step",
            "services[0].table.rows[3].step",
        ),
        (
            "negative step",
            with(|c| c["services"][0]["table"]["rows"][3]["step"] = json!("-0.5")),
            "invalid_step",
            "services[0].table.rows[3].step",
        ),
        (
            "repeated bracket",
            with(|c| c["services"][0]["table"]["rows"][1]["upTo"] = json!("1")),
            "overlapping_brackets",
            "services[0].table.rows[1].upTo",
        ),
        (
            "brackets out of order",
            with(|c| c["services"][0]["table"]["rows"][2]["upTo"] = json!("1.5")),
            "overlapping_brackets",
            "services[0].table.rows[2].upTo",
        ),
        (
            "unbounded row before the last",
            with(|c| {
                c["services"][0]["table"]["rows"][1].as_object_mut().unwrap().remove("upTo");
            }),
            "overlapping_brackets",
            "services[0].table.rows[1].upTo",
        ),
        (
            "unknown zone table",
            with(|c| c["services"][0]["zones"] = json!("usps_zip3")),
            "unknown_zone_table",
            "services[0].zones",
        ),
        (
            "unknown zone table in a list",
            with(|c| c["services"][0]["zones"] = json!(["z", "nope"])),
            "unknown_zone_table",
            "services[0].zones[1]",
        ),
        (
            "unknown surcharge",
            with(|c| c["services"][0]["surcharges"] = json!(["fuel", "residential"])),
            "unknown_surcharge",
            "services[0].surcharges[1]",
        ),
        (
            "prices ≠ zones",
            with(|c| c["services"][0]["table"]["rows"][0]["prices"] = json!(["5.00"])),
            "zone_count_mismatch",
            "services[0].table.rows[0].prices",
        ),
        (
            "step prices ≠ zones",
            with(|c| c["services"][0]["table"]["rows"][3]["stepPrice"] = json!(["0.5", "0.6", "0.7"])),
            "zone_count_mismatch",
            "services[0].table.rows[3].stepPrice",
        ),
        (
            "negative price",
            with(|c| c["services"][0]["table"]["rows"][2]["prices"][1] = json!("-8.00")),
            "invalid_value",
            "services[0].table.rows[2].prices[1]",
        ),
        (
            "negative surcharge",
            with(|c| c["surcharges"][0]["charge"]["percent"] = json!("-10")),
            "invalid_value",
            "surcharges[0].charge.percent",
        ),
        (
            "price not a number",
            with(|c| c["services"][0]["table"]["rows"][2]["prices"][1] = json!("eight")),
            "invalid_json",
            "services[0].table.rows[2].prices[1]",
        ),
        (
            "zero upTo",
            with(|c| c["services"][0]["table"]["rows"][0]["upTo"] = json!("0")),
            "invalid_value",
            "services[0].table.rows[0].upTo",
        ),
        (
            "duplicate service",
            with(|c| {
                let s = c["services"][0].clone();
                c["services"].as_array_mut().unwrap().push(s);
            }),
            "duplicate_code",
            "services[1].code",
        ),
        (
            "duplicate surcharge",
            with(|c| {
                let s = c["surcharges"][0].clone();
                c["surcharges"].as_array_mut().unwrap().push(s);
            }),
            "duplicate_code",
            "surcharges[1].code",
        ),
        (
            "bad chart character",
            with(|c| c["zoneTables"]["z"]["origins"]["100"] = json!("x".repeat(1000))),
            "invalid_value",
            "zoneTables.z.origins.100",
        ),
        (
            "short chart",
            with(|c| c["zoneTables"]["z"]["origins"]["100"] = json!("1")),
            "invalid_value",
            "zoneTables.z.origins.100",
        ),
        (
            "bad origin",
            with(|c| {
                let row = c["zoneTables"]["z"]["origins"]["100"].take();
                c["zoneTables"]["z"]["origins"] = json!({"10": row});
            }),
            "invalid_zip",
            "zoneTables.z.origins.10",
        ),
        ("bad date", with(|c| c["effective"]["from"] = json!("2025-13-01")), "invalid_date", "effective.from"),
        (
            "period ends before it starts",
            with(|c| c["effective"] = json!({"from": "2026-01-01", "to": "2025-01-01"})),
            "invalid_value",
            "effective.to",
        ),
        ("unknown unit", with(|c| c["weightUnit"] = json!("stone")), "unknown_unit", "weightUnit"),
        (
            "zero divisor",
            with(|c| c["services"][0]["billable"] = json!({"dimWeight": {"divisor": "0"}})),
            "invalid_value",
            "services[0].billable.dimWeight.divisor",
        ),
        ("bad currency", with(|c| c["currency"] = json!("dollars")), "invalid_value", "currency"),
        (
            "no zone in common",
            with(|c| c["services"][0]["table"]["zones"] = json!(["A", "B"])),
            "invalid_value",
            "services[0].zones",
        ),
        ("bad ZIP in a set", with(|c| c["zipSets"] = json!({"remote": "995* 9961"})), "invalid_zip", "zipSets.remote"),
        ("hash that does not match", with(|c| c["hash"] = json!("sha256:00")), "hash_mismatch", "hash"),
    ];
    let mut failures = Vec::new();
    for (what, text, code, path) in &cases {
        match load(text) {
            Ok(()) => failures.push(format!("{what}: loaded, want {code} at {path:?}")),
            Err((c, p)) if (c.as_str(), p.as_str()) != (*code, *path) => {
                failures.push(format!("{what}: got {c} at {p:?}, want {code} at {path:?}"))
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("{} bad cards refused with their code and path", cases.len());

    // The same card twice in one engine.
    let mut e = RateEngine::new();
    e.add_card_json(&dup).unwrap();
    let err = e.add_card_json(&dup).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("duplicate_card", "id"));
}

#[test]
fn numbers_that_would_overflow_a_quote_are_refused_when_the_card_loads() {
    // Before these bounds, each of these cards loaded and then panicked in `quote`
    // ("Division overflowed", "Multiplication overflowed", "Addition overflowed").
    let tiny = "0.0000000000000000000000000001";
    let huge = "79228162514264337593543950335";
    let dim = |f: &str, v: &str| {
        let mut d = json!({"divisor": "166", "threshold": "1728", "dimRounding": {"mode": "nearest", "increment": "1"}, "resultRounding": {"mode": "up", "increment": "1"}});
        match f {
            "divisor" => d["divisor"] = json!(v),
            other => d[other]["increment"] = json!(v),
        }
        json!({"dimWeight": d})
    };
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "tiny side rounding",
            with(|c| c["services"][0]["billable"] = dim("dimRounding", tiny)),
            "invalid_value",
            "services[0].billable.dimWeight.dimRounding.increment",
        ),
        (
            "huge side rounding",
            with(|c| c["services"][0]["billable"] = dim("dimRounding", huge)),
            "invalid_value",
            "services[0].billable.dimWeight.dimRounding.increment",
        ),
        (
            "tiny result rounding",
            with(|c| c["services"][0]["billable"] = dim("resultRounding", tiny)),
            "invalid_value",
            "services[0].billable.dimWeight.resultRounding.increment",
        ),
        (
            "tiny divisor",
            with(|c| c["services"][0]["billable"] = dim("divisor", tiny)),
            "invalid_value",
            "services[0].billable.dimWeight.divisor",
        ),
        (
            "tiny weight rounding",
            with(|c| {
                c["services"][0]["billable"] = json!({"rounding": [{"over": "1", "mode": "up", "increment": tiny}]})
            }),
            "invalid_value",
            "services[0].billable.rounding[0].increment",
        ),
        (
            "huge price",
            with(|c| c["services"][0]["table"]["rows"][0]["prices"][0] = json!(huge)),
            "invalid_value",
            "services[0].table.rows[0].prices[0]",
        ),
        (
            "huge step price",
            with(|c| c["services"][0]["table"]["rows"][3]["stepPrice"][1] = json!(huge)),
            "invalid_value",
            "services[0].table.rows[3].stepPrice[1]",
        ),
        (
            "tiny step",
            with(|c| c["services"][0]["table"]["rows"][3]["step"] = json!(tiny)),
            "invalid_step",
            "services[0].table.rows[3].step",
        ),
        (
            "huge surcharge",
            with(|c| c["surcharges"][0]["charge"] = json!({"type": "flat", "amount": huge})),
            "invalid_value",
            "surcharges[0].charge.amount",
        ),
        (
            "huge minimum charge",
            with(|c| c["services"][0]["minCharge"] = json!(huge)),
            "invalid_value",
            "services[0].minCharge",
        ),
    ];
    for (what, text, code, path) in &cases {
        assert_eq!(load(text), Err((code.to_string(), path.to_string())), "{what}");
    }
    // The bounds themselves are fine: 1,000,000 per amount, 0.001 per step.
    load(&with(|c| c["services"][0]["table"]["rows"][0]["prices"][0] = json!("1000000"))).unwrap();
    load(&with(|c| c["services"][0]["table"]["rows"][3]["step"] = json!("0.001"))).unwrap();
}

#[test]
fn compounding_percentages_give_out_of_range_instead_of_overflowing() {
    // 30 surcharges of 1000 % of the subtotal on a 1,000,000 base: the subtotal grows
    // elevenfold per line, past 28 digits at the 23rd. The quote must say out_of_range.
    let text = with(|c| {
        c["services"][0]["table"]["rows"][0]["prices"] = json!(["1000000", "1000000"]);
        let mut codes = Vec::new();
        let mut defs = Vec::new();
        for i in 0..30 {
            codes.push(format!("p{i}"));
            defs.push(json!({"code": format!("p{i}"), "label": format!("Percent {i}"), "charge": {"type": "percent", "percent": "1000", "of": ["subtotal"]}}));
        }
        c["surcharges"] = json!(defs);
        c["services"][0]["surcharges"] = json!(codes);
    });
    let mut e = RateEngine::new();
    e.add_card_json(&text).unwrap();
    let s = zonerate::shipment_from_json(r#"{"from":"10001","to":"10101","weight":"1lb"}"#, today()).unwrap();
    let r = catch_unwind(AssertUnwindSafe(|| {
        e.quote(&s).map(|r| r.unavailable.iter().map(|u| u.code.to_string()).collect::<Vec<_>>())
    }));
    assert_eq!(r.expect("quote panicked").unwrap(), ["out_of_range"]);
}

#[test]
fn bad_shipments_give_coded_errors_with_paths() {
    let base =
        json!({"from": "85027", "to": "10001", "weight": "2.5lb", "dimensions": "12x10x6in", "shipDate": "2025-11-03"});
    let set = |k: &str, v: Value| {
        let mut s = base.clone();
        s[k] = v;
        s.to_string()
    };
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("4-digit ZIP", set("from", json!("8502")), "invalid_zip", "from"),
        ("6-digit ZIP", set("to", json!("100011")), "invalid_zip", "to"),
        ("letters in a ZIP", set("to", json!("1OOO1")), "invalid_zip", "to"),
        ("ZIP+2", set("to", json!("12345-12")), "invalid_zip", "to"),
        ("ZIP with a bad separator", set("to", json!("12345_6789")), "invalid_zip", "to"),
        ("empty ZIP", set("from", json!("")), "invalid_zip", "from"),
        ("negative weight", set("weight", json!("-1lb")), "invalid_weight", "weight"),
        ("zero weight", set("weight", json!("0lb")), "invalid_weight", "weight"),
        ("zero grams", set("weight", json!("0.000g")), "invalid_weight", "weight"),
        ("absurd weight", set("weight", json!("50000lb")), "invalid_weight", "weight"),
        ("absurd weight in kg", set("weight", json!("10000kg")), "invalid_weight", "weight"),
        ("exponent weight", set("weight", json!("1e9lb")), "invalid_weight", "weight"),
        ("weight without a number", set("weight", json!("lb")), "invalid_weight", "weight"),
        ("weight without a unit", set("weight", json!("2.5")), "unknown_unit", "weight"),
        ("unknown weight unit", set("weight", json!("2stone")), "unknown_unit", "weight"),
        ("object weight, bad unit", set("weight", json!({"value": "2", "unit": "st"})), "unknown_unit", "weight.unit"),
        (
            "object weight, negative",
            set("weight", json!({"value": -2, "unit": "lb"})),
            "invalid_weight",
            "weight.value",
        ),
        ("unknown length unit", set("dimensions", json!("12x10x6ft")), "unknown_unit", "dimensions"),
        ("two sides", set("dimensions", json!("12x10in")), "invalid_dimensions", "dimensions"),
        ("zero side", set("dimensions", json!("12x0x6in")), "invalid_dimensions", "dimensions"),
        ("negative side", set("dimensions", json!("12x-10x6in")), "invalid_dimensions", "dimensions"),
        ("absurd side", set("dimensions", json!("3000x1x1in")), "invalid_dimensions", "dimensions"),
        (
            "object dims, bad side",
            set("dimensions", json!({"length": "12", "width": "x", "height": 6, "unit": "in"})),
            "invalid_dimensions",
            "dimensions.width",
        ),
        ("30 February", set("shipDate", json!("2026-02-30")), "invalid_date", "shipDate"),
        ("slashes in a date", set("shipDate", json!("2026/01/05")), "invalid_date", "shipDate"),
        ("words for a date", set("shipDate", json!("tomorrow")), "invalid_date", "shipDate"),
        (
            "negative declared value",
            set("options", json!({"declaredValue": "-5"})),
            "invalid_shipment",
            "options.declaredValue",
        ),
        ("unknown option", set("options", json!({"colour": "red"})), "invalid_json", "options.colour"),
        ("unknown field", set("colour", json!("red")), "invalid_json", "colour"),
        ("missing weight", json!({"from": "85027", "to": "10001"}).to_string(), "invalid_weight", "weight"),
        ("not JSON", "from 85027 to 10001".to_string(), "invalid_json", ""),
    ];
    let mut failures = Vec::new();
    for (what, text, code, path) in &cases {
        match zonerate::shipment_from_json(text, today()) {
            Ok(_) => failures.push(format!("{what}: accepted, want {code} at {path:?}")),
            Err(e) if (e.code().as_str(), e.path()) != (*code, *path) => {
                failures.push(format!("{what}: got {} at {:?} ({e}), want {code} at {path:?}", e.code(), e.path()))
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("{} bad shipments refused with their code and path", cases.len());
}

#[test]
fn unknown_service_filter_is_an_error_not_an_empty_result() {
    let mut e = RateEngine::new();
    e.add_card_json(include_str!("../cards/usps/usps-zones.json")).unwrap();
    e.add_card_json(include_str!("../cards/usps/usps-2025-10-05.json")).unwrap();
    let s = zonerate::shipment_from_json(
        r#"{"from":"85027","to":"10001","weight":"1lb","services":["usps_ground_advantage_commercial","usps_teleport"]}"#,
        today(),
    )
    .unwrap();
    let err = e.quote(&s).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("unknown_service", "services[1]"));
}

// ---------------------------------------------------------------------------------
// No panic, whatever the card
// ---------------------------------------------------------------------------------

const ZONES: &str = include_str!("../cards/usps/usps-zones.json");
const USPS_2025: &str = include_str!("../cards/usps/usps-2025-10-05.json");
const USPS_2026: &str = include_str!("../cards/usps/usps-2026-07-12.json");

/// Shipments quoted with every mutated card that loads.
fn sweep_shipments() -> Vec<zonerate::Shipment> {
    [
        r#"{"from":"85027","to":"10001","weight":"2.5lb","dimensions":"13x13x13in","shipDate":"2025-11-03"}"#,
        r#"{"from":"43110","to":"96910","weight":"15.999oz","dimensions":"12x12x6in","shipDate":"2026-10-05","options":{"packaging":"tube"}}"#,
        r#"{"from":"24060","to":"96910","weight":"69lb","dimensions":"60x12x12.25in","shipDate":"2026-12-01"}"#,
        r#"{"from":"85027","to":"85027","weight":"0.001g","shipDate":"2026-01-18"}"#,
        r#"{"from":"85027","to":"90210","weight":"19999lb","dimensions":"1999x1999x1999in","shipDate":"2025-11-03"}"#,
    ]
    .iter()
    .map(|s| zonerate::shipment_from_json(s, today()).unwrap())
    .collect()
}

/// Loads `text` into a copy of `engine` and quotes the sweep shipments with it; a panic
/// anywhere is returned as its message.
fn no_panic(engine: &RateEngine, text: &str, shipments: &[zonerate::Shipment]) -> Result<bool, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut e = engine.clone();
        let loaded = e.add_card_json(text).is_ok();
        if loaded {
            for s in shipments {
                let _ = e.quote(s);
            }
        }
        loaded
    }))
    .map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// Every path to a node of `v`, as a list of keys/indices.
fn paths(v: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                at.push(Step::Key(k.clone()));
                paths(x, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                at.push(Step::Index(i));
                paths(x, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn node<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// Replacement values for a node; `RAW:` ones are spliced into the text as they are
/// (1e400 is not a JSON number serde_json can hold). Numbers (cards write them as
/// strings) get every kind of bad number; other nodes get wrong types, nulls, emptiness
/// and huge strings.
fn replacements(v: &Value) -> Vec<Value> {
    let numeric = v.as_str().is_some_and(|s| !s.is_empty() && s.parse::<f64>().is_ok()) || v.is_number();
    let mut r = vec![Value::Null, json!(-1), json!(""), json!("x".repeat(100_000)), json!([]), json!({})];
    if numeric {
        r.extend([
            json!("-1"),
            json!("0"),
            json!(0),
            json!("RAW:1e400"),
            json!("1e400"),
            json!("0.0000000000000000000000000001"),
            json!("79228162514264337593543950335"),
            json!("9".repeat(100_000)),
        ]);
    } else if v.is_string() {
        r.extend([json!("0"), json!(true)]);
    }
    r
}

fn mutated(base: &Value, path: &[Step], with: &Value) -> String {
    let mut v = base.clone();
    let raw = with.as_str().and_then(|s| s.strip_prefix("RAW:"));
    *node(&mut v, path) = match raw {
        Some(_) => json!("__RAW__"),
        None => with.clone(),
    };
    let text = v.to_string();
    match raw {
        Some(r) => text.replacen("\"__RAW__\"", r, 1),
        None => text,
    }
}

/// Keeps a path unless it is one of many alike (price cells, per-zone lists): of those,
/// every `stride`-th.
fn sample(all: Vec<Vec<Step>>, stride: usize) -> Vec<Vec<Step>> {
    let is_cell = |p: &[Step]| {
        p.iter().any(|s| matches!(s, Step::Key(k) if ["rows", "prices", "amounts", "transitDays", "labels", "zones"].contains(&k.as_str())))
    };
    all.into_iter().enumerate().filter(|(i, p)| !is_cell(p) || i % stride == 0).map(|(_, p)| p).collect()
}

#[test]
fn truncated_cards_never_panic() {
    let mut zones = RateEngine::new();
    zones.add_card_json(ZONES).unwrap();
    let empty = RateEngine::new();
    let shipments = sweep_shipments();
    let mut failures = Vec::new();
    let mut n = 0;
    for (engine, text) in [(&empty, ZONES), (&zones, USPS_2025), (&zones, USPS_2026)] {
        for cut in (0..text.len()).step_by(97) {
            let Some(t) = text.get(..cut) else { continue };
            n += 1;
            if let Err(m) = no_panic(engine, t, &shipments) {
                failures.push(format!("truncated at {cut}: panic {m}"));
            }
        }
    }
    println!("{n} truncated cards, none panicked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mutated_cards_never_panic() {
    let mut zones = RateEngine::new();
    zones.add_card_json(ZONES).unwrap();
    let empty = RateEngine::new();
    let shipments = sweep_shipments();
    let (mut n, mut loaded) = (0, 0);
    let mut failures = Vec::new();
    // Services repeat one another's shape, so not all are mutated: of the 2026 card the
    // first (Ground Advantage commercial with its holiday surcharge), the card-level
    // fields and the surcharges; of the 2025 card what the 2026 one lacks, the
    // oversized row (services[0].table.special) and a cubic service (services[6]).
    let key = |p: &[Step], i: usize, k: &str| matches!(p.get(i), Some(Step::Key(x)) if x == k);
    let index = |p: &[Step], i: usize| match p.get(i) {
        Some(Step::Index(j)) => Some(*j),
        _ => None,
    };
    let in_2026 = |p: &[Step]| !key(p, 0, "services") || index(p, 1).is_none_or(|i| i == 0);
    let in_2025 = |p: &[Step]| {
        key(p, 0, "services")
            && (index(p, 1) == Some(6) || (index(p, 1) == Some(0) && key(p, 2, "table") && key(p, 3, "special")))
    };
    let cards: [(&RateEngine, &str, usize, &dyn Fn(&[Step]) -> bool); 3] =
        [(&empty, ZONES, 1, &|_| true), (&zones, USPS_2026, 101, &in_2026), (&zones, USPS_2025, 11, &in_2025)];
    for (engine, text, stride, wanted) in cards {
        let base: Value = serde_json::from_str(text).unwrap();
        let mut all = Vec::new();
        paths(&base, &mut Vec::new(), &mut all);
        all.retain(|p| wanted(p));
        for path in sample(all, stride) {
            let here = path.iter().fold(&base, |v, s| match s {
                Step::Key(k) => &v[k.as_str()],
                Step::Index(i) => &v[*i],
            });
            for r in replacements(here) {
                let t = mutated(&base, &path, &r);
                n += 1;
                match no_panic(engine, &t, &shipments) {
                    Ok(true) => loaded += 1,
                    Ok(false) => {}
                    Err(m) => {
                        let shown: String = r.to_string().chars().take(40).collect();
                        failures.push(format!("{path:?} := {shown}: panic {m}"));
                    }
                }
            }
        }
    }
    println!("{n} mutated cards ({loaded} still valid and quoted), none panicked");
    failures.truncate(30);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
