//! Shared pieces of the fuzz targets: the shipped cards, engines built from them once
//! per process, and the invariants every quote must keep.

use rust_decimal::Decimal;
use std::sync::OnceLock;
use zonerate::{Date, QuoteResult, RateEngine};

/// Cards that only hold zone tables (loaded first: services reference them).
pub const ZONE_CARDS: &[&str] = &[
    include_str!("../../cards/usps/usps-zones.json"),
    include_str!("../../cards/usps/usps-zones-national-2018.json"),
];

/// Cards with services.
pub const RATE_CARDS: &[&str] = &[
    include_str!("../../cards/usps/usps-2025-10-05.json"),
    include_str!("../../cards/usps/usps-2026-07-12.json"),
    include_str!("../../cards/ontrac/ontrac-2026.json"),
    include_str!("../../cards/gofo/gofo.json"),
    include_str!("../../cards/uniuni/uniuni.json"),
    include_str!("../../cards/speedx/speedx.json"),
    include_str!("../../cards/swiftx/swiftx.json"),
];

/// Markup rules of every kind, for the internal and customer views.
pub const MARKUPS: &str = r#"{"format":"zonerate.markup/1","rules":[
  {"code":"pct","label":"Markup","type":"percent","percent":"12.5"},
  {"code":"run","label":"Running","type":"percent","percent":"3","of":"running"},
  {"code":"handling","label":"Handling","type":"fixed","amount":"0.35","carriers":["usps","gofo"]},
  {"code":"zone","label":"Zone","type":"perZone","zones":["1","2","8"],"amounts":["0.10","0.20","0.80"]},
  {"code":"floor","label":"Minimum margin","type":"minMargin","amount":"1.25"}]}"#;

/// ZIPs the shipped cards know: chart origins, hub areas, remote destinations.
pub const ZIPS: &[&str] = &[
    "85027", "43215", "24060", "90210", "90001", "91710", "75001", "60601", "30301", "10001", "07001", "94105",
    "00501", "00601", "96910", "96799", "99501", "96701", "02134", "33101", "98101", "80202", "59001", "83001",
];

/// "Today" for shipments without a ship date.
pub fn today() -> Date {
    Date::new(2025, 11, 3).unwrap_or_else(Date::today_utc)
}

fn load(cards: &[&str], engine: &mut RateEngine) {
    for c in cards {
        // The shipped cards load (tests check it); ignore rather than panic here.
        let _ = engine.add_card_json(c);
    }
}

/// An engine with the zone tables only (to add a fuzzed card to).
pub fn zones_engine() -> &'static RateEngine {
    static E: OnceLock<RateEngine> = OnceLock::new();
    E.get_or_init(|| {
        let mut e = RateEngine::new();
        load(ZONE_CARDS, &mut e);
        e
    })
}

/// An engine with every shipped card.
pub fn full_engine() -> &'static RateEngine {
    static E: OnceLock<RateEngine> = OnceLock::new();
    E.get_or_init(|| {
        let mut e = zones_engine().clone();
        load(RATE_CARDS, &mut e);
        e
    })
}

/// Every shipped card and the markup rules.
pub fn marked_engine() -> &'static RateEngine {
    static E: OnceLock<RateEngine> = OnceLock::new();
    E.get_or_init(|| {
        let mut e = full_engine().clone();
        if let Ok(rules) = zonerate::markup::parse_markups(MARKUPS) {
            e.set_markups(rules);
        }
        e
    })
}

/// The invariants of a quote result: lines add up to the total (per parcel too), every
/// amount is whole cents and not negative, sell = total and margin = sell − cost, and
/// the result serialises.
pub fn check(r: &QuoteResult<'_>) {
    for q in &r.quotes {
        let sum = zonerate::Money(q.lines.iter().map(|l| l.amount.0).sum::<Decimal>());
        assert_eq!(sum, q.total, "lines do not add up to the total: {q:?}");
        for l in &q.lines {
            assert!(l.amount.0 >= Decimal::ZERO, "negative line: {q:?}");
            assert!(l.amount.0.scale() <= 2, "line not in cents: {q:?}");
        }
        if !q.parcels.is_empty() {
            let parts: Decimal = q.parcels.iter().map(|p| p.total.0).sum();
            assert_eq!(parts, q.total.0, "parcels do not add up: {q:?}");
            for p in &q.parcels {
                let s: Decimal = p.lines.iter().map(|l| l.amount.0).sum();
                assert_eq!(s, p.total.0, "parcel lines do not add up: {q:?}");
            }
        }
        if let (Some(sell), Some(cost), Some(margin)) = (q.sell, q.cost, q.margin) {
            assert_eq!(sell, q.total);
            assert_eq!(margin.0, sell.0 - cost.0);
        }
    }
    assert!(serde_json::to_string(r).is_ok());
}

/// Quotes a fixed set of shipments (light and heavy, with and without dimensions, from
/// the origins the cards serve) and hands each result to `f`.
pub fn quote_probes(engine: &RateEngine, f: impl Fn(&QuoteResult<'_>)) {
    const PROBES: &[&str] = &[
        // Light parcels from origins every shipped card serves (USPS from anywhere; the
        // regional hubs LAX, PHX, ATL, JFK/EWR), then heavy and absurd ones.
        r#"{"from":"90001","to":"90210","weight":"2.5lb","dimensions":"12x10x6in","residential":true}"#,
        r#"{"from":"85027","to":"90210","weight":"1.3kg","residential":true,"options":{"flags":["signature"],"declaredValue":"500"}}"#,
        r#"{"from":"30301","to":"30303","weight":"0.3oz","shipDate":"2026-12-01","options":{"packaging":"tube"}}"#,
        r#"{"from":"10001","to":"11201","weight":"40lb","dimensions":"30x20x20in","shipDate":"2026-07-12"}"#,
        r#"{"from":"85027","to":"90210","weight":"149lb","dimensions":"100x40x40in","view":"internal","fingerprint":true}"#,
        r#"{"from":"43215","to":"99501","weight":"19999lb","dimensions":"2000x2000x2000in","shipDate":"2026-12-01"}"#,
        r#"{"from":"75001","to":"75201","weight":"9000kg","dimensions":"5080x5080x5080cm"}"#,
        r#"{"from":"90001","to":"90210","parcels":[{"weight":"70lb","dimensions":"30x30x30in"},{"weight":"0.0001g"}]}"#,
        r#"{"from":"24060","to":"96910","weight":"1lb","shipDate":"2026-07-12","options":{"packaging":"tube"}}"#,
    ];
    for p in PROBES {
        if let Ok(s) = zonerate::shipment_from_json(p, today()) {
            if let Ok(r) = engine.quote(&s) {
                f(&r);
            }
        }
    }
}
