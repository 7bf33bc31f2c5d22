//! Carrier mix: cost and sell (markups, views, sell-only cards), rate-shopping tags,
//! filters, transit dates, multi-parcel shipments, and the batch command. Expected
//! values are worked out by hand in the comments from the small cards below.

use rust_decimal::Decimal;
use serde_json::{json, Value};
use zonerate::{Date, RateEngine};

/// Two carriers, one hub each, every ZIP in zone 2 from 90xxx origins.
/// fast: flat 10.00 up to 5 lb, 1 day; cheap: 7.00 up to 5 lb, 5 days, residential 1.00,
/// fuel 10 % of the subtotal.
fn cards() -> Vec<Value> {
    let zones = json!({
        "hub": {"kind": "zip5", "labels": ["2"], "hubs": [{"code": "LAX", "origins": "90*", "zones": {"2": "0* 1* 2* 3* 4* 5* 6* 7* 8* 9*"}}]}
    });
    let fast = json!({
        "format": "zonerate/1", "id": "fast", "carrier": "fastco", "zoneTables": zones,
        "services": [{"code": "fast_air", "name": "Fast Air", "zones": "hub",
            "table": {"zones": ["2"], "rows": [{"upTo": "5", "prices": ["10.00"]}]},
            "transitDays": [1]}]
    });
    let cheap = json!({
        "format": "zonerate/1", "id": "cheap", "carrier": "cheapco", "zoneTables": {"hub2": zones["hub"]},
        "surcharges": [
            {"code": "residential", "label": "Residential", "when": {"residential": true}, "charge": {"type": "flat", "amount": "1.00"}},
            {"code": "fuel", "label": "Fuel", "charge": {"type": "percent", "percent": "10", "of": ["subtotal"]}}
        ],
        "services": [{"code": "cheap_ground", "name": "Cheap Ground", "zones": "hub2",
            "table": {"zones": ["2"], "rows": [{"upTo": "5", "prices": ["7.00"]}]},
            "surcharges": ["residential", "fuel"], "transitDays": [5]}]
    });
    vec![fast, cheap]
}

fn engine() -> RateEngine {
    let mut e = RateEngine::new();
    for c in cards() {
        e.add_card_json(&c.to_string()).unwrap();
    }
    e
}

fn today() -> Date {
    "2026-11-20".parse().unwrap()
}

fn quote(e: &RateEngine, shipment: Value) -> Value {
    let text = zonerate::api::quote_json(e, &shipment.to_string(), today()).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn by_service<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["quotes"].as_array().unwrap().iter().find(|q| q["service"] == code).unwrap_or_else(|| panic!("no {code} in {r}"))
}

