//! The worked examples of `docs/rate-card-format.md`, checked against the engine.
//!
//! Every complete card shown in the reference is also a file under `docs/examples/`;
//! the first tests make sure the two agree (and that every JSON block of the page is
//! JSON), the others load the example cards and quote the shipments the page describes,
//! asserting the totals the page works out by hand.

use serde_json::Value;
use std::path::{Path, PathBuf};
use zonerate::{Date, QuoteResult, RateEngine};

const DOC: &str = "docs/rate-card-format.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let p = root().join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn example(name: &str) -> String {
    read(&format!("docs/examples/{name}"))
}

/// An engine with the example cards loaded in the order given.
fn engine(names: &[&str]) -> RateEngine {
    let mut e = RateEngine::new();
    for n in names {
        e.add_card_json(&example(n)).unwrap_or_else(|err| panic!("{n}: {err}"));
    }
    e
}

fn today() -> Date {
    "2026-03-02".parse().unwrap()
}

fn quote<'e>(e: &'e RateEngine, shipment: &str) -> QuoteResult<'e> {
    let s = zonerate::shipment_from_json(shipment, today()).unwrap_or_else(|err| panic!("{shipment}: {err}"));
    e.quote(&s).unwrap()
}

/// The total of the one service quoted (panics when it is unavailable).
fn total(e: &RateEngine, service: &str, shipment: &str) -> String {
    let r = quote(e, shipment);
    let q = r.quotes.iter().find(|q| q.service == service).unwrap_or_else(|| {
        panic!("{service} not priced for {shipment}: {:?}", r.unavailable.iter().find(|u| u.service == service))
    });
    q.total.to_string()
}

/// The lines (code, amount) of the one service quoted.
fn lines(e: &RateEngine, service: &str, shipment: &str) -> Vec<(String, String)> {
    let r = quote(e, shipment);
    let q = r.quotes.iter().find(|q| q.service == service).unwrap_or_else(|| panic!("{service}: {:?}", r.unavailable));
    let sum: rust_decimal::Decimal = q.lines.iter().map(|l| l.amount.0).sum();
    assert_eq!(sum, q.total.0, "lines add up to the total");
    q.lines.iter().map(|l| (l.code.to_string(), l.amount.to_string())).collect()
}

/// The reason code when the service cannot take the shipment (panics when priced).
fn reason(e: &RateEngine, service: &str, shipment: &str) -> String {
    let r = quote(e, shipment);
    if let Some(q) = r.quotes.iter().find(|q| q.service == service) {
        panic!("{service} priced {shipment} at {}", q.total);
    }
    r.unavailable.iter().find(|u| u.service == service).map(|u| u.code.to_string()).unwrap()
}

fn zone(e: &RateEngine, service: &str, shipment: &str) -> String {
    let r = quote(e, shipment);
    let q = r.quotes.iter().find(|q| q.service == service).unwrap_or_else(|| panic!("{service}: {:?}", r.unavailable));
    q.zone.to_string()
}

