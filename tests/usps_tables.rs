//! Every cell of every USPS price table in `../shared/data` is reproduced by a quote.
//!
//! The oracle is the CSV files themselves, read at test time, never the cards: a card
//! generator that dropped, shifted or mis-converted a row fails here. To reach every
//! zone 1–9 whatever the real charts say, the engine gets a synthetic zones card
//! (origin 100 → destination ZIP3 10z → zone z) in place of `cards/usps/usps-zones.json`,
//! with the two table names the USPS services look up (`usps_zip3`, `usps_zip3_240`).
//!
//! Per row and zone:
//! - weight rows: a parcel exactly at the row's bound (4, 8, 12, 15.999 oz; whole lb)
//!   and one just above the previous row's bound (or a 1 oz parcel for a first row);
//! - cubic rows: the largest and the smallest box (sides in ¼ in, ≤ 18 in) whose tier is
//!   the row, the large one given with sides that only round down to it;
//! - the oversized row: length + girth just over 108 in and exactly 130 in, at 0.5 lb
//!   and at 70 lb (the base line is checked: length and volume fees come on top);
//! - empty cells (Priority Mail 2026, zone 9 over 20 lb): `no_price`.

#![allow(clippy::type_complexity)] // test tables are tuples on purpose

use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use zonerate::shipment::{parse_dims, parse_weight};
use zonerate::zip::Zip5;
use zonerate::{Date, RateEngine, Shipment};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// A price CSV: `weight_not_over,unit,zone_1..zone_9`.
struct Table {
    file: String,
    rows: Vec<Row>,
}

struct Row {
    bound: String,
    unit: String,
    /// Zone 1..9; None = empty cell.
    cells: Vec<Option<Decimal>>,
}

fn read_table(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().unwrap().split(',').map(str::trim).collect();
    let want: Vec<String> =
        ["weight_not_over", "unit"].iter().map(|s| s.to_string()).chain((1..=9).map(|z| format!("zone_{z}"))).collect();
    assert_eq!(header, want, "{}: unexpected header", path.display());
    let rows = lines
        .map(|l| {
            let c: Vec<&str> = l.split(',').map(str::trim).collect();
            assert_eq!(c.len(), 11, "{}: {l}", path.display());
            Row {
                bound: c[0].to_string(),
                unit: c[1].to_string(),
                cells: c[2..].iter().map(|x| (!x.is_empty()).then(|| dec(x))).collect(),
            }
        })
        .collect();
    Table { file: path.file_name().unwrap().to_string_lossy().into_owned(), rows }
}

/// Which service of which edition a CSV file is. An unknown file fails the test, so
/// a table added to the data cannot go unchecked.
fn service_of(edition: &str, file: &str) -> &'static str {
    match (edition, file) {
        (_, "ground_advantage_commercial.csv") => "usps_ground_advantage_commercial",
        (_, "ground_advantage_retail.csv") => "usps_ground_advantage_retail",
        (_, "priority_mail_commercial.csv") => "usps_priority_mail_commercial",
        ("2025", "ground_advantage_commercial_cubic.csv") => "usps_ground_advantage_cubic",
        ("2025", "priority_mail_retail.csv") => "usps_priority_mail_retail",
        ("2025", "priority_mail_commercial_cubic.csv") => "usps_priority_mail_cubic",
        ("2025", "priority_mail_express_retail.csv") => "usps_priority_mail_express_retail",
        ("2025", "priority_mail_express_commercial.csv") => "usps_priority_mail_express_commercial",
        _ => panic!("{edition}: no service known for {file}: add it to this test"),
    }
}

fn price_tables(dir: &str) -> Vec<Table> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(data_dir().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("holiday"))
        .collect();
    paths.sort();
    paths.iter().map(|p| read_table(p)).collect()
}

/// A zip3 chart row: origin 100 sends destination ZIP3 10z (z = 1..9) to zone z.
fn synthetic_zones_card() -> String {
    let mut row = vec!['-'; 1000];
    for z in 1..=9 {
        row[100 + z] = char::from(b'0' + z as u8);
    }
    let row: String = row.into_iter().collect();
    let table = serde_json::json!({
        "kind": "zip3",
        "labels": ["1", "2", "3", "4", "5", "6", "7", "8", "9"],
        "origins": { "100": row },
    });
    serde_json::json!({
        "format": "zonerate/1",
        "id": "test-zones-1-to-9",
        "carrier": "usps",
        "zoneTables": { "usps_zip3": table, "usps_zip3_240": table },
    })
    .to_string()
}

