//! The text API writes its JSON with `zonerate::json` (no serde on the wasm path); this
//! checks it byte for byte against what serde_json wrote before: `serde_json::to_string`
//! of the same values where the types still derive `Serialize` (quote results, kept for
//! the CLI), and fixed strings, written by the serde version, where the derive is gone
//! (verifications, card summaries, quoteMany's error objects, and fingerprints, which
//! hash the serialised shipment and quote).

mod common;

use serde_json::Value;
use zonerate::json::ToJson;
use zonerate::{api, Date, RateEngine};

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(p: &str) -> String {
    std::fs::read_to_string(root().join(p)).unwrap()
}

fn today() -> Date {
    "2025-11-03".parse().unwrap()
}

fn markups(e: &mut RateEngine) {
    e.set_markups(zonerate::markup::parse_markups(&read("examples/markups/standard.json")).unwrap());
}

/// Every shipped card, zone tables first.
fn all_cards() -> RateEngine {
    common::all_cards_engine()
}

fn usps() -> RateEngine {
    let mut e = RateEngine::new();
    for c in ["cards/usps/usps-zones.json", "cards/usps/usps-2025-10-05.json", "cards/usps/usps-2026-07-12.json"] {
        e.add_card_json(&read(c)).unwrap();
    }
    e
}

/// Shipments that reach every optional part of a quote between them.
const SHIPMENTS: &[&str] = &[
    r#"{"from":"85027","to":"10001","weight":"2.5lb","dimensions":"12x10x6in","shipDate":"2025-11-03","fingerprint":true}"#,
    r#"{"from":"85027","to":"10001","weight":"2.5lb","dimensions":"12x10x6in","shipDate":"2025-11-03","view":"internal","fingerprint":true}"#,
    r#"{"from":"90640","to":"98101","weight":{"value":2.5,"unit":"kg"},"dimensions":{"length":30,"width":"20","height":10.5,"unit":"cm"},
        "shipDate":"2026-08-03","residential":true,"view":"internal","fingerprint":true}"#,
    r#"{"from":"90640","to":"98101","parcels":[{"weight":"2lb","dimensions":"10x10x10in"},{"weight":{"value":"3","unit":"lb"}}],
        "shipDate":"2026-08-03","view":"internal","fingerprint":true}"#,
    r#"{"from":"90640","to":"10001","parcels":[{"weight":"2lb"},{"weight":"60lb","dimensions":"40x30x30in"}],"shipDate":"2025-11-03","fingerprint":true}"#,
    r#"{"from":"43215","to":"33101","weight":"31.2lb","dimensions":"20x18x14in","residential":true,"shipDate":"2026-01-15",
        "options":{"flags":["signature","adult_signature"],"packaging":"tube","declaredValue":250.5,"hub":"CMH"},"fingerprint":true}"#,
    r#"{"from":"85027","to":"96799","weight":"1lb","shipDate":"2025-11-03"}"#,
    r#"{"from":"85027","to":"00501","weight":"150lb","shipDate":"2025-11-03","fingerprint":true}"#,
    r#"{"from":"85027","to":"10001","weight":"13oz","carriers":["usps"],"excludeServices":["usps_ground_advantage_commercial"],"bestValueDays":2,"shipDate":"2025-11-03"}"#,
    r#"{"from":"90210","to":"60601","weight":"20lb","dimensions":"24x24x24in","shipDate":"2026-07-11","residential":true,"view":"internal","fingerprint":true}"#,
    r#"{"from":"75001","to":"30301","weight":"5lb","dimensions":"8x6x4in","shipDate":"2026-03-02","residential":true,"view":"internal","fingerprint":true}"#,
    r#"{"from":"60601","to":"94105","weight":"7.77lb","dimensions":"15.5x11.25x6in","shipDate":"2026-03-02","view":"internal","fingerprint":true}"#,
    r#"{"from":"85027","to":"10001-1234","weight":"0.3kg","shipDate":"2026-07-12","view":"internal","fingerprint":true}"#,
    r#"{"from":"90210","to":"60601","weight":"20lb","shipDate":"2030-07-11"}"#,
    r#"{"from":"85027","to":"96910","weight":"1lb","shipDate":"2026-07-13","view":"internal"}"#,
    r#"{"from":"85027","to":"10001","parcels":[{"weight":"2lb","dimensions":"10x8x6in"},{"weight":"1lb","dimensions":"8x6x4in"}],"shipDate":"2025-11-03","fingerprint":true}"#,
];