fn ls(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

// ---------------------------------------------------------------------------------
// The page and the example files agree.

/// `(marker, json text)` for every ```json block of the page; the marker is the
/// `<!-- … -->` comment on the line right above the fence, if any.
fn doc_blocks() -> Vec<(Option<String>, String)> {
    let doc = read(DOC);
    let mut out = Vec::new();
    let mut prev = "";
    let mut block: Option<(Option<String>, String)> = None;
    for line in doc.lines() {
        if let Some((marker, text)) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push((marker.take(), std::mem::take(text)));
                block = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        if line.trim_start().starts_with("```json") {
            let marker =
                prev.trim().strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")).map(|r| r.trim().to_string());
            block = Some((marker, String::new()));
        }
        prev = line;
    }
    assert!(block.is_none(), "unclosed ```json block in {DOC}");
    out
}

#[test]
fn every_json_block_of_the_page_is_json() {
    let blocks = doc_blocks();
    assert!(blocks.len() > 20, "found only {} json blocks", blocks.len());
    for (m, text) in &blocks {
        if let Err(e) = serde_json::from_str::<Value>(text) {
            panic!("a ```json block of {DOC} ({m:?}) is not JSON: {e}\n{text}");
        }
    }
}

#[test]
fn every_card_on_the_page_is_an_example_file_and_every_file_is_on_the_page() {
    let mut shown = Vec::new();
    for (m, text) in doc_blocks() {
        let v: Value = serde_json::from_str(&text).unwrap();
        let is_card = v.get("format").is_some();
        match m.as_deref().and_then(|m| m.strip_prefix("example:")) {
            Some(name) => {
                let name = name.trim();
                let file: Value = serde_json::from_str(&example(name)).unwrap();
                assert_eq!(v, file, "the card shown for {name} differs from docs/examples/{name}");
                shown.push(name.to_string());
            }
            None => assert!(!is_card, "a complete card on the page has no `<!-- example: … -->` marker:\n{text}"),
        }
    }
    let mut files: Vec<String> = std::fs::read_dir(root().join("docs/examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    for f in &files {
        assert!(shown.contains(f), "docs/examples/{f} is not shown on the page");
    }
}

#[test]
fn every_example_card_loads_on_its_own_or_after_the_cards_it_names() {
    // Cards that reference zone tables of another card load after it (§ sharing).
    let after: &[(&str, &str)] =
        &[("acme-hub-rates.json", "acme-zones.json"), ("minimal-2026-07.json", "minimal.json")];
    let dir: PathBuf = root().join("docs/examples");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") {
            continue;
        }
        let mut names: Vec<&str> = after.iter().filter(|(a, _)| *a == name).map(|(_, b)| *b).collect();
        names.push(&name);
        engine(&names);
    }
}