fn engine() -> RateEngine {
    let mut e = RateEngine::new();
    e.add_card_json(&synthetic_zones_card()).unwrap();
    let cards = Path::new(env!("CARGO_MANIFEST_DIR")).join("cards/usps");
    for f in ["usps-2025-10-05.json", "usps-2026-07-12.json"] {
        let text = std::fs::read_to_string(cards.join(f)).unwrap();
        e.add_card_json(&text).unwrap_or_else(|err| panic!("{f}: {err}"));
    }
    e
}

fn shipment(service: &str, zone: usize, weight: &str, dims: Option<&str>, date: Date) -> Shipment {
    let mut s = Shipment::simple(
        Zip5::parse("10001").unwrap(),
        Zip5::parse(&format!("10{zone}00")).unwrap(),
        parse_weight(weight, "weight").unwrap(),
        dims.map(|d| parse_dims(d, "dimensions").unwrap()),
        date,
    );
    s.services = Some(vec![service.to_string()]);
    s
}

/// What one quote gave: Ok(base line, total, lines add up) or Err(reason code).
fn quote(e: &RateEngine, s: &Shipment) -> Result<(Decimal, Decimal), String> {
    let r = e.quote(s).unwrap();
    assert_eq!(r.quotes.len() + r.unavailable.len(), 1);
    if let Some(u) = r.unavailable.first() {
        return Err(u.code.to_string());
    }
    let q = &r.quotes[0];
    let sum: Decimal = q.lines.iter().map(|l| l.amount.0).sum();
    assert_eq!(sum, q.total.0, "lines do not add up: {}", serde_json::to_string(q).unwrap());
    let base = q.lines.iter().find(|l| l.code == "base").expect("a base line").amount.0;
    Ok((base, q.total.0))
}

/// Parcels that must be priced by `row` (weight text, dims text, whether fees may add).
fn probes(t: &Table, i: usize) -> Vec<(String, Option<String>, bool)> {
    let row = &t.rows[i];
    let prev = i.checked_sub(1).map(|j| &t.rows[j]).filter(|p| p.unit != "lgirth_108_130");
    match row.unit.as_str() {
        "oz" | "lb" => {
            // Exactly on the bound, then just above the previous bound.
            let mut v = vec![(format!("{}{}", row.bound, row.unit), None, false)];
            let above = match prev {
                Some(p) if p.unit == "oz" => format!("{}oz", dec(&p.bound) + dec("0.0005")),
                Some(p) => format!("{}lb", dec(&p.bound) + dec("0.01")),
                None => "1oz".to_string(),
            };
            v.push((above, None, false));
            v
        }
        "cuft" => {
            let hi = dec(&row.bound) * Decimal::from(1728);
            let lo = prev.map_or(Decimal::ZERO, |p| dec(&p.bound) * Decimal::from(1728));
            let (big, small) = cubic_boxes(lo, hi);
            // The big box given with sides that round down (¼ in) to it; sides of 18 in
            // stay as they are (18.24 in would be over the 18 in limit).
            let nudge = |s: Decimal| if s < Decimal::from(18) { s + dec("0.24") } else { s };
            let f = |b: [Decimal; 3], n: bool| {
                let b = if n { b.map(nudge) } else { b };
                format!("{}x{}x{}in", b[0].normalize(), b[1].normalize(), b[2].normalize())
            };
            vec![
                ("20lb".to_string(), Some(f(big, false)), false),
                ("0.5lb".to_string(), Some(f(big, true)), false),
                ("7lb".to_string(), Some(f(small, false)), false),
            ]
        }
        "lgirth_108_130" => {
            // L + G = 100.25 + 2 × (2 + 2) = 108.25, and 70 + 2 × (15 + 15) = 130.
            // Lengths over 22/30 in and volumes over 3,456 in³ bring fees: base line only.
            ["100.25x2x2in", "70x15x15in"]
                .iter()
                .flat_map(|d| {
                    [("0.5lb".to_string(), Some(d.to_string()), true), ("70lb".to_string(), Some(d.to_string()), true)]
                })
                .collect()
        }
        u => panic!("{}: unknown unit {u}", t.file),
    }
}