#[test]
fn quote_results_are_written_as_serde_json_wrote_them() {
    let mut seen = std::collections::BTreeSet::new();
    for with_markups in [false, true] {
        let mut e = all_cards();
        if with_markups {
            markups(&mut e);
        }
        for text in SHIPMENTS {
            let s = zonerate::shipment_from_json(text, today()).unwrap();
            let r = e.quote(&s).unwrap();
            let serde = serde_json::to_string(&r).unwrap();
            assert_eq!(r.to_json(), serde, "{text}");
            assert_eq!(zonerate::api::quote_json(&e, text, today()).unwrap(), serde, "{text}");
            for q in &r.quotes {
                for (part, present) in [
                    ("dimWeight", q.dim_weight.is_some()),
                    ("cubicTier", q.cubic_tier.is_some()),
                    ("transitDays", q.transit_days.is_some()),
                    ("no transitDays", q.transit_days.is_none()),
                    ("tags", !q.tags.is_empty()),
                    ("warnings", !q.warnings.is_empty()),
                    ("cost/sell/margin", q.cost.is_some() && q.sell.is_some() && q.margin.is_some()),
                    ("parcels", !q.parcels.is_empty()),
                    ("parcel dimWeight", q.parcels.iter().any(|p| p.dim_weight.is_some())),
                    ("parcel cubicTier", q.parcels.iter().any(|p| p.cubic_tier.is_some())),
                    ("fingerprint", q.fingerprint.is_some()),
                    ("no fingerprint", q.fingerprint.is_none()),
                    ("markup line", q.lines.iter().any(|l| l.category == zonerate::quote::Category::Markup)),
                    ("surcharge line", q.lines.iter().any(|l| l.category == zonerate::quote::Category::Surcharge)),
                ] {
                    if present {
                        seen.insert(part);
                    }
                }
            }
            if !r.unavailable.is_empty() {
                seen.insert("unavailable");
            }
            if r.quotes.is_empty() {
                seen.insert("no quotes");
            }
        }
    }
    let want = [
        "dimWeight",
        "cubicTier",
        "transitDays",
        "no transitDays",
        "tags",
        "warnings",
        "cost/sell/margin",
        "parcels",
        "parcel dimWeight",
        "parcel cubicTier",
        "fingerprint",
        "no fingerprint",
        "markup line",
        "surcharge line",
        "unavailable",
        "no quotes",
    ];
    let missing: Vec<_> = want.iter().filter(|w| !seen.contains(*w)).collect();
    assert!(missing.is_empty(), "no shipment reached {missing:?}");
}

#[test]
fn quote_many_writes_results_and_error_objects_in_place() {
    let mut e = all_cards();
    markups(&mut e);
    let (a, b) = (SHIPMENTS[1], SHIPMENTS[3]);
    let batch = format!(
        r#"[{a}, {{"from":"85027","to":"10001","weight":{{"value":"2","unit":"st"}}}}, {b}, {{"from":"85027","to":"10001","weight":"1lb","colour":"red"}},
           {{"from":"85027","to":"10001","weight":"1lb","services":["usps_teleport"]}}]"#
    );
    let serde =
        |t: &str| serde_json::to_string(&e.quote(&zonerate::shipment_from_json(t, today()).unwrap()).unwrap()).unwrap();
    let expected = [
        serde(a),
        r#"{"error":{"code":"unknown_unit","path":"[1].weight.unit","message":"unknown weight unit \"st\" (use oz, lb, g or kg)"}}"#.into(),
        serde(b),
        r#"{"error":{"code":"invalid_json","path":"[3].colour","message":"unknown field `colour`, expected one of `from`, `to`, `weight`, `dimensions`, `parcels`, `residential`, `shipDate`, `services`, `options`, `carriers`, `excludeCarriers`, `excludeServices`, `bestValueDays`, `view`, `fingerprint`"}}"#.into(),
        r#"{"error":{"code":"unknown_service","path":"[4].services[0]","message":"no loaded card has a service \"usps_teleport\""}}"#.into(),
    ];
    let got = zonerate::api::quote_many_json(&e, &batch, today()).unwrap();
    assert_eq!(got, format!("[{}]", expected.join(",")));
    assert_eq!(zonerate::api::quote_many_json(&e, " [ ] ", today()).unwrap(), "[]");
}

