//! Verifiable quotes and card integrity: a quote computed "in the browser" is checked
//! by a "server" engine with its own cards; tampering with the total, the lines, the
//! shipment or the card is caught, and a card can be required to have a given hash.

use serde_json::{json, Value};
use zonerate::{Date, RateEngine};

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(p: &str) -> String {
    std::fs::read_to_string(root().join(p)).unwrap()
}

fn usps() -> RateEngine {
    let mut e = RateEngine::new();
    e.add_card_json(&read("cards/usps/usps-zones.json")).unwrap();
    e.add_card_json(&read("cards/usps/usps-2025-10-05.json")).unwrap();
    e
}

fn today() -> Date {
    "2025-11-03".parse().unwrap()
}

fn shipment() -> Value {
    json!({"from": "85027", "to": "10001", "weight": "2.5lb", "dimensions": "12x10x6in", "shipDate": "2025-11-03", "fingerprint": true})
}

/// The browser's quote for Priority Mail commercial.
fn browser_quote(e: &RateEngine, s: &Value) -> Value {
    let r: Value = serde_json::from_str(&zonerate::api::quote_json(e, &s.to_string(), today()).unwrap()).unwrap();
    r["quotes"].as_array().unwrap().iter().find(|q| q["service"] == "usps_priority_mail_commercial").unwrap().clone()
}

fn verify(e: &RateEngine, s: &Value, q: &Value) -> Value {
    serde_json::from_str(&zonerate::api::verify_quote_json(e, &s.to_string(), &q.to_string(), today()).unwrap())
        .unwrap()
}

#[test]
fn an_honest_quote_verifies() {
    let (browser, server) = (usps(), usps());
    let q = browser_quote(&browser, &shipment());
    assert!(q["fingerprint"].as_str().unwrap().starts_with("sha256:"));
    let v = verify(&server, &shipment(), &q);
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["code"], "ok");
    // Priority Mail commercial, 3 lb, zone 8 (85027 → 10001): 18.84 in the 2025-10-05 table.
    assert_eq!(v["expectedTotal"], "18.84");
}

#[test]
fn fingerprints_are_deterministic_and_tags_do_not_count() {
    let e = usps();
    let a = browser_quote(&e, &shipment());
    let b = browser_quote(&e, &shipment());
    assert_eq!(a["fingerprint"], b["fingerprint"]);
    // Quoting only this service changes its tags (it becomes the cheapest), not its
    // fingerprint.
    let mut only = shipment();
    only["services"] = json!(["usps_priority_mail_commercial"]);
    let c = browser_quote(&e, &only);
    assert_ne!(a["tags"], c["tags"]);
    assert_eq!(a["fingerprint"], c["fingerprint"]);
}

#[test]
fn a_tampered_total_is_caught() {
    let e = usps();
    let mut q = browser_quote(&e, &shipment());
    q["total"] = json!("1.00");
    let v = verify(&e, &shipment(), &q);
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("total_mismatch")), "{v}");
}

#[test]
fn tampered_lines_are_caught() {
    let e = usps();
    let mut q = browser_quote(&e, &shipment());
    // Move money between lines, keeping the total.
    q["lines"][0]["amount"] = json!("17.84");
    q["lines"]
        .as_array_mut()
        .unwrap()
        .push(json!({"code": "x", "category": "surcharge", "label": "X", "amount": "1.00"}));
    let v = verify(&e, &shipment(), &q);
    assert_eq!(v["code"], "lines_mismatch", "{v}");
}

#[test]
fn a_tampered_shipment_is_caught() {
    let e = usps();
    let q = browser_quote(&e, &shipment());
    // The quote was for 2.5 lb; the order now claims 2 lb... the same 3 lb price would
    // pass on total, but the fingerprint covers the shipment.
    let mut lighter = shipment();
    lighter["weight"] = json!("2.2lb");
    let v = verify(&e, &lighter, &q);
    assert_eq!(v["code"], "fingerprint_mismatch", "{v}");
    // A heavier parcel changes the price itself.
    let mut heavier = shipment();
    heavier["weight"] = json!("9lb");
    assert_eq!(verify(&e, &heavier, &q)["code"], "total_mismatch");
}

#[test]
fn a_changed_card_is_caught() {
    let browser = usps();
    let q = browser_quote(&browser, &shipment());
    // The server has an edited card: one cell changed (3 lb, zone 8: 18.84 → 18.85).
    let text = read("cards/usps/usps-2025-10-05.json").replacen("\"18.84\"", "\"18.85\"", 1);
    let mut server = RateEngine::new();
    server.add_card_json(&read("cards/usps/usps-zones.json")).unwrap();
    server.add_card_json(&text).unwrap();
    let v = verify(&server, &shipment(), &q);
    assert_eq!(v["valid"], false, "{v}");
    // An edit elsewhere in the card leaves this price alone but not the card's hash.
    let text = read("cards/usps/usps-2025-10-05.json").replacen("\"26.67\"", "\"26.68\"", 1);
    let mut server = RateEngine::new();
    server.add_card_json(&read("cards/usps/usps-zones.json")).unwrap();
    server.add_card_json(&text).unwrap();
    let v = verify(&server, &shipment(), &q);
    assert_eq!(v["code"], "fingerprint_mismatch", "{v}");
}

#[test]
fn a_quote_without_fingerprint_or_date_is_not_verified() {
    let e = usps();
    let mut q = browser_quote(&e, &shipment());
    q.as_object_mut().unwrap().remove("fingerprint");
    assert_eq!(verify(&e, &shipment(), &q)["code"], "missing_fingerprint");
    let mut undated = shipment();
    undated.as_object_mut().unwrap().remove("shipDate");
    let err = zonerate::api::verify_quote_json(&e, &undated.to_string(), &q.to_string(), today()).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("invalid_shipment", "shipDate"));
}

#[test]
fn loading_can_require_a_hash() {
    let text = read("cards/usps/usps-zones.json");
    let mut e = RateEngine::new();
    let id = e.add_card_json(&text).unwrap().id;
    // Not computed at load (nothing asked for it), computed on demand.
    let hash = e.card_hash(&id).unwrap().to_string();
    assert!(hash.starts_with("sha256:") && hash.len() == 7 + 64);
    // Same content, different formatting: same hash.
    let reformatted = serde_json::to_string(&serde_json::from_str::<Value>(&text).unwrap()).unwrap();
    let mut e2 = RateEngine::new();
    assert_eq!(e2.add_card_json_checked(&reformatted, Some(&hash)).unwrap().hash, Some(hash.clone()));
    // Changed content: refused, and nothing is loaded.
    let changed = text.replacen("Phoenix", "Phoenix AZ", 1);
    let mut e3 = RateEngine::new();
    let err = e3.add_card_json_checked(&changed, Some(&hash)).unwrap_err();
    assert_eq!(err.code().as_str(), "hash_mismatch");
    assert!(e3.cards().is_empty());
    // A card that carries its own hash is checked against it.
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["hash"] = json!(hash);
    assert!(RateEngine::new().add_card_json(&doc.to_string()).is_ok());
    doc["source"] = json!("edited after hashing");
    let err = RateEngine::new().add_card_json(&doc.to_string()).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("hash_mismatch", "hash"));
}