fn check_lines_add_up(r: &Value) {
    for q in r["quotes"].as_array().unwrap() {
        let sum: Decimal = q["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["amount"].as_str().unwrap().parse::<Decimal>().unwrap())
            .sum();
        assert_eq!(sum, q["total"].as_str().unwrap().parse::<Decimal>().unwrap(), "{q}");
    }
}

#[test]
fn tags_transit_and_delivery_dates() {
    let e = engine();
    // Friday 2026-11-20. cheap: 7.00 + fuel 0.70 = 7.70, 5 business days: Mon 23, Tue 24,
    // Wed 25, (Thu 26 Thanksgiving), Fri 27, Mon 30 → 2026-11-30. fast: 10.00, 1 day → Mon 23.
    let r = quote(&e, json!({"from": "90640", "to": "10001", "weight": "2lb"}));
    check_lines_add_up(&r);
    let cheap = by_service(&r, "cheap_ground");
    let fast = by_service(&r, "fast_air");
    assert_eq!(cheap["total"], "7.70");
    assert_eq!(cheap["estimatedDelivery"], "2026-11-30");
    assert_eq!(fast["estimatedDelivery"], "2026-11-23");
    assert_eq!(cheap["tags"], json!(["cheapest"]));
    // Within 4 days only fast arrives: it is the fastest and the best value.
    assert_eq!(fast["tags"], json!(["fastest", "best_value"]));
    // Within 5 days both arrive: best value is the cheaper one.
    let r = quote(&e, json!({"from": "90640", "to": "10001", "weight": "2lb", "bestValueDays": 5}));
    assert_eq!(by_service(&r, "cheap_ground")["tags"], json!(["cheapest", "best_value"]));
}

#[test]
fn include_and_exclude_filters() {
    let e = engine();
    let r = quote(&e, json!({"from": "90640", "to": "10001", "weight": "2lb", "carriers": ["fastco"]}));
    assert_eq!(r["quotes"].as_array().unwrap().len(), 1);
    assert_eq!(r["quotes"][0]["service"], "fast_air");
    let r = quote(&e, json!({"from": "90640", "to": "10001", "weight": "2lb", "excludeServices": ["fast_air"]}));
    assert_eq!(r["quotes"].as_array().unwrap().len(), 1);
    assert_eq!(r["quotes"][0]["service"], "cheap_ground");
    let r =
        quote(&e, json!({"from": "90640", "to": "10001", "weight": "2lb", "excludeCarriers": ["fastco", "cheapco"]}));
    assert_eq!(r["quotes"].as_array().unwrap().len(), 0);
}

#[test]
fn markups_internal_and_customer_views() {
    let mut e = engine();
    e.set_markups(
        zonerate::markup::parse_markups(
            &json!({"format": "zonerate.markup/1", "rules": [
                {"code": "markup", "label": "Markup", "type": "percent", "percent": "12.5", "carriers": ["cheapco"]},
                {"code": "handling", "label": "Handling", "type": "fixed", "amount": "0.40"},
                {"code": "floor", "label": "Minimum margin", "type": "minMargin", "amount": "1.00"}
            ]})
            .to_string(),
        )
        .unwrap(),
    );
    // cheap, residential: base 7.00, residential 1.00, fuel 10 % of 8.00 = 0.80 → cost 8.80.
    // markup 12.5 % × 8.80 = 1.10; handling 0.40 → margin 1.50 ≥ 1.00, no floor line.
    // sell 10.30.
    let r =
        quote(&e, json!({"from": "90640", "to": "10001", "weight": "2lb", "residential": true, "view": "internal"}));
    check_lines_add_up(&r);
    let q = by_service(&r, "cheap_ground");
    assert_eq!(
        (q["cost"].as_str(), q["sell"].as_str(), q["margin"].as_str()),
        (Some("8.80"), Some("10.30"), Some("1.50"))
    );
    let codes: Vec<&str> = q["lines"].as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["base", "residential", "fuel", "markup", "handling"]);
    // fast (markup not scoped to it): cost 10.00, handling 0.40 → margin 0.40 < 1.00:
    // the floor adds 0.60. sell 11.00.
    let f = by_service(&r, "fast_air");
    assert_eq!((f["sell"].as_str(), f["margin"].as_str()), (Some("11.00"), Some("1.00")));

    // Customer view: same totals, markups folded into the base line, no cost fields.
    let r = quote(&e, json!({"from": "90640", "to": "10001", "weight": "2lb", "residential": true}));
    check_lines_add_up(&r);
    let q = by_service(&r, "cheap_ground");
    assert_eq!(q["total"], "10.30");
    assert!(q.get("cost").is_none() && q.get("margin").is_none());
    // base 7.00 + 1.10 + 0.40 = 8.50; residential 1.00 and fuel 0.80 unchanged.
    assert_eq!(q["lines"][0]["amount"], "8.50");
    assert!(q["lines"].as_array().unwrap().iter().all(|l| l["category"] != "markup"));
}

#[test]
fn multi_parcel_every_parcel_or_nothing() {
    let e = engine();
    // Two parcels with cheap: each 7.00 + 0.70 fuel = 7.70; total 15.40, lines summed by code.
    let r = quote(&e, json!({"from": "90640", "to": "10001", "parcels": [{"weight": "2lb"}, {"weight": "4lb"}]}));
    check_lines_add_up(&r);
    let q = by_service(&r, "cheap_ground");
    assert_eq!(q["total"], "15.40");
    assert_eq!(q["lines"][0]["amount"], "14.00");
    assert_eq!(q["lines"][1]["amount"], "1.40");
    assert_eq!(q["parcels"].as_array().unwrap().len(), 2);
    assert_eq!(q["billableWeight"]["value"], "6");
    // A 6 lb parcel is beyond both tables: no service takes every parcel.
    let r = quote(&e, json!({"from": "90640", "to": "10001", "parcels": [{"weight": "2lb"}, {"weight": "6lb"}]}));
    assert!(r["quotes"].as_array().unwrap().is_empty());
    let u = &r["unavailable"][0];
    assert!(u["message"].as_str().unwrap().starts_with("parcel 2 of 2:"), "{u}");
}

