//! Regional cards (cards/ontrac, cards/gofo, cards/uniuni, cards/speedx, cards/swiftx):
//! hand-computed quotes.
//!
//! OnTrac: surcharges, dim rule, zones, coverage and the 19.25 % fuel are OnTrac's
//! public list numbers (domain.md §11); base rates are the card's illustrative table,
//! whose cells are cited (and checked) below. The illustrative table is
//!   price(w, zone) = first pound + step(2–20 lb) × (min(w, 20) − 1) + step(21–150 lb) × max(w − 20, 0)
//!   zone:           2      3      4      5      6      7      8
//!   first pound:  8.40   8.85   9.45  10.05  10.70  11.40  12.15
//!   step 2–20:    0.42   0.55   0.72   0.90   1.08   1.26   1.45
//!   step 21–150:  0.38   0.48   0.62   0.78   0.93   1.09   1.25
//! and above 150 lb a price per pound = ceil(price(150) / 150) to the cent.
//!
//! Each line is rounded to the cent half away from zero; fuel is 19.25 % of the sum
//! of the (rounded) lines before it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use zonerate::card::format::{CardDoc, RowDef};
use zonerate::{shipment_from_json, Date, RateEngine};

fn cards_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cards")
}

fn doc(rel: &str) -> CardDoc {
    let text = std::fs::read_to_string(cards_dir().join(rel)).unwrap();
    zonerate::card::parse_card(&text).unwrap()
}

fn engine_of(docs: Vec<CardDoc>) -> RateEngine {
    let mut e = RateEngine::new();
    for d in docs {
        e.add_card(d).unwrap();
    }
    e
}

fn engine(rels: &[&str]) -> RateEngine {
    engine_of(rels.iter().map(|r| doc(r)).collect())
}

/// Every card under cards/, zone-only cards first (as `zonerate quote --cards cards`).
fn all_cards() -> RateEngine {
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
    walk(&cards_dir(), &mut files);
    let mut docs: Vec<CardDoc> =
        files.iter().map(|f| zonerate::card::parse_card(&std::fs::read_to_string(f).unwrap()).unwrap()).collect();
    docs.sort_by_key(|d| !d.services.is_empty());
    engine_of(docs)
}

/// What a priced quote says, owned.
#[derive(Debug, PartialEq)]
struct Got {
    zone: String,
    billable: String,
    lines: Vec<(String, String)>,
    total: String,
}

impl Got {
    fn line(&self, code: &str) -> Option<&str> {
        self.lines.iter().find(|(c, _)| c == code).map(|(_, a)| a.as_str())
    }
    fn base(&self) -> &str {
        self.line("base").unwrap()
    }
    fn codes(&self) -> Vec<&str> {
        self.lines.iter().map(|(c, _)| c.as_str()).collect()
    }
}