/// The largest and the smallest box with sides in ¼ in from ¼ to 18 in whose volume is
/// in (lo, hi] cubic inches.
fn cubic_boxes(lo: Decimal, hi: Decimal) -> ([Decimal; 3], [Decimal; 3]) {
    let q = Decimal::new(25, 2);
    let mut best: Option<(Decimal, [Decimal; 3])> = None;
    let mut least: Option<(Decimal, [Decimal; 3])> = None;
    for a in 1..=72i64 {
        for b in 1..=a {
            for c in 1..=b {
                let s = [Decimal::from(a) * q, Decimal::from(b) * q, Decimal::from(c) * q];
                let v = s[0] * s[1] * s[2];
                if v <= lo || v > hi {
                    continue;
                }
                if best.is_none_or(|(bv, _)| v > bv) {
                    best = Some((v, s));
                }
                if least.is_none_or(|(lv, _)| v < lv) {
                    least = Some((v, s));
                }
            }
        }
    }
    (best.unwrap().1, least.unwrap().1)
}

fn check_edition(e: &RateEngine, edition: &str, dir: &str, date: &str) -> (usize, usize, usize) {
    let date: Date = date.parse().unwrap();
    let (mut cells, mut empty, mut quotes) = (0, 0, 0);
    for t in price_tables(dir) {
        let service = service_of(edition, &t.file);
        for i in 0..t.rows.len() {
            let row = &t.rows[i];
            let probes = probes(&t, i);
            for (zi, cell) in row.cells.iter().enumerate() {
                let zone = zi + 1;
                for (w, d, fees_may_add) in &probes {
                    let s = shipment(service, zone, w, d.as_deref(), date);
                    let got = quote(e, &s);
                    quotes += 1;
                    let at = format!(
                        "{dir}/{} row {} {} zone {zone}: {w} {}",
                        t.file,
                        row.bound,
                        row.unit,
                        d.as_deref().unwrap_or("")
                    );
                    match cell {
                        Some(p) => {
                            let (base, total) =
                                got.unwrap_or_else(|code| panic!("{at}: unavailable ({code}), want {p}"));
                            assert_eq!(base, *p, "{at}: base");
                            if !fees_may_add {
                                assert_eq!(total, *p, "{at}: total (no fee expected)");
                            }
                        }
                        None => assert_eq!(got, Err("no_price".to_string()), "{at}: empty cell"),
                    }
                }
                match cell {
                    Some(_) => cells += 1,
                    None => empty += 1,
                }
            }
        }
    }
    (cells, empty, quotes)
}

/// Non-empty and empty cells of the price CSVs, counted on their own.
fn count_cells(dir: &str) -> (usize, usize) {
    let mut n = (0, 0);
    for t in price_tables(dir) {
        for r in &t.rows {
            for c in &r.cells {
                if c.is_some() {
                    n.0 += 1;
                } else {
                    n.1 += 1;
                }
            }
        }
    }
    n
}

#[test]
fn every_cell_of_every_usps_price_table_is_reproduced() {
    let e = engine();
    let (c25, e25, q25) = check_edition(&e, "2025", "usps_notice123_2025-10-05", "2025-11-03");
    // Before the 2026 holiday period (2026-10-04), so the base is the whole total.
    let (c26, e26, q26) = check_edition(&e, "2026", "usps_notice123_2026-07-12_community", "2026-08-03");
    println!("2025-10-05: {c25} cells checked ({e25} empty), {q25} quotes");
    println!("2026-07-12: {c26} cells checked, {e26} empty cells gave no_price, {q26} quotes");
    println!("total: {} cells checked", c25 + c26);
    let (n25, m25) = count_cells("usps_notice123_2025-10-05");
    let (n26, m26) = count_cells("usps_notice123_2026-07-12_community");
    assert_eq!((c25, e25), (n25, m25));
    assert_eq!((c26, e26), (n26, m26));
    // 8 tables of 2025, 3 of 2026; Priority Mail 2026 has zone 9 only up to 20 lb.
    assert_eq!(e25, 0);
    assert_eq!(e26, 50);
}

#[test]
fn the_tables_files_are_all_there() {
    // A missing or renamed file would silently shrink the check above.
    let names = |dir: &str| price_tables(dir).into_iter().map(|t| t.file).collect::<Vec<_>>();
    assert_eq!(names("usps_notice123_2025-10-05").len(), 8);
    assert_eq!(
        names("usps_notice123_2026-07-12_community"),
        ["ground_advantage_commercial.csv", "ground_advantage_retail.csv", "priority_mail_commercial.csv"]
    );
}