/// Fingerprints of the quotes of a few shipments, as the serde version computed them:
/// they hash the serialised shipment and quote, so a byte written differently would
/// change them all. (A change to the USPS cards or the markup file changes them too.)
#[test]
fn fingerprints_are_the_ones_serde_gave() {
    let shipments = [
        r#"{"from":"85027","to":"10001","weight":"2.5lb","dimensions":"12x10x6in","shipDate":"2025-11-03","fingerprint":true}"#,
        r#"{"from":"85027","to":"10001","parcels":[{"weight":"2lb","dimensions":"10x10x10in"},{"weight":{"value":"3.50","unit":"lb"}}],
            "shipDate":"2025-11-03","fingerprint":true,"view":"internal","residential":true,
            "options":{"flags":["signature","adult_signature"],"packaging":"tube","declaredValue":"250.50","hub":"X"}}"#,
        r#"{"from":"85027","to":"10001-1234","weight":{"value":"1.2","unit":"kg"},"dimensions":{"length":"30","width":20,"height":"10.5","unit":"cm"},
            "shipDate":"2026-07-12","fingerprint":true,"options":{"declaredValue":"0"}}"#,
    ];
    let expected: [[(&str, &str); 3]; 2] = [
        [
            (
                "usps_priority_mail_commercial",
                "sha256:6e77d30f6b675449d63e48bdd9d3a87ca79c65d0aba3fce6e5636ce11a2c7565",
            ),
            (
                "usps_priority_mail_commercial",
                "sha256:a2615b93cb7d94e96a1d477b5653a78c6e2292f4b0c8b232d2c16e78d039e4c3",
            ),
            (
                "usps_priority_mail_commercial",
                "sha256:cb61bbd6db4733887ea0055c6510ac2a9f82c0e33c524be457cd8320efe0008a",
            ),
        ],
        [
            ("usps_ground_advantage_cubic", "sha256:32cdd93b52315edfe6aaddcd6b9efe6f002d83ef04458cf33bda7d16d960b7a0"),
            (
                "usps_priority_mail_express_retail",
                "sha256:8bfbf9113083dbe269d8d7ca7d6fd800a0231443cbd408cfd01441dfd2bc19a7",
            ),
            ("usps_ground_advantage_retail", "sha256:48668dd63e6c8976f81fdc5fac5c406fe0f4717820ebbeeb1caec4bccb202ed6"),
        ],
    ];
    for (with_markups, expected) in [false, true].into_iter().zip(expected) {
        let mut e = usps();
        if with_markups {
            markups(&mut e);
        }
        for (text, (service, fp)) in shipments.iter().zip(expected) {
            let r: Value = serde_json::from_str(&zonerate::api::quote_json(&e, text, today()).unwrap()).unwrap();
            let q = r["quotes"].as_array().unwrap().iter().find(|q| q["service"] == service).unwrap();
            assert_eq!(q["fingerprint"], fp, "{service} for {text} (markups: {with_markups})");
        }
    }
}