#[test]
fn the_quote_output_shown_is_what_the_engine_prints() {
    let e = engine(&["minimal.json"]);
    let r = quote(&e, r#"{"from":"85004","to":"90210","weight":"3lb","shipDate":"2026-03-02"}"#);
    let got = serde_json::to_value(&r).unwrap();
    let shown = doc_blocks().into_iter().find(|(m, _)| m.as_deref() == Some("output: minimal")).expect("output block");
    let shown: Value = serde_json::from_str(&shown.1).unwrap();
    assert_eq!(got, shown);

    let e = engine(&["surcharges.json"]);
    let r = quote(&e, SURCHARGE_A);
    let got = serde_json::to_value(&r).unwrap();
    let shown = doc_blocks().into_iter().find(|(m, _)| m.as_deref() == Some("output: surcharges-a")).expect("block");
    let shown: Value = serde_json::from_str(&shown.1).unwrap();
    assert_eq!(got, shown);
}

// ---------------------------------------------------------------------------------
// Overview, versions.

#[test]
fn minimal_card() {
    let e = engine(&["minimal.json"]);
    let s =
        |to: &str, w: &str, date: &str| format!(r#"{{"from":"85004","to":"{to}","weight":"{w}","shipDate":"{date}"}}"#);
    assert_eq!(total(&e, "acme_ground", &s("90210", "3lb", "2026-03-02")), "9.00");
    assert_eq!(total(&e, "acme_ground", &s("85281", "1lb", "2026-03-02")), "5.00");
    assert_eq!(total(&e, "acme_ground", &s("10001", "6.5lb", "2026-03-02")), "17.00");
    // 48 oz is 3 lb: weights are converted into the card's unit exactly.
    assert_eq!(total(&e, "acme_ground", &s("90210", "48oz", "2026-03-02")), "9.00");
    assert_eq!(reason(&e, "acme_ground", &s("90210", "12lb", "2026-03-02")), "no_price");
    assert_eq!(reason(&e, "acme_ground", &s("60601", "3lb", "2026-03-02")), "destination_not_served");
    assert_eq!(
        reason(&e, "acme_ground", r#"{"from":"10001","to":"90210","weight":"3lb","shipDate":"2026-03-02"}"#),
        "origin_not_served"
    );
    assert_eq!(reason(&e, "acme_ground", &s("90210", "3lb", "2027-01-04")), "no_card_in_effect");
}

#[test]
fn card_versions_by_effective_date() {
    let e = engine(&["minimal.json", "minimal-2026-07.json"]);
    let s = |date: &str| format!(r#"{{"from":"85004","to":"90210","weight":"3lb","shipDate":"{date}"}}"#);
    let card = |date: &str| {
        let r = quote(&e, &s(date));
        r.quotes.first().map(|q| (q.card.to_string(), q.total.to_string()))
    };
    assert_eq!(card("2026-06-30"), Some(("acme-ground-2026".into(), "9.00".into())));
    assert_eq!(card("2026-07-01"), Some(("acme-ground-2026".into(), "9.40".into())));
    assert_eq!(total(&e, "acme_ground", &s("2027-03-01")), "9.40");
    assert_eq!(reason(&e, "acme_ground", &s("2025-12-31")), "no_card_in_effect");
    // The second edition alone cannot load: it borrows `acme_phx` from the first.
    let err = RateEngine::new().add_card_json(&example("minimal-2026-07.json")).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("unknown_zone_table", "services[0].zones"));
    // Same id and same version twice is refused.
    let mut e2 = engine(&["minimal.json"]);
    assert_eq!(e2.add_card_json(&example("minimal.json")).unwrap_err().code().as_str(), "duplicate_card");
}

#[test]
fn real_usps_cards() {
    let mut e = RateEngine::new();
    for f in ["cards/usps/usps-zones.json", "cards/usps/usps-2025-10-05.json", "cards/usps/usps-2026-07-12.json"] {
        e.add_card_json(&read(f)).unwrap();
    }
    let s = r#"{"from":"85027","to":"90210","weight":"2.5lb","shipDate":"2025-11-03"}"#;
    assert_eq!(zone(&e, "usps_ground_advantage_commercial", s), "4");
    assert_eq!(total(&e, "usps_ground_advantage_commercial", s), "8.53");
    let gap = r#"{"from":"85027","to":"90210","weight":"2.5lb","shipDate":"2026-03-02"}"#;
    assert_eq!(reason(&e, "usps_ground_advantage_commercial", gap), "no_card_in_effect");
}

// ---------------------------------------------------------------------------------
// The five pricing modes, bracket rules, min/max charge.

#[test]
fn mode1_flat_and_bracket_rules() {
    let e = engine(&["flat-brackets.json"]);
    let s = |to: &str, w: &str| format!(r#"{{"from":"85004","to":"{to}","weight":"{w}","shipDate":"2026-03-02"}}"#);
    // notOver: (0,1] (1,2] (2,3]
    assert_eq!(total(&e, "acme_flat", &s("90210", "1lb")), "6.00");
    assert_eq!(total(&e, "acme_flat", &s("90210", "1.2lb")), "7.50");
    assert_eq!(total(&e, "acme_flat", &s("90210", "3lb")), "9.00");
    assert_eq!(reason(&e, "acme_flat", &s("90210", "3.1lb")), "no_price");
    // under: [0,1) [1,2) [2,3)
    assert_eq!(total(&e, "acme_flat_under", &s("90210", "0.9lb")), "6.00");
    assert_eq!(total(&e, "acme_flat_under", &s("90210", "1lb")), "7.50");
    assert_eq!(total(&e, "acme_flat_under", &s("90210", "2.9lb")), "9.00");
    assert_eq!(reason(&e, "acme_flat_under", &s("90210", "3lb")), "no_price");
    // null cell: no service at that weight to that zone.
    assert_eq!(total(&e, "acme_flat", &s("10001", "2lb")), "10.00");
    assert_eq!(reason(&e, "acme_flat", &s("10001", "2.5lb")), "no_price");
}

#[test]
fn mode2_unit_min_max_and_money_rounding() {
    let e = engine(&["unit.json"]);
    let s = |to: &str, w: &str| format!(r#"{{"from":"85004","to":"{to}","weight":"{w}","shipDate":"2026-03-02"}}"#);
    assert_eq!(total(&e, "acme_per_kg", &s("85281", "6.3kg")), "11.66"); // 1.85 × 6.3 = 11.655
    assert_eq!(total(&e, "acme_per_kg", &s("85281", "5kg")), "10.00");
    assert_eq!(total(&e, "acme_per_kg", &s("85281", "5.1kg")), "9.44"); // 9.435
    assert_eq!(total(&e, "acme_per_kg", &s("85281", "1.2kg")), "4.00"); // 2.40 → minCharge
    assert_eq!(total(&e, "acme_per_kg", &s("10001", "29kg")), "60.00"); // 72.50 → maxCharge
    assert_eq!(total(&e, "acme_per_kg", &s("90210", "2000g")), "4.80"); // 2 kg × 2.40
}

#[test]
fn mode3_first_weight_and_continuation() {
    let e = engine(&["step.json"]);
    let s = |to: &str, w: &str| format!(r#"{{"from":"85004","to":"{to}","weight":"{w}","shipDate":"2026-03-02"}}"#);
    assert_eq!(total(&e, "acme_first_continuation", &s("85281", "2.3lb")), "7.40");
    assert_eq!(total(&e, "acme_first_continuation", &s("85281", "1lb")), "5.00");
    assert_eq!(total(&e, "acme_first_continuation", &s("85281", "0.4lb")), "5.00");
    assert_eq!(total(&e, "acme_first_continuation", &s("85281", "1.5lb")), "5.80");
    assert_eq!(total(&e, "acme_first_continuation", &s("85281", "1.51lb")), "6.60");
    assert_eq!(total(&e, "acme_first_continuation", &s("10001", "2.3lb")), "10.60");
    assert_eq!(reason(&e, "acme_first_continuation", &s("10001", "21lb")), "over_max_weight");
}

#[test]
fn mode4_flat_then_unit() {
    let e = engine(&["flat-then-unit.json"]);
    let s = |w: &str| format!(r#"{{"from":"85004","to":"85281","weight":"{w}","shipDate":"2026-03-02"}}"#);
    assert_eq!(total(&e, "acme_flat_unit", &s("10lb")), "9.00");
    assert_eq!(total(&e, "acme_flat_unit", &s("10.2lb")), "12.10"); // 11 × 1.10
    assert_eq!(total(&e, "acme_flat_unit", &s("12.2lb")), "14.30"); // 13 × 1.10
    assert_eq!(total(&e, "acme_flat_unit", &s("40lb")), "40.00"); // 40 × 1.00
    assert_eq!(total(&e, "acme_flat_unit", &s("0.3lb")), "4.00"); // rounded up to 1
}

#[test]
fn mode5_flat_then_progressive_excess_tiers() {
    let e = engine(&["progressive.json"]);
    let s = |to: &str, w: &str| format!(r#"{{"from":"85004","to":"{to}","weight":"{w}","shipDate":"2026-03-02"}}"#);
    assert_eq!(total(&e, "acme_progressive", &s("85281", "6.2kg")), "16.00");
    assert_eq!(total(&e, "acme_progressive", &s("85281", "2kg")), "10.00");
    assert_eq!(total(&e, "acme_progressive", &s("85281", "2.1kg")), "11.50");
    assert_eq!(total(&e, "acme_progressive", &s("85281", "5kg")), "14.50");
    assert_eq!(total(&e, "acme_progressive", &s("85281", "5.1kg")), "15.00");
    assert_eq!(total(&e, "acme_progressive", &s("10001", "6.2kg")), "25.20");
    assert_eq!(reason(&e, "acme_progressive", &s("85281", "31kg")), "no_price");
}

#[test]
fn cubic_tiers() {
    let e = engine(&["cubic.json"]);
    let s = |dims: &str| {
        format!(r#"{{"from":"85004","to":"90210","weight":"3lb","dimensions":"{dims}","shipDate":"2026-03-02"}}"#)
    };
    let r = quote(&e, &s("10.9x9.3x6.2in"));
    let q = r.quotes.first().unwrap();
    assert_eq!((q.total.to_string(), serde_json::to_value(q.cubic_tier).unwrap()), ("11.20".into(), "0.4".into()));
    assert_eq!(total(&e, "acme_cubic", &s("12.2x12.2x6.1in")), "12.10"); // 12 × 12 × 6 = 0.5 cu ft
    assert_eq!(reason(&e, "acme_cubic", &s("13x12x6in")), "no_price"); // 0.54 → 0.6
    assert_eq!(reason(&e, "acme_cubic", &s("19x6x6in")), "over_max_length");
    let no_dims = r#"{"from":"85004","to":"90210","weight":"3lb","shipDate":"2026-03-02"}"#;
    assert_eq!(reason(&e, "acme_cubic", no_dims), "dimensions_required");
}

#[test]
fn special_rows_oversized() {
    let e = engine(&["oversized.json"]);
    let s = |w: &str, dims: &str| {
        format!(r#"{{"from":"85004","to":"90210","weight":"{w}","dimensions":"{dims}","shipDate":"2026-03-02"}}"#)
    };
    assert_eq!(total(&e, "acme_ground_big", &s("8lb", "40x10x10in")), "12.50");
    assert_eq!(total(&e, "acme_ground_big", &s("8lb", "50x20x10in")), "150.39");
    assert_eq!(total(&e, "acme_ground_big", &s("8lb", "50x25x15in")), "150.39");
    assert_eq!(reason(&e, "acme_ground_big", &s("8lb", "50x26x15in")), "over_max_size");
    assert_eq!(total(&e, "acme_ground_big", &s("0.5lb", "15x50x20in")), "150.39");
    let r = quote(&e, &s("8lb", "50x20x10in"));
    assert_eq!(r.quotes[0].lines[0].label, "Base rate (oversized, length + girth over 108 in)");
}

// ---------------------------------------------------------------------------------
// Billable weight, limits.

#[test]
fn billable_weight() {
    let e = engine(&["billable.json"]);
    let s = |to: &str, w: &str, dims: Option<&str>| {
        let d = dims.map(|d| format!(r#","dimensions":"{d}""#)).unwrap_or_default();
        format!(r#"{{"from":"85004","to":"{to}","weight":"{w}"{d},"shipDate":"2026-03-02"}}"#)
    };
    let bw = |sh: &str| {
        let r = quote(&e, sh);
        let q = r.quotes.first().unwrap();
        let v = serde_json::to_value(q).unwrap();
        (v["billableWeight"]["value"].as_str().unwrap().to_string(), v.get("dimWeight").map(|d| d["value"].clone()))
    };
    assert_eq!(total(&e, "acme_dim", &s("85281", "0.3lb", None)), "4.95"); // 0.3 → 0.5
    assert_eq!(total(&e, "acme_dim", &s("85281", "4oz", None)), "4.50"); // 0.25 stays
    assert_eq!(total(&e, "acme_dim", &s("85281", "1.01lb", None)), "7.36"); // → 2
    assert_eq!(bw(&s("90210", "2.5lb", Some("13x13x13in"))), ("14".into(), Some(Value::from("14"))));
    assert_eq!(total(&e, "acme_dim", &s("90210", "2.5lb", Some("13x13x13in"))), "21.30");
    assert_eq!(bw(&s("85281", "2.5lb", Some("13x13x13in"))), ("3".into(), None)); // zone 2: out of scope
    assert_eq!(total(&e, "acme_dim", &s("85281", "2.5lb", Some("13x13x13in"))), "8.98");
    assert_eq!(bw(&s("90210", "2.5lb", Some("12.4x12.4x12in"))), ("3".into(), None)); // 1728, not over
    assert_eq!(total(&e, "acme_dim", &s("90210", "2.5lb", Some("12.4x12.4x12in"))), "11.93");
    // 33 cm = 12.99… in → 13: sides are converted to the card's unit before rounding.
    assert_eq!(total(&e, "acme_dim", &s("90210", "1.1kg", Some("33x33x33cm"))), "21.30");
}

#[test]
fn limits_and_default_reason_codes() {
    let e = engine(&["limits.json"]);
    let s = |w: &str, extra: &str| {
        format!(r#"{{"from":"85004","to":"90210","weight":"{w}","shipDate":"2026-03-02"{extra}}}"#)
    };
    let dims = |d: &str| format!(r#","dimensions":"{d}""#);
    assert_eq!(total(&e, "acme_box", &s("10lb", &dims("40x20x10in"))), "15.00");
    assert_eq!(reason(&e, "acme_box", &s("71lb", "")), "over_max_weight");
    assert_eq!(reason(&e, "acme_box", &s("10lb", &dims("49x10x10in"))), "over_max_length");
    assert_eq!(reason(&e, "acme_box", &s("10lb", &dims("40x31x10in"))), "too_wide");
    assert_eq!(total(&e, "acme_box", &s("10lb", &dims("46x20x9in"))), "15.00"); // 46 + 58 = 104, 8280 in³
    assert_eq!(reason(&e, "acme_box", &s("10lb", &dims("47x30x12in"))), "over_max_size"); // 47 + 84 = 131
    assert_eq!(reason(&e, "acme_box", &s("10lb", &dims("40x24x10in"))), "over_max_volume"); // 9600
    assert_eq!(reason(&e, "acme_box", &s("10lb", r#","options":{"declaredValue":"2500"}"#)), "over_max_value");
    // No dimensions: size limits cannot be checked and do not apply.
    assert_eq!(total(&e, "acme_box", &s("10lb", "")), "15.00");
    let r = quote(&e, &s("10lb", &dims("40x31x10in")));
    let u = r.unavailable.iter().find(|u| u.service == "acme_box").unwrap();
    assert_eq!(u.message, "Acme Box takes no parcel wider than 30 in");
    let r = quote(&e, &s("71lb", ""));
    let u = r.unavailable.iter().find(|u| u.service == "acme_box").unwrap();
    assert_eq!(u.message, "weight 71 lb is over the maximum of 70 lb");
    // Light but bulky: 20 × 16 × 12 = 3840 in³ / 166 = 23.13 → 24 lb billable.
    assert_eq!(total(&e, "acme_light", &s("3lb", &dims("16x12x10in"))), "7.50"); // 1920/166 → 12
    assert_eq!(reason(&e, "acme_light", &s("3lb", &dims("20x16x12in"))), "over_max_weight");
    let r = quote(&e, &s("3lb", &dims("20x16x12in")));
    let u = r.unavailable.iter().find(|u| u.service == "acme_light").unwrap();
    assert_eq!(u.message, "billable weight 24 lb is over the maximum of 20 lb");
}

// ---------------------------------------------------------------------------------
// Zones.

#[test]
fn zip5_hubs_most_specific_wins_and_exclusions() {
    let e = engine(&["acme-zones.json", "acme-hub-rates.json"]);
    let s = |from: &str, to: &str| format!(r#"{{"from":"{from}","to":"{to}","weight":"1lb","shipDate":"2026-03-02"}}"#);
    let svc = "acme_hub_ground";
    assert_eq!(zone(&e, svc, &s("90001", "90210")), "1"); // ZIP5 beats the range of zone 2
    assert_eq!(zone(&e, svc, &s("90001", "90005")), "1"); // range
    assert_eq!(zone(&e, svc, &s("90001", "90250")), "2"); // range beats the prefix 9*
    assert_eq!(zone(&e, svc, &s("90001", "94105")), "3"); // prefix
    assert_eq!(zone(&e, svc, &s("90001", "10001")), "4");
    assert_eq!(total(&e, svc, &s("90001", "10001")), "14.00");
    assert_eq!(reason(&e, svc, &s("90001", "96813")), "destination_not_served"); // excluded
    assert_eq!(reason(&e, svc, &s("90001", "99501")), "destination_not_served");
    assert_eq!(zone(&e, svc, &s("94016", "90210")), "2"); // SFO hub
    assert_eq!(zone(&e, svc, &s("94016", "94105")), "1");
    assert_eq!(reason(&e, svc, &s("94016", "10001")), "destination_not_served");
    assert_eq!(reason(&e, svc, &s("10001", "90210")), "origin_not_served");
    let forced = r#"{"from":"10001","to":"90210","weight":"1lb","shipDate":"2026-03-02","options":{"hub":"SFO"}}"#;
    assert_eq!(zone(&e, svc, forced), "2");
    let unknown = r#"{"from":"90001","to":"90210","weight":"1lb","shipDate":"2026-03-02","options":{"hub":"JFK"}}"#;
    assert_eq!(reason(&e, svc, unknown), "origin_not_served");
}

#[test]
fn shared_zone_tables_need_their_card_loaded_first() {
    let err = RateEngine::new().add_card_json(&example("acme-hub-rates.json")).unwrap_err();
    assert_eq!(err.code().as_str(), "unknown_zone_table");
    assert_eq!(
        err.to_string(),
        "services[0].zones: no zone table named \"acme_hubs\" in this card or the cards loaded before it"
    );
}

#[test]
fn zip3_chart_exceptions_and_dates() {
    let e = engine(&["zip3-chart.json"]);
    let s = |to: &str, date: &str| format!(r#"{{"from":"85004","to":"{to}","weight":"1lb","shipDate":"{date}"}}"#);
    let svc = "acme_zip3_ground";
    // Before 2026-07-01 only the undated chart is in force.
    assert_eq!(zone(&e, svc, &s("85281", "2026-03-02")), "1");
    assert_eq!(zone(&e, svc, &s("90210", "2026-03-02")), "5");
    assert_eq!(total(&e, svc, &s("90210", "2026-03-02")), "9.00");
    assert_eq!(zone(&e, svc, &s("10001", "2026-03-02")), "8");
    assert_eq!(zone(&e, svc, &s("96910", "2026-03-02")), "9");
    assert_eq!(reason(&e, svc, &s("60601", "2026-03-02")), "destination_not_served");
    // From 2026-07-01 the dated chart comes first in the service's list and decides.
    assert_eq!(zone(&e, svc, &s("90210", "2026-07-15")), "6");
    assert_eq!(total(&e, svc, &s("90210", "2026-07-15")), "9.50");
    assert_eq!(zone(&e, svc, &s("96910", "2026-07-15")), "8"); // 5-digit exception
    assert_eq!(zone(&e, svc, &s("96940", "2026-07-15")), "9");
    assert_eq!(reason(&e, svc, &s("60601", "2026-07-15")), "destination_not_served");
    let far = r#"{"from":"24060","to":"90210","weight":"1lb","shipDate":"2026-03-02"}"#;
    assert_eq!(reason(&e, svc, far), "origin_not_served");
}

// ---------------------------------------------------------------------------------
// Surcharges, rounding, transit days.

const SURCHARGE_A: &str = r#"{"from":"85004","to":"94105","weight":"12lb","dimensions":"50x12x6in",
  "residential":true,"shipDate":"2026-02-05","options":{"flags":["signature"],"declaredValue":"450"}}"#;

#[test]
fn surcharges_worked_example_a() {
    let e = engine(&["surcharges.json"]);
    assert_eq!(
        lines(&e, "acme_regional_ground", SURCHARGE_A),
        ls(&[
            ("base", "26.00"),
            ("residential", "6.60"),
            ("extended_area", "8.80"),
            ("additional_handling", "40.00"),
            ("fuel_2026_w06", "15.67"),
            ("signature", "3.75"),
            ("declared_value", "7.50"),
        ])
    );
    assert_eq!(total(&e, "acme_regional_ground", SURCHARGE_A), "108.32");
    // The week after, the other fuel record is in force.
    let w07 = SURCHARGE_A.replace("2026-02-05", "2026-02-10");
    assert_eq!(lines(&e, "acme_regional_ground", &w07)[4], ("fuel_2026_w07".to_string(), "15.26".to_string()));
    assert_eq!(total(&e, "acme_regional_ground", &w07), "107.91");
}

#[test]
fn surcharges_worked_example_b() {
    let e = engine(&["surcharges.json"]);
    let b = r#"{"from":"85004","to":"85281","weight":"20lb","dimensions":"75x16x10in",
      "shipDate":"2026-11-10","options":{"flags":["saturday"]}}"#;
    assert_eq!(
        lines(&e, "acme_regional_ground", b),
        ls(&[("base", "45.00"), ("large_package", "285.00"), ("peak", "22.50"), ("saturday", "6.75")])
    );
    assert_eq!(total(&e, "acme_regional_ground", b), "359.25");
    let r = quote(&e, b);
    let q = &r.quotes[0];
    let v = serde_json::to_value(q).unwrap();
    assert_eq!(v["billableWeight"]["value"], "90");
    assert_eq!(v["dimWeight"]["value"], "87");
    assert_eq!(v["estimatedDelivery"], "2026-11-13"); // Veterans Day skipped
}

#[test]
fn content_hash() {
    let text = example("hashed.json");
    let mut e = RateEngine::new();
    let summary = e.add_card_json(&text).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(summary.hash.as_deref(), v["hash"].as_str());
    // Layout and key order do not matter; meaning does.
    let reformatted = serde_json::to_string(&v).unwrap();
    RateEngine::new().add_card_json(&reformatted).unwrap();
    let changed = text.replace("\"9.00\"", "\"9.10\"");
    assert_ne!(changed, text);
    let err = RateEngine::new().add_card_json(&changed).unwrap_err();
    assert_eq!(err.code().as_str(), "hash_mismatch");
    // A caller may require a hash, here that of the minimal card without a `hash` field.
    let plain = example("minimal.json");
    let mut e2 = RateEngine::new();
    let id = e2.add_card_json(&plain).unwrap().id;
    let h = e2.card_hash(&id).unwrap().to_string();
    RateEngine::new().add_card_json_checked(&plain, Some(&h)).unwrap();
    let err = RateEngine::new().add_card_json_checked(&plain, summary.hash.as_deref()).unwrap_err();
    assert_eq!(err.code().as_str(), "hash_mismatch");
}