/// Quotes one service; Err((reason code, message)) when it is unavailable.
#[allow(clippy::too_many_arguments)]
fn q(
    e: &RateEngine,
    service: &str,
    from: &str,
    to: &str,
    weight: &str,
    dims: Option<&str>,
    residential: bool,
    date: &str,
) -> Result<Got, (String, String)> {
    let dims = dims.map_or(String::new(), |d| format!(r#","dimensions":"{d}""#));
    let json = format!(
        r#"{{"from":"{from}","to":"{to}","weight":"{weight}"{dims},"residential":{residential},"shipDate":"{date}","services":["{service}"]}}"#
    );
    let s = shipment_from_json(&json, "2026-01-01".parse::<Date>().unwrap()).unwrap();
    let r = e.quote(&s).unwrap();
    if let Some(u) = r.unavailable.first() {
        return Err((u.code.to_string(), u.message.clone()));
    }
    let qt = r.quotes.first().unwrap();
    let sum: rust_decimal::Decimal = qt.lines.iter().map(|l| l.amount.0).sum();
    assert_eq!(sum, qt.total.0, "lines add up to the total");
    Ok(Got {
        zone: qt.zone.to_string(),
        billable: format!("{} {}", qt.billable_weight.value.0.normalize(), qt.billable_weight.unit),
        lines: qt.lines.iter().map(|l| (l.code.to_string(), l.amount.to_string())).collect(),
        total: qt.total.to_string(),
    })
}

fn lines(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// The cell of a flat/unit row ending at `up_to` (None = the unbounded last row).
fn cell(d: &CardDoc, service: &str, up_to: Option<&str>, zone: &str) -> String {
    let s = d.services.iter().find(|s| s.code == service).unwrap();
    let col = s.table.zones.iter().position(|z| z == zone).unwrap();
    let row: &RowDef =
        s.table.rows.iter().find(|r| r.up_to.map(|u| u.normalize().to_string()) == up_to.map(str::to_string)).unwrap();
    row.prices.as_ref().unwrap()[col].unwrap().to_string()
}

const ONTRAC: &str = "ontrac/ontrac-2026.json";
const PHX: &str = "85004"; // Phoenix: hub PHX
const FUEL_WEEK: &str = "2026-02-05";

// ---------------------------------------------------------------------------------
// OnTrac

#[test]
fn ontrac_cited_cells_are_the_cards() {
    let d = doc(ONTRAC);
    assert!(!d.illustrative, "surcharges, zones and fuel are public: the card is not wholly illustrative");
    let src = d.source.as_deref().unwrap();
    assert!(src.contains("PUBLIC") && src.contains("ILLUSTRATIVE (made up, not OnTrac's): every base rate"));
    // 3 lb zone 5: 10.05 + 0.90 × 2 = 11.85
    assert_eq!(cell(&d, "ontrac_ground", Some("3"), "5"), "11.85");
    // 14 lb zone 5: 10.05 + 0.90 × 13 = 21.75
    assert_eq!(cell(&d, "ontrac_ground", Some("14"), "5"), "21.75");
    // 19 lb zone 5: 10.05 + 0.90 × 18 = 26.25
    assert_eq!(cell(&d, "ontrac_ground", Some("19"), "5"), "26.25");
    // 30 lb zone 5: 10.05 + 0.90 × 19 + 0.78 × 10 = 10.05 + 17.10 + 7.80 = 34.95
    assert_eq!(cell(&d, "ontrac_ground", Some("30"), "5"), "34.95");
    // 30 lb zone 2: 8.40 + 0.42 × 19 + 0.38 × 10 = 8.40 + 7.98 + 3.80 = 20.18
    assert_eq!(cell(&d, "ontrac_ground", Some("30"), "2"), "20.18");
    // 90 lb zone 5: 10.05 + 17.10 + 0.78 × 70 = 10.05 + 17.10 + 54.60 = 81.75
    assert_eq!(cell(&d, "ontrac_ground", Some("90"), "5"), "81.75");
    // 1 lb zone 7: 11.40
    assert_eq!(cell(&d, "ontrac_ground", Some("1"), "7"), "11.40");
    // 10 lb zone 8: 12.15 + 1.45 × 9 = 12.15 + 13.05 = 25.20
    assert_eq!(cell(&d, "ontrac_ground", Some("10"), "8"), "25.20");
    // 51 lb zone 8: 12.15 + 1.45 × 19 + 1.25 × 31 = 12.15 + 27.55 + 38.75 = 78.45
    assert_eq!(cell(&d, "ontrac_ground", Some("51"), "8"), "78.45");
    // 150 lb zone 5: 10.05 + 17.10 + 0.78 × 130 = 128.55; above 150 lb: 128.55 / 150 = 0.857 → 0.86 a pound
    assert_eq!(cell(&d, "ontrac_ground", Some("150"), "5"), "128.55");
    assert_eq!(cell(&d, "ontrac_ground", None, "5"), "0.86");
}

#[test]
fn ontrac_zones_hubs_and_coverage_from_the_public_data() {
    let e = engine(&[ONTRAC]);
    // Data rows: 75001,TX,phx 5,cmh 5,NO; 10001,NY,phx 8,cmh 4,EDAS; 85281,AZ,phx 2.
    assert_eq!(q(&e, "ontrac_ground", PHX, "75001", "1lb", None, false, FUEL_WEEK).unwrap().zone, "5");
    assert_eq!(q(&e, "ontrac_ground", PHX, "10001", "1lb", None, false, FUEL_WEEK).unwrap().zone, "8");
    assert_eq!(q(&e, "ontrac_ground", "43215", "10001", "1lb", None, false, FUEL_WEEK).unwrap().zone, "4"); // hub CMH
    assert_eq!(q(&e, "ontrac_ground", "85701", "85281", "1lb", None, false, FUEL_WEEK).unwrap().zone, "2"); // Tucson through PHX
                                                                                                            // 01034 is in the serviceable list but has no zone; 07806 has a zone but is not
                                                                                                            // serviceable: neither is covered.
    for to in ["01034", "07806"] {
        assert_eq!(
            q(&e, "ontrac_ground", PHX, to, "1lb", None, false, FUEL_WEEK).unwrap_err().0,
            "destination_not_served"
        );
    }
    // Montebello CA is not an OnTrac origin in this data.
    assert_eq!(
        q(&e, "ontrac_ground", "90640", "10001", "1lb", None, false, FUEL_WEEK).unwrap_err().0,
        "origin_not_served"
    );
}

#[test]
fn ontrac_fuel_on_the_subtotal_and_billable_rounding() {
    let e = engine(&[ONTRAC]);
    // 2.3 lb → whole pound 3; zone 5 cell(3) = 11.85.
    // fuel = 11.85 × 19.25 % = 2.281125 → 2.28; total 11.85 + 2.28 = 14.13
    let g = q(&e, "ontrac_ground", PHX, "75001", "2.3lb", None, false, FUEL_WEEK).unwrap();
    assert_eq!(g.billable, "3 lb");
    assert_eq!(g.lines, lines(&[("base", "11.85"), ("fuel", "2.28")]));
    assert_eq!(g.total, "14.13");

    // Fuel on base + EDAS, with a half cent: 10 lb zone 8 to 10001 (EDAS), cell(10, 8) = 25.20.
    // subtotal 25.20 + 8.80 = 34.00; fuel 34.00 × 0.1925 = 6.545 → 6.55 (half away from zero)
    // total 25.20 + 8.80 + 6.55 = 40.55
    let g = q(&e, "ontrac_ground", PHX, "10001", "10lb", None, false, FUEL_WEEK).unwrap();
    assert_eq!(g.lines, lines(&[("base", "25.20"), ("edas", "8.80"), ("fuel", "6.55")]));
    assert_eq!(g.total, "40.55");

    // Residential: 1 lb zone 7 to 25504 (WV, NO), cell(1, 7) = 11.40.
    // subtotal 11.40 + 6.60 = 18.00; fuel 18.00 × 0.1925 = 3.465 → 3.47; total 21.47
    let g = q(&e, "ontrac_ground", PHX, "25504", "1lb", None, true, FUEL_WEEK).unwrap();
    assert_eq!(g.lines, lines(&[("base", "11.40"), ("residential", "6.60"), ("fuel", "3.47")]));
    assert_eq!(g.total, "21.47");

    // Everything before fuel counts: 51 lb (additional handling by weight, zone 8 $42),
    // residential, to 10001 (EDAS). cell(51, 8) = 78.45.
    // subtotal 78.45 + 6.60 + 8.80 + 42.00 = 135.85; fuel 135.85 × 0.1925 = 26.150125 → 26.15
    // total 135.85 + 26.15 = 162.00
    let g = q(&e, "ontrac_ground", PHX, "10001", "51lb", None, true, FUEL_WEEK).unwrap();
    assert_eq!(
        g.lines,
        lines(&[
            ("base", "78.45"),
            ("residential", "6.60"),
            ("edas", "8.80"),
            ("additional_handling", "42.00"),
            ("fuel", "26.15")
        ])
    );
    assert_eq!(g.total, "162.00");
}

#[test]
fn ontrac_default_fuel_outside_the_published_week_is_labelled() {
    let e = engine(&[ONTRAC]);
    // Same parcel as above (3 lb zone 5, base 11.85, fuel 2.28) on other dates: the
    // default line charges the last known 19.25 % under its own code.
    let g = q(&e, "ontrac_ground", PHX, "75001", "2.3lb", None, false, "2026-02-09").unwrap();
    assert_eq!(g.lines, lines(&[("base", "11.85"), ("fuel_default", "2.28")]));
    let g = q(&e, "ontrac_ground", PHX, "75001", "2.3lb", None, false, "2026-02-01").unwrap();
    assert_eq!(g.lines, lines(&[("base", "11.85"), ("fuel_default_before", "2.28")]));
    // The published week runs Monday 2026-02-02 to Sunday 2026-02-08.
    for day in ["2026-02-02", "2026-02-08"] {
        assert_eq!(q(&e, "ontrac_ground", PHX, "75001", "2.3lb", None, false, day).unwrap().codes(), ["base", "fuel"]);
    }
    let d = doc(ONTRAC);
    let label = &d.surcharges.iter().find(|s| s.code == "fuel_default").unwrap().label;
    assert!(label.contains("DEFAULT"), "{label}");
}

#[test]
fn ontrac_dim_weight_rounds_sides_up_and_divides_by_139() {
    let e = engine(&[ONTRAC]);
    // 12.1 x 12 x 12 → 13 x 12 x 12 = 1872 in³ > 1728; 1872 / 139 = 13.47 → 14 lb.
    // cell(14, 5) = 21.75; fuel 21.75 × 0.1925 = 4.186875 → 4.19; total 25.94
    let g = q(&e, "ontrac_ground", PHX, "75001", "3lb", Some("12.1x12x12in"), false, FUEL_WEEK).unwrap();
    assert_eq!(g.billable, "14 lb");
    assert_eq!(g.lines, lines(&[("base", "21.75"), ("fuel", "4.19")]));
    assert_eq!(g.total, "25.94");
    // 12 x 12 x 12 = 1728: not over the threshold, actual 3 lb.
    assert_eq!(
        q(&e, "ontrac_ground", PHX, "75001", "3lb", Some("12x12x12in"), false, FUEL_WEEK).unwrap().billable,
        "3 lb"
    );
}

#[test]
fn ontrac_das_and_edas_are_exclusive() {
    let e = engine(&[ONTRAC]);
    // 75009 (TX, zone 5) is DAS: 1 lb cell(1, 5) = 10.05; + 6.60 = 16.65; fuel 3.205125 → 3.21; total 19.86
    let g = q(&e, "ontrac_ground", PHX, "75009", "1lb", None, false, FUEL_WEEK).unwrap();
    assert_eq!(g.lines, lines(&[("base", "10.05"), ("das", "6.60"), ("fuel", "3.21")]));
    assert_eq!(g.total, "19.86");
    // The data puts each ZIP in one list at most, so to see the group at work put
    // 10001 (EDAS) in the DAS list too: both apply, only the higher (EDAS $8.80) is
    // charged. 1 lb zone 8 = 12.15; + 8.80 = 20.95; fuel 4.032875 → 4.03; total 24.98
    let mut d = doc(ONTRAC);
    d.id = "ontrac-both".into();
    let das = d.zip_sets.get_mut("ontrac_das").unwrap();
    das.push_str(" 10001");
    let e2 = engine_of(vec![d]);
    for e in [&e, &e2] {
        let g = q(e, "ontrac_ground", PHX, "10001", "1lb", None, false, FUEL_WEEK).unwrap();
        assert_eq!(g.lines, lines(&[("base", "12.15"), ("edas", "8.80"), ("fuel", "4.03")]));
        assert_eq!(g.total, "24.98");
    }
}

#[test]
fn ontrac_additional_handling_raises_billable_weight_to_30_lb() {
    let e = engine(&[ONTRAC]);
    // 10 lb, 49 x 6 x 4 in (1176 in³: no dim weight), longest 49 > 48 → additional
    // handling, zone 5 $40.00, billable raised 10 → 30 lb. cell(30, 5) = 34.95.
    // subtotal 34.95 + 40.00 = 74.95; fuel 74.95 × 0.1925 = 14.427875 → 14.43; total 89.38
    let g = q(&e, "ontrac_ground", PHX, "75001", "10lb", Some("49x6x4in"), false, FUEL_WEEK).unwrap();
    assert_eq!(g.billable, "30 lb");
    assert_eq!(g.lines, lines(&[("base", "34.95"), ("additional_handling", "40.00"), ("fuel", "14.43")]));
    assert_eq!(g.total, "89.38");
    // Zones 2–4 pay $36: to 85281 (zone 2), cell(30, 2) = 20.18.
    // subtotal 20.18 + 36.00 = 56.18; fuel 56.18 × 0.1925 = 10.81465 → 10.81; total 66.99
    let g = q(&e, "ontrac_ground", PHX, "85281", "10lb", Some("49x6x4in"), false, FUEL_WEEK).unwrap();
    assert_eq!(g.lines, lines(&[("base", "20.18"), ("additional_handling", "36.00"), ("fuel", "10.81")]));
    assert_eq!(g.total, "66.99");
    // Second-longest side 31 > 30 triggers it too (31 x 31 x 1 = 961 in³, no dim).
    let g = q(&e, "ontrac_ground", PHX, "75001", "10lb", Some("31x31x1in"), false, FUEL_WEEK).unwrap();
    assert_eq!((g.billable.as_str(), g.line("additional_handling")), ("30 lb", Some("40.00")));
    // Exactly 48 x 30 x 1: not over either threshold, no charge, billable 10 lb.
    let g = q(&e, "ontrac_ground", PHX, "75001", "10lb", Some("48x30x1in"), false, FUEL_WEEK).unwrap();
    assert_eq!((g.billable.as_str(), g.line("additional_handling")), ("10 lb", None));
}

#[test]
fn ontrac_large_package_replaces_additional_handling_and_bills_90_lb() {
    let e = engine(&[ONTRAC]);
    // 10 lb, 73 x 6 x 4 in: 1752 in³ > 1728 → dim 1752 / 139 = 12.6 → 13 lb.
    // longest 73 > 48 (additional handling) and > 72 (large package): only the large
    // package ($285) is charged, and its 90 lb minimum applies. cell(90, 5) = 81.75.
    // subtotal 81.75 + 285.00 = 366.75; fuel 366.75 × 0.1925 = 70.599375 → 70.60; total 437.35
    let g = q(&e, "ontrac_ground", PHX, "75001", "10lb", Some("73x6x4in"), false, FUEL_WEEK).unwrap();
    assert_eq!(g.billable, "90 lb");
    assert_eq!(g.lines, lines(&[("base", "81.75"), ("large_package", "285.00"), ("fuel", "70.60")]));
    assert_eq!(g.total, "437.35");
}

#[test]
fn ontrac_over_maximum_is_charged_alone_not_refused() {
    let e = engine(&[ONTRAC]);
    // 10 lb, 110 x 6 x 4 in: longest 110 > 108 → over maximum; additional handling and
    // large package also hold but only the most severe ($1,875) is charged, and it has
    // no minimum billable weight: dim 2640 / 139 = 18.99 → 19 lb. cell(19, 5) = 26.25.
    // subtotal 26.25 + 1875.00 = 1901.25; fuel 1901.25 × 0.1925 = 365.990625 → 365.99
    // total 1901.25 + 365.99 = 2267.24
    let g = q(&e, "ontrac_ground", PHX, "75001", "10lb", Some("110x6x4in"), false, FUEL_WEEK).unwrap();
    assert_eq!(g.billable, "19 lb");
    assert_eq!(g.lines, lines(&[("base", "26.25"), ("over_maximum", "1875.00"), ("fuel", "365.99")]));
    assert_eq!(g.total, "2267.24");
    // Length + girth: 100 x 20 x 14 → 100 + 2 × 34 = 168 > 165; also 28000 in³ > 17280
    // (large package). Only over maximum is charged.
    let g = q(&e, "ontrac_ground", PHX, "75001", "10lb", Some("100x20x14in"), false, FUEL_WEEK).unwrap();
    assert_eq!(g.codes(), ["base", "over_maximum", "fuel"]);
    // 160 lb > 150: over maximum (additional handling by weight dropped); base from the
    // per-pound row: 0.86 × 160 = 137.60. subtotal 137.60 + 1875.00 = 2012.60;
    // fuel 2012.60 × 0.1925 = 387.4255 → 387.43; total 2400.03
    let g = q(&e, "ontrac_ground", PHX, "75001", "160lb", None, false, FUEL_WEEK).unwrap();
    assert_eq!(g.lines, lines(&[("base", "137.60"), ("over_maximum", "1875.00"), ("fuel", "387.43")]));
    assert_eq!(g.total, "2400.03");
    // 150 lb exactly is not over: additional handling (weight > 50) only, cell(150, 5) = 128.55.
    let g = q(&e, "ontrac_ground", PHX, "75001", "150lb", None, false, FUEL_WEEK).unwrap();
    assert_eq!((g.base(), g.codes()), ("128.55", vec!["base", "additional_handling", "fuel"]));
    // Only above the card's 500 lb sanity ceiling is the parcel refused.
    assert_eq!(q(&e, "ontrac_ground", PHX, "75001", "501lb", None, false, FUEL_WEEK).unwrap_err().0, "over_max_weight");
}

// ---------------------------------------------------------------------------------
// The illustrative cards: one test per pricing mode, at and around the boundaries.
// Origin 90640 (Montebello, LAX hub) to 10001 (New York): zone 8 on every sample card.

const LA: &str = "90640";
const NYC: &str = "10001";
const DAY: &str = "2026-11-21";

#[test]
fn samples_say_they_are_illustrative() {
    for rel in ["gofo/gofo.json", "uniuni/uniuni.json", "speedx/speedx.json", "swiftx/swiftx.json"] {
        let d = doc(rel);
        assert!(d.illustrative, "{rel}");
        assert!(d.source.as_deref().unwrap().starts_with("ILLUSTRATIVE SAMPLE - NOT"), "{rel}");
        let hubs = d.zone_tables.values().next().unwrap().hubs.as_ref().unwrap();
        assert!(hubs.len() >= 2, "{rel}: at least two entry hubs");
    }
}

/// Base line of a sample service from LA to NYC (zone 8), commercial.
fn base(e: &RateEngine, service: &str, weight: &str) -> String {
    let g = q(e, service, LA, NYC, weight, None, false, DAY).unwrap();
    assert_eq!(g.zone, "8");
    g.base().to_string()
}

#[test]
fn mode1_flat_gofo_ground() {
    let e = engine(&["gofo/gofo.json"]);
    // Zone 8 column: quarter pounds 4.20, 4.50, 4.80, 5.10 (4.20 + 0.30 a quarter);
    // whole pounds 5.10 + 1.08 × (w − 1). Brackets are "not over".
    assert_eq!(base(&e, "gofo_ground", "4oz"), "4.20"); // 0.25 lb: ≤ 0.25 row
    assert_eq!(base(&e, "gofo_ground", "4.1oz"), "4.50"); // 0.25625 lb: ≤ 0.5 row
    assert_eq!(base(&e, "gofo_ground", "16oz"), "5.10"); // 1 lb exactly: ≤ 1 row
    assert_eq!(base(&e, "gofo_ground", "1.01lb"), "6.18"); // rounded up to 2 lb: 5.10 + 1.08
    assert_eq!(base(&e, "gofo_ground", "20lb"), "25.62"); // 5.10 + 1.08 × 19 = 5.10 + 20.52
    assert_eq!(q(&e, "gofo_ground", LA, NYC, "20.01lb", None, false, DAY).unwrap_err().0, "over_max_weight");
}

#[test]
fn mode4_flat_then_unit_gofo_economy() {
    let e = engine(&["gofo/gofo.json"]);
    // Zone 8: flat 6.70 + 0.92 × (w − 1) to 10 lb; then 1.60 a pound to 30 lb and 1.58
    // a pound to 50 lb, times the whole billable weight. Weights round up to the pound.
    assert_eq!(base(&e, "gofo_economy", "9.5lb"), "14.98"); // → 10 lb flat: 6.70 + 0.92 × 9 = 6.70 + 8.28
    assert_eq!(base(&e, "gofo_economy", "10lb"), "14.98");
    assert_eq!(base(&e, "gofo_economy", "10.2lb"), "17.60"); // → 11 lb unit: 1.60 × 11
    assert_eq!(base(&e, "gofo_economy", "30lb"), "48.00"); // 1.60 × 30
    assert_eq!(base(&e, "gofo_economy", "30.5lb"), "48.98"); // → 31 lb: 1.58 × 31
    assert_eq!(base(&e, "gofo_economy", "50lb"), "79.00"); // 1.58 × 50
}

#[test]
fn mode2_unit_price_uniuni_standard() {
    let e = engine(&["uniuni/uniuni.json"]);
    // Zone 8, per pound by bracket (whole weight at the bracket's rate), weight rounded
    // up to the pound: ≤1 lb 4.90, ≤3 3.20, ≤5 2.72, ≤10 2.35, ≤20 2.16.
    assert_eq!(base(&e, "uniuni_standard", "1lb"), "4.90"); // 4.90 × 1
    assert_eq!(base(&e, "uniuni_standard", "1.2lb"), "6.40"); // → 2 lb: 3.20 × 2
    assert_eq!(base(&e, "uniuni_standard", "3lb"), "9.60"); // 3.20 × 3
    assert_eq!(base(&e, "uniuni_standard", "3.01lb"), "10.88"); // → 4 lb: 2.72 × 4
    assert_eq!(base(&e, "uniuni_standard", "5lb"), "13.60"); // 2.72 × 5
    assert_eq!(base(&e, "uniuni_standard", "6lb"), "14.10"); // 2.35 × 6
    assert_eq!(base(&e, "uniuni_standard", "10lb"), "23.50"); // 2.35 × 10
    assert_eq!(base(&e, "uniuni_standard", "11lb"), "23.76"); // 2.16 × 11
    assert_eq!(base(&e, "uniuni_standard", "20lb"), "43.20"); // 2.16 × 20
}

#[test]
fn mode3_first_weight_and_continuation_speedx() {
    let e = engine(&["speedx/speedx.json"]);
    // speedx_standard zone 8: F = 1 lb, PF = 5.70, S = 1 lb, PS = 1.25; no weight rounding.
    assert_eq!(base(&e, "speedx_standard", "0.5lb"), "5.70"); // w ≤ F
    assert_eq!(base(&e, "speedx_standard", "1lb"), "5.70");
    assert_eq!(base(&e, "speedx_standard", "1.01lb"), "6.95"); // 5.70 + ceil(0.01 / 1) × 1.25
    assert_eq!(base(&e, "speedx_standard", "2lb"), "6.95"); // 5.70 + 1 × 1.25
    assert_eq!(base(&e, "speedx_standard", "2.01lb"), "8.20"); // 5.70 + ceil(1.01) × 1.25 = 5.70 + 2.50
                                                               // speedx_economy zone 8: F = 2 lb, PF = 6.15, S = 0.5 lb, PS = 0.62.
    assert_eq!(base(&e, "speedx_economy", "2lb"), "6.15");
    assert_eq!(base(&e, "speedx_economy", "2.01lb"), "6.77"); // 6.15 + ceil(0.01 / 0.5) × 0.62
    assert_eq!(base(&e, "speedx_economy", "2.5lb"), "6.77"); // 6.15 + 1 × 0.62
    assert_eq!(base(&e, "speedx_economy", "2.51lb"), "7.39"); // 6.15 + ceil(1.02) × 0.62 = 6.15 + 1.24
    assert_eq!(base(&e, "speedx_economy", "50lb"), "65.67"); // 6.15 + (48 / 0.5) × 0.62 = 6.15 + 59.52
}

#[test]
fn mode5_flat_then_progressive_tiers_in_kg_swiftx() {
    let e = engine(&["swiftx/swiftx.json"]);
    // Zone 8: flat ≤0.5 kg 5.95, ≤1 kg 7.20, ≤2 kg 9.35 = P(T); tiers (2, 10] per 1 kg
    // at 2.40 and (10, 30] per 0.5 kg at 0.98, on the excess only. Billable weight up
    // to 0.1 kg.
    assert_eq!(base(&e, "swiftx_express", "0.5kg"), "5.95");
    assert_eq!(base(&e, "swiftx_express", "2kg"), "9.35");
    assert_eq!(base(&e, "swiftx_express", "2.01kg"), "11.75"); // → 2.1: 9.35 + ceil(0.1 / 1) × 2.40
    assert_eq!(base(&e, "swiftx_express", "3kg"), "11.75"); // 9.35 + 1 × 2.40
    assert_eq!(base(&e, "swiftx_express", "3.05kg"), "14.15"); // → 3.1: 9.35 + 2 × 2.40
    assert_eq!(base(&e, "swiftx_express", "10kg"), "28.55"); // 9.35 + 8 × 2.40 = 9.35 + 19.20
    assert_eq!(base(&e, "swiftx_express", "10.05kg"), "29.53"); // → 10.1: 28.55 + ceil(0.1 / 0.5) × 0.98
    assert_eq!(base(&e, "swiftx_express", "10.5kg"), "29.53"); // 28.55 + 1 × 0.98
    assert_eq!(base(&e, "swiftx_express", "10.6kg"), "30.51"); // 28.55 + ceil(0.6 / 0.5) × 0.98 = 28.55 + 1.96
    assert_eq!(base(&e, "swiftx_express", "30kg"), "67.75"); // 28.55 + 40 × 0.98 = 28.55 + 39.20
                                                             // Pounds convert exactly (1 lb = 0.45359237 kg): 22.0462 lb = 9.99998727… kg → 10.0;
                                                             // 22.0463 lb = 10.0000326… kg → 10.1.
    assert_eq!(base(&e, "swiftx_express", "22.0462lb"), "28.55");
    assert_eq!(base(&e, "swiftx_express", "22.0463lb"), "29.53");
    // Volumetric: 10 x 8 x 4 in = 25.4 x 20.32 x 10.16 cm → 26 x 21 x 11 = 6006 cm³;
    // 6006 / 6000 = 1.001 → 1.1 kg > 0.907 kg actual (2 lb) → the ≤2 kg row, 9.35.
    let g = q(&e, "swiftx_express", LA, NYC, "2lb", Some("10x8x4in"), false, DAY).unwrap();
    assert_eq!((g.billable.as_str(), g.base()), ("1.1 kg", "9.35"));
    assert_eq!(q(&e, "swiftx_express", LA, NYC, "30.01kg", None, false, DAY).unwrap_err().0, "over_max_weight");
}

#[test]
fn sample_zones_most_specific_wins_and_exclusions() {
    let e = engine(&["gofo/gofo.json", "swiftx/swiftx.json"]);
    let zone = |svc: &str, from: &str, to: &str| q(&e, svc, from, to, "1lb", None, false, DAY).map(|g| g.zone);
    // From LAX: 935* is zone 1 (SoCal prefix), 93512-93546 zone 2 (range), 93546 zone 3 (ZIP5).
    assert_eq!(zone("gofo_ground", LA, "93501").unwrap(), "1");
    assert_eq!(zone("gofo_ground", LA, "93514").unwrap(), "2");
    assert_eq!(zone("gofo_ground", LA, "93546").unwrap(), "3");
    // Catalina Island is excluded although 90* is listed.
    assert_eq!(zone("gofo_ground", LA, "90704").unwrap_err().0, "destination_not_served");
    // Ontario CA ships through the CNO hub; a ZIP of no hub's origins is not served.
    assert_eq!(zone("gofo_ground", "91761", "90210").unwrap(), "1");
    assert_eq!(zone("gofo_ground", "99501", "90210").unwrap_err().0, "origin_not_served");
    // SwiftX from JFK: 115* zone 1, east end of Long Island zone 2, Montauk zone 3.
    assert_eq!(zone("swiftx_express", NYC, "11501").unwrap(), "1");
    assert_eq!(zone("swiftx_express", NYC, "11937").unwrap(), "2");
    assert_eq!(zone("swiftx_express", NYC, "11954").unwrap(), "3");
    // SwiftX does not cover the South.
    assert_eq!(zone("swiftx_express", LA, "30301").unwrap_err().0, "destination_not_served");
}

#[test]
fn sample_surcharges_delivery_area_exclusive_and_fuel_on_subtotal() {
    let e = engine(&["gofo/gofo.json"]);
    // gofo_ground 1 lb LA → 93546 (zone 3, 1 lb cell = 3.30 + 0.90 = 4.20), residential:
    // 93546 is in das (935*) and in edas (93512-93546): only edas ($3.00) is charged.
    // subtotal 4.20 + 0.60 + 3.00 = 7.80; fuel 7.80 × 12.5 % = 0.975 → 0.98; total 8.78
    let g = q(&e, "gofo_ground", LA, "93546", "1lb", None, true, DAY).unwrap();
    assert_eq!(g.lines, lines(&[("base", "4.20"), ("residential", "0.60"), ("edas", "3.00"), ("fuel", "0.98")]));
    assert_eq!(g.total, "8.78");
    // 93501 (zone 1, 1 lb = 3.10 + 0.90 = 4.00) is in das only: 4.00 + 1.50 = 5.50;
    // fuel 0.6875 → 0.69; total 6.19
    let g = q(&e, "gofo_ground", LA, "93501", "1lb", None, false, DAY).unwrap();
    assert_eq!(g.lines, lines(&[("base", "4.00"), ("das", "1.50"), ("fuel", "0.69")]));
    assert_eq!(g.total, "6.19");
}

#[test]
fn la_to_new_york_2_lb_residential_is_priced_by_at_least_five_regional_services() {
    let e = all_cards();
    let s = shipment_from_json(
        r#"{"from":"90640","to":"10001","weight":"2lb","dimensions":"10x8x4in","residential":true,"shipDate":"2026-11-21"}"#,
        "2026-11-21".parse::<Date>().unwrap(),
    )
    .unwrap();
    let r = e.quote(&s).unwrap();
    let regional: Vec<&str> = r.quotes.iter().filter(|q| q.carrier != "usps").map(|q| q.service).collect();
    assert!(regional.len() >= 5, "priced regional services: {regional:?}");
    for q in r.quotes.iter().filter(|q| q.carrier != "usps") {
        assert!(q.lines.iter().any(|l| l.code == "residential"), "{}", q.service);
        assert!(q.lines.iter().any(|l| l.code == "fuel"), "{}", q.service);
    }
    // OnTrac is listed as unavailable, with its reason.
    let ontrac = r.unavailable.iter().find(|u| u.carrier == "ontrac").unwrap();
    assert_eq!(ontrac.code, "origin_not_served");
}