#[test]
fn sell_card_carries_no_cost() {
    let cost = &cards()[1];
    let rules = zonerate::markup::parse_markups(
        &json!({"format": "zonerate.markup/1", "rules": [
            {"code": "markup", "label": "Markup", "type": "percent", "percent": "15"},
            {"code": "handling", "label": "Handling", "type": "fixed", "amount": "0.50"}
        ]})
        .to_string(),
    )
    .unwrap();
    let doc: zonerate::CardDoc = serde_json::from_value(cost.clone()).unwrap();
    let sell = zonerate::markup::derive_sell_card(&doc, &rules).unwrap();
    let text = serde_json::to_string(&sell).unwrap();
    // No cost amount survives anywhere in the text: 7.00 and 1.00 are gone, replaced by
    // 8.05 (7.00 × 1.15) and 1.15; the source no longer describes the cost card.
    assert!(!text.contains("\"7.00\"") && !text.contains("\"1.00\""), "{text}");
    assert!(text.contains("\"8.05\"") && text.contains("\"1.15\""));
    assert!(sell.sell_only);
    // And it quotes: base 8.05 + residential 1.15 + fuel 10 % × 9.20 = 0.92 + handling
    // 0.50 = 10.62.
    let mut e = RateEngine::new();
    e.add_card(sell).unwrap();
    let r = quote(&e, json!({"from": "90640", "to": "10001", "weight": "2lb", "residential": true}));
    assert_eq!(by_service(&r, "cheap_ground")["total"], "10.62");
    // A minimum margin cannot be baked into a card.
    let floor = zonerate::markup::parse_markups(
        &json!({"format": "zonerate.markup/1", "rules": [{"code": "f", "label": "F", "type": "minMargin", "amount": "1"}]}).to_string(),
    )
    .unwrap();
    let err = zonerate::markup::derive_sell_card(&doc, &floor).unwrap_err();
    assert_eq!(err.code().as_str(), "invalid_markup");
}

#[test]
fn batch_command_reports_bad_rows_and_a_carrier_mix() {
    let dir = std::env::temp_dir().join(format!("zr-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, c) in cards().iter().enumerate() {
        std::fs::write(dir.join(format!("c{i}.json")), c.to_string()).unwrap();
    }
    let csv = dir.join("shipments.csv");
    std::fs::write(
        &csv,
        "id,from,to,weight_lb,residential\nA,90640,10001,2,no\nB,90640,1000,2,no\nC,90640,60601,4,yes\nD,90640,60601,9,no\n",
    )
    .unwrap();
    let out_csv = dir.join("quotes.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zonerate"))
        .args([
            "batch",
            "--cards",
            dir.to_str().unwrap(),
            csv.to_str().unwrap(),
            "-o",
            out_csv.to_str().unwrap(),
            "--date",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Row B (line 3) has a bad ZIP and is reported with its line; the run goes on.
    assert!(stderr.contains("line 3 (id B): to:"), "{stderr}");
    // A: cheap 7.70. C: cheap residential 7.00 + 1.00 + 0.80 = 8.80. D: 9 lb, nobody.
    // Cheapest mix = 7.70 + 8.80 = 16.50.
    assert!(stdout.contains("cheapest mix: 16.50 over 2 rows"), "{stdout}");
    let written = std::fs::read_to_string(&out_csv).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 5, "{written}");
    assert!(lines[1].starts_with("2,A,90640,10001,2lb,cheapco,cheap_ground,2,7.70,10.00,7.70,"), "{}", lines[1]);
    assert!(lines[2].starts_with("3,B,") && lines[2].contains("to:"), "{}", lines[2]);
    std::fs::remove_dir_all(&dir).ok();
}