#[test]
fn verifications_are_written_as_before() {
    let e = usps();
    let s = SHIPMENTS[0];
    let r: Value = serde_json::from_str(&zonerate::api::quote_json(&e, s, today()).unwrap()).unwrap();
    let q = r["quotes"].as_array().unwrap().iter().find(|q| q["service"] == "usps_priority_mail_commercial").unwrap();
    let fp = "sha256:6e77d30f6b675449d63e48bdd9d3a87ca79c65d0aba3fce6e5636ce11a2c7565";
    let verify = |q: &Value| zonerate::api::verify_quote_json(&e, s, &q.to_string(), today()).unwrap();
    assert_eq!(
        verify(q),
        format!(
            r#"{{"valid":true,"code":"ok","message":"the quote is what these cards give for this shipment","expectedTotal":"18.84","expectedFingerprint":"{fp}"}}"#
        )
    );
    let mut t = q.clone();
    t["total"] = "0.01".into();
    assert_eq!(
        verify(&t),
        format!(
            r#"{{"valid":false,"code":"total_mismatch","message":"total 0.01 is not 18.84","expectedTotal":"18.84","expectedFingerprint":"{fp}"}}"#
        )
    );
    let mut t = q.clone();
    t["card"] = "other".into();
    assert_eq!(
        verify(&t),
        format!(
            r#"{{"valid":false,"code":"card_mismatch","message":"priced by card \"other\", not \"usps-2025-10-05\"","expectedTotal":"18.84","expectedFingerprint":"{fp}"}}"#
        )
    );
    // Key order and the rate-shopping tags do not matter; another field does.
    let mut t = q.clone();
    t["tags"] = serde_json::json!(["anything"]);
    assert!(verify(&t).starts_with(r#"{"valid":true,"code":"ok""#));
    t["extra"] = serde_json::json!({"a": [1, 2.0]});
    assert!(verify(&t).starts_with(r#"{"valid":false,"code":"quote_mismatch""#));
    let mut t = q.clone();
    t.as_object_mut().unwrap().remove("fingerprint");
    assert_eq!(
        verify(&t),
        r#"{"valid":false,"code":"missing_fingerprint","message":"the claimed quote carries no fingerprint"}"#
    );
}

#[test]
fn card_summaries_and_service_lists_are_written_as_before() {
    let text = read("docs/examples/minimal.json");
    let mut e = RateEngine::new();
    let s = e.add_card_json(&text).unwrap();
    assert_eq!(
        s.to_json(),
        r#"{"id":"acme-ground-2026","version":"2026.1","carrier":"acme","services":["acme_ground"],"zoneTables":["acme_phx"]}"#
    );
    let hash = e.card_hash(&s.id).unwrap().to_string();
    let s = RateEngine::new().add_card_json_checked(&text, Some(&hash)).unwrap();
    assert_eq!(
        s.to_json(),
        r#"{"id":"acme-ground-2026","version":"2026.1","carrier":"acme","services":["acme_ground"],"zoneTables":["acme_phx"],"hash":"sha256:ed8c3e533b8d4c1e706a7c13436b193b9b38d7fa77cb4c8a1a31f3f0038bb990"}"#
    );
    let s = RateEngine::new().add_card_json(&read("docs/examples/hashed.json")).unwrap();
    assert_eq!(
        s.to_json(),
        r#"{"id":"acme-mini-2026","carrier":"acme","services":["acme_mini"],"zoneTables":["acme_mini"],"hash":"sha256:7f3a7e9fbe70a7a0de8ee6b8bb4a87bc76000665a09aae6b917c05627a9417c8"}"#
    );
    let e = all_cards();
    assert_eq!(e.service_codes().to_json(), serde_json::to_string(&e.service_codes()).unwrap());
    assert_eq!(RateEngine::new().service_codes().to_json(), "[]");
}

/// Reads a tape back by the layout written in `src/tape.rs`'s docs (the JS facade's
/// reader is checked against the CLI by the conformance suite; this one checks the writer
/// against its documentation).
struct TapeReader<'a> {
    fields: std::vec::IntoIter<&'a str>,
}

impl<'a> TapeReader<'a> {
    fn new(tape: &'a str) -> Self {
        let body = tape.strip_prefix('\x1e').expect("a tape starts with U+001E");
        let fields: Vec<&str> = if body.is_empty() { vec![] } else { body[1..].split('\x1f').collect() };
        assert!(body.is_empty() || body.starts_with('\x1f'));
        TapeReader { fields: fields.into_iter() }
    }
    fn s(&mut self) -> serde_json::Value {
        serde_json::Value::from(self.fields.next().expect("a field"))
    }
    fn n(&mut self) -> u64 {
        self.fields.next().expect("a count").parse().expect("a number")
    }
    fn done(&mut self) -> bool {
        self.fields.as_slice().is_empty()
    }
    fn weight(&mut self) -> serde_json::Value {
        serde_json::json!({ "value": self.s(), "unit": self.s() })
    }
    fn list(&mut self, mut item: impl FnMut(&mut Self) -> serde_json::Value) -> serde_json::Value {
        let n = self.n();
        serde_json::Value::Array((0..n).map(|_| item(self)).collect())
    }
    fn lines(&mut self) -> serde_json::Value {
        self.list(|t| serde_json::json!({ "code": t.s(), "category": t.s(), "label": t.s(), "amount": t.s() }))
    }
    fn quote(&mut self) -> serde_json::Value {
        let bits = self.n();
        let mut q = serde_json::Map::new();
        for k in ["carrier", "service", "serviceName", "zone"] {
            q.insert(k.into(), self.s());
        }
        q.insert("billableWeight".into(), self.weight());
        if bits & 1 != 0 {
            q.insert("dimWeight".into(), self.weight());
        }
        if bits & 2 != 0 {
            q.insert("cubicTier".into(), self.s());
        }
        q.insert("total".into(), self.s());
        q.insert("currency".into(), self.s());
        q.insert("lines".into(), self.lines());
        if bits & 4 != 0 {
            q.insert("transitDays".into(), self.n().into());
        }
        if bits & 8 != 0 {
            q.insert("estimatedDelivery".into(), self.s());
        }
        q.insert("card".into(), self.s());
        if bits & 16 != 0 {
            q.insert("tags".into(), self.list(Self::s));
        }
        if bits & 32 != 0 {
            q.insert("warnings".into(), self.list(Self::s));
        }
        for (bit, k) in [(64, "cost"), (128, "sell"), (256, "margin")] {
            if bits & bit != 0 {
                q.insert(k.into(), self.s());
            }
        }
        if bits & 512 != 0 {
            q.insert(
                "parcels".into(),
                self.list(|t| {
                    let bits = t.n();
                    let mut p = serde_json::Map::new();
                    p.insert("billableWeight".into(), t.weight());
                    if bits & 1 != 0 {
                        p.insert("dimWeight".into(), t.weight());
                    }
                    if bits & 2 != 0 {
                        p.insert("cubicTier".into(), t.s());
                    }
                    p.insert("total".into(), t.s());
                    p.insert("lines".into(), t.lines());
                    p.into()
                }),
            );
        }
        if bits & 1024 != 0 {
            q.insert("fingerprint".into(), self.s());
        }
        q.into()
    }
    fn result(&mut self) -> serde_json::Value {
        let quotes = self.list(Self::quote);
        let unavailable =
            self.list(|t| serde_json::json!({ "carrier": t.s(), "service": t.s(), "code": t.s(), "message": t.s() }));
        serde_json::json!({ "quotes": quotes, "unavailable": unavailable })
    }
}

#[test]
fn the_tape_holds_what_the_json_holds_field_for_field() {
    let mut e = all_cards();
    markups(&mut e);
    for s in SHIPMENTS {
        let json: serde_json::Value = serde_json::from_str(&api::quote_json(&e, s, today()).unwrap()).unwrap();
        let tape = api::quote_tape(&e, s, today()).unwrap();
        let mut t = TapeReader::new(&tape);
        let read = t.result();
        assert!(t.done(), "fields left over on the tape of {s}");
        // serde_json's Map keeps keys sorted; the order is the JS reader's business.
        assert_eq!(read, json, "{s}");
        assert!(tape.len() < serde_json::to_string(&json).unwrap().len(), "the tape is shorter than the JSON");
    }
    // quoteMany: `q` + result or `e code path message`, to the end.
    let list = format!("[{},{{\"from\":\"85027\"}},{}]", SHIPMENTS[0], SHIPMENTS[6]);
    let json: serde_json::Value = serde_json::from_str(&api::quote_many_json(&e, &list, today()).unwrap()).unwrap();
    let tape = api::quote_many_tape(&e, &list, today()).unwrap();
    let mut t = TapeReader::new(&tape);
    let mut items = vec![];
    while !t.done() {
        let kind = t.s();
        items.push(if kind == "q" {
            t.result()
        } else {
            assert_eq!(kind, "e");
            serde_json::json!({ "error": { "code": t.s(), "path": t.s(), "message": t.s() } })
        });
    }
    assert_eq!(serde_json::Value::Array(items), json);
    assert_eq!(api::quote_many_tape(&e, "[]", today()).unwrap(), "\x1e");
}

#[test]
fn a_separator_in_a_card_string_escapes_the_tape() {
    let mut card: serde_json::Value = serde_json::from_str(&read("cards/gofo/gofo.json")).unwrap();
    let name = card["services"][0]["name"].as_str().unwrap().to_string();
    card["services"][0]["name"] = serde_json::Value::from(format!("{name}\u{1f}x\u{1c}y"));
    let mut e = all_cards_but_gofo();
    e.add_card_json(&card.to_string()).unwrap();
    let s = r#"{"from":"90001","to":"10001","weight":"5lb","shipDate":"2026-03-02"}"#;
    let json = api::quote_json(&e, s, today()).unwrap();
    assert!(json.contains("\\u001fx\\u001cy"), "the service with the odd name is priced");
    // The escaped tape (src/tape.rs): U+001C first, and in strings U+001F as U+001C "_",
    // U+001C as U+001C "\\".
    let escaped = format!("\u{1f}{name}\u{1c}_x\u{1c}\\y\u{1f}");
    for tape in
        [api::quote_tape(&e, s, today()).unwrap(), api::quote_many_tape(&e, &format!("[{s}]"), today()).unwrap()]
    {
        assert!(tape.starts_with('\u{1c}'), "{tape:?}");
        assert!(tape.contains(&escaped), "{tape:?}");
    }
}

fn all_cards_but_gofo() -> RateEngine {
    let mut e = RateEngine::new();
    for c in common::SHIPPED_CARDS.iter().filter(|c| !c.contains("gofo")) {
        e.add_card_json(&read(c)).unwrap();
    }
    e
}
