//! The Excel template: workbooks built here with rust_xlsxwriter, imported with
//! `zonerate import`, priced by the engine against hand-computed totals; bad workbooks
//! refused with the sheet and cell, and no card written; every shipped card that the
//! template can express goes card → xlsx → card unchanged.

use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zonerate::{Date, RateEngine};

/// A cell to write.
#[derive(Clone, Copy)]
enum C<'a> {
    S(&'a str),
    N(f64),
    E,
}
use C::{E, N, S};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zonerate-wb-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes a workbook: (sheet name, rows).
fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<C<'_>>>)]) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    S(s) => {
                        ws.write_string(r as u32, c as u16, *s).unwrap();
                    }
                    N(n) => {
                        ws.write_number(r as u32, c as u16, *n).unwrap();
                    }
                    E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn zonerate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonerate")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn info(services: &[&str]) -> Vec<Vec<C<'static>>> {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut rows = vec![
        vec![S("field"), S("value")],
        vec![S("id"), S("test-modes")],
        vec![S("carrier"), S("acme")],
        vec![S("carrierName"), S("Acme Parcel")],
        vec![S("currency"), S("USD")],
        vec![S("weightUnit"), S("lb")],
        vec![S("dimUnit"), S("in")],
        vec![S("illustrative"), S("TRUE")],
        vec![],
    ];
    let mut code = vec![S("service code")];
    let mut name = vec![S("service name")];
    let mut zones = vec![S("zoneTables")];
    for s in services {
        code.push(S(leak(s.to_string())));
        name.push(S(leak(format!("Service {s}"))));
        zones.push(S("zt"));
    }
    rows.extend([code, name, zones]);
    rows
}

/// The zone table in the Hubs and Zones sheets: from PHX (850*), 85*/86* are zone 2,
/// 90* zone 5, 0*/1* zone 8.
fn zone_sheets() -> Vec<(&'static str, Vec<Vec<C<'static>>>)> {
    vec![
        ("入仓点 Hubs", vec![vec![S("table"), S("hub"), S("origins")], vec![S("zt"), S("PHX"), S("850*")]]),
        (
            "分区",
            vec![
                vec![S("table"), S("hub"), S("destination"), S("zone")],
                vec![S("zt"), S("PHX"), S("85* 86*"), N(2.0)],
                vec![S("zt"), S("PHX"), S("90*"), N(5.0)],
                vec![S("zt"), S("PHX"), S("0* 1*"), N(8.0)],
            ],
        ),
    ]
}

/// One service per pricing mode; sheets named in Chinese; numbers typed as numbers.
fn all_modes() -> Vec<(&'static str, Vec<Vec<C<'static>>>)> {
    let mut sheets = vec![
        ("基本信息", info(&["m1", "m2", "m3", "m4", "m5"])),
        (
            "总价表",
            vec![
                vec![S("service"), S("upTo"), S("2"), S("5"), S("8")],
                // Mode 1: flat.
                vec![S("m1"), N(1.0), N(5.0), N(6.0), N(8.0)],
                vec![S("m1"), N(5.0), N(7.0), N(9.0), N(12.0)],
                vec![S("m1"), N(10.0), N(9.5), N(12.5), N(17.0)],
                // Mode 4, flat part.
                vec![S("m4"), N(1.0), N(4.0), N(5.0), N(6.5)],
                vec![S("m4"), N(10.0), N(9.0), N(11.5), N(15.0)],
                // Mode 5, P(T) up to T = 2 lb.
                vec![S("m5"), N(2.0), N(10.0), N(12.0), N(15.0)],
            ],
        ),
        (
            "单价表",
            vec![
                vec![S("service"), S("upTo"), S("2"), S("5"), S("8")],
                // Mode 2: unit price.
                vec![S("m2"), N(5.0), N(2.0), N(2.4), N(3.0)],
                vec![S("m2"), N(30.0), N(1.6), N(1.9), N(2.5)],
                // Mode 4, unit part.
                vec![S("m4"), N(30.0), N(1.1), N(1.3), N(1.6)],
            ],
        ),
        (
            "续重价表",
            vec![
                vec![
                    S("service"),
                    S("upTo"),
                    S("zone"),
                    S("first"),
                    S("firstPrice"),
                    S("step"),
                    S("stepPrice"),
                    S("over"),
                    S("tierUpTo"),
                ],
                // Mode 3: F = 1 lb for every zone (given once), S = 0.5 lb.
                vec![S("m3"), E, S("2"), N(1.0), N(5.0), N(0.5), N(0.8)],
                vec![S("m3"), E, S("5"), E, N(6.0), E, N(1.0)],
                vec![S("m3"), E, S("8"), E, N(7.0), E, N(1.2)],
                // Mode 5: tiers (2, 5] in steps of 1 lb and (5, ∞) in steps of 0.5 lb.
                vec![S("m5"), N(30.0), S("2"), E, E, N(1.0), N(1.5), N(2.0), N(5.0)],
                vec![S("m5"), N(30.0), S("5"), E, E, N(1.0), N(2.0), N(2.0), N(5.0)],
                vec![S("m5"), N(30.0), S("8"), E, E, N(1.0), N(2.5), N(2.0), N(5.0)],
                vec![S("m5"), N(30.0), S("2"), E, E, N(0.5), N(0.5), N(5.0)],
                vec![S("m5"), N(30.0), S("5"), E, E, N(0.5), N(0.7), N(5.0)],
                vec![S("m5"), N(30.0), S("8"), E, E, N(0.5), N(0.9), N(5.0)],
            ],
        ),
    ];
    sheets.extend(zone_sheets());
    sheets
}

fn engine_with(card: &Path) -> RateEngine {
    let mut e = RateEngine::new();
    e.add_card_json(&std::fs::read_to_string(card).unwrap()).unwrap();
    e
}

/// Total of one service for a parcel from 85004.
fn total(e: &RateEngine, service: &str, to: &str, weight: &str) -> String {
    let s = zonerate::shipment_from_json(
        &format!(r#"{{"from":"85004","to":"{to}","weight":"{weight}","services":["{service}"]}}"#),
        Date::new(2026, 3, 2).unwrap(),
    )
    .unwrap();
    let r = e.quote(&s).unwrap();
    match r.quotes.first() {
        Some(q) => q.total.to_string(),
        None => format!("unavailable: {}", r.unavailable.first().map_or("?".into(), |u| u.code.to_string())),
    }
}

#[test]
fn every_pricing_mode_from_a_workbook() {
    let d = dir("modes");
    let book = d.join("报价.xlsx");
    xlsx(&book, &all_modes());
    let card = d.join("card.json");
    let o = zonerate(&["import", book.to_str().unwrap(), "-o", card.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&card).unwrap();
    // A price typed as the number 5 is the price 5.00.
    assert!(text.contains(r#""prices": ["5.00", "6.00", "8.00"]"#), "{text}");
    let e = engine_with(&card);
    // Mode 1: 3 lb to 85281 is zone 2, row (1, 5]: 7.00; 6 lb to 10001 is zone 8, row (5, 10]: 17.00.
    assert_eq!(total(&e, "m1", "85281", "3lb"), "7.00");
    assert_eq!(total(&e, "m1", "10001", "6lb"), "17.00");
    assert_eq!(total(&e, "m1", "10001", "11lb"), "unavailable: no_price");
    // Mode 2: 6.3 lb zone 2, row (5, 30]: 1.60 × 6.3 = 10.08; 4 lb zone 5: 2.40 × 4 = 9.60.
    assert_eq!(total(&e, "m2", "85281", "6.3lb"), "10.08");
    assert_eq!(total(&e, "m2", "90210", "4lb"), "9.60");
    // Mode 3: 2.3 lb zone 2: 5.00 + ceil(1.3 / 0.5) × 0.80 = 5.00 + 3 × 0.80 = 7.40;
    // zone 8: 7.00 + 3 × 1.20 = 10.60; 0.5 lb zone 5 (≤ F): 6.00.
    assert_eq!(total(&e, "m3", "85281", "2.3lb"), "7.40");
    assert_eq!(total(&e, "m3", "10001", "2.3lb"), "10.60");
    assert_eq!(total(&e, "m3", "90210", "0.5lb"), "6.00");
    // Mode 4: 10 lb zone 2 is the flat row (1, 10]: 9.00; 12 lb the unit row: 1.10 × 12 = 13.20;
    // 0.5 lb: 4.00.
    assert_eq!(total(&e, "m4", "85281", "10lb"), "9.00");
    assert_eq!(total(&e, "m4", "85281", "12lb"), "13.20");
    assert_eq!(total(&e, "m4", "85281", "0.5lb"), "4.00");
    // Mode 5: 6.2 lb zone 2: 10.00 + ceil(3 / 1) × 1.50 + ceil(1.2 / 0.5) × 0.50
    // = 10.00 + 4.50 + 1.50 = 16.00; zone 8: 15.00 + 3 × 2.50 + 3 × 0.90 = 25.20;
    // 2 lb: 10.00; 2.1 lb: 10.00 + 1 × 1.50 = 11.50.
    assert_eq!(total(&e, "m5", "85281", "6.2lb"), "16.00");
    assert_eq!(total(&e, "m5", "10001", "6.2lb"), "25.20");
    assert_eq!(total(&e, "m5", "85281", "2lb"), "10.00");
    assert_eq!(total(&e, "m5", "85281", "2.1lb"), "11.50");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn csv_files_named_like_the_sheets() {
    let d = dir("csv");
    let sheets = d.join("sheets");
    std::fs::create_dir_all(&sheets).unwrap();
    std::fs::write(
        sheets.join("基本信息.csv"),
        "field,value\nid,csv-card\ncarrier,acme\nweightUnit,kg\n,\nserviceCode,k\nserviceName,Per kilo\nzoneTables,zt\nminCharge,4\n",
    )
    .unwrap();
    std::fs::write(sheets.join("Unit.csv"), "upTo,2,5,8\n5,2.00,2.40,3.00\n10,1.85,2.20,2.80\n").unwrap();
    std::fs::write(sheets.join("Hubs.csv"), "table,hub,origins\nzt,PHX,850*\n").unwrap();
    std::fs::write(
        sheets.join("Zones.csv"),
        "table,hub,destination,zone\nzt,PHX,85*,2\nzt,PHX,90*,5\nzt,PHX,0* 1*,8\n",
    )
    .unwrap();
    let card = d.join("card.json");
    let o = zonerate(&["import", sheets.to_str().unwrap(), "-o", card.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = engine_with(&card);
    // 6.3 kg zone 2: 1.85 × 6.3 = 11.655 → 11.66; 1.2 kg: 2.00 × 1.2 = 2.40, raised to 4.00.
    assert_eq!(total(&e, "k", "85281", "6.3kg"), "11.66");
    assert_eq!(total(&e, "k", "85281", "1.2kg"), "4.00");
    std::fs::remove_dir_all(&d).ok();
}

/// Imports a bad workbook: exit status 2, the message, and no card file.
fn refused(name: &str, sheets: &[(&str, Vec<Vec<C<'_>>>)]) -> String {
    let d = dir(name);
    let book = d.join("bad.xlsx");
    xlsx(&book, sheets);
    let card = d.join("card.json");
    let o = zonerate(&["import", book.to_str().unwrap(), "-o", card.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!card.exists(), "a card was written despite the error");
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "a temporary file was left behind");
    std::fs::remove_dir_all(&d).ok();
    stderr(&o)
}

fn with_sheet<'a>(name: &'a str, rows: Vec<Vec<C<'a>>>) -> Vec<(&'a str, Vec<Vec<C<'a>>>)> {
    let mut s = vec![("基本信息", info(&["m2"])), (name, rows)];
    s.extend(zone_sheets());
    s
}

#[test]
fn text_in_a_number_cell() {
    let mut rows = vec![vec![S("service"), S("upTo"), S("2"), S("5"), S("8")]];
    for (i, w) in [1.0, 2.0, 3.0, 4.0, 5.0].iter().enumerate() {
        rows.push(vec![S("m2"), N(*w), N(2.0 + i as f64), N(3.0), N(4.0)]);
    }
    // Row 7, column C: the zone-2 price.
    rows.push(vec![S("m2"), N(6.0), S("abc"), N(3.0), N(4.0)]);
    let e = refused("text", &with_sheet("单价表", rows));
    assert!(e.contains(r#"单价表!C7: "abc" is not a number"#), "{e}");
}

#[test]
fn negative_weight() {
    let rows = vec![
        vec![S("service"), S("upTo"), S("2"), S("5"), S("8")],
        vec![S("m2"), N(1.0), N(2.0), N(3.0), N(4.0)],
        vec![S("m2"), N(-1.0), N(2.0), N(3.0), N(4.0)],
    ];
    let e = refused("negative", &with_sheet("总价表", rows));
    assert!(e.contains("总价表!B3: -1 is not a weight"), "{e}");
}

#[test]
fn merged_header() {
    let d = dir("merged");
    let book = d.join("merged.xlsx");
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Info").unwrap();
        for (r, (k, v)) in
            [("id", "x"), ("carrier", "acme"), ("serviceCode", "m1"), ("serviceName", "M1"), ("zoneTables", "zt")]
                .iter()
                .enumerate()
        {
            ws.write_string(r as u32, 0, *k).unwrap();
            ws.write_string(r as u32, 1, *v).unwrap();
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Flat").unwrap();
        ws.write_string(0, 0, "service").unwrap();
        // "upTo" merged over B1:C1, as people do for a two-line header.
        ws.merge_range(0, 1, 0, 2, "upTo", &Format::new()).unwrap();
        ws.write_string(0, 3, "2").unwrap();
        ws.write_string(1, 0, "m1").unwrap();
        ws.write_number(1, 1, 1.0).unwrap();
        ws.write_number(1, 3, 5.0).unwrap();
    }
    wb.save(&book).unwrap();
    let card = d.join("card.json");
    let o = zonerate(&["import", book.to_str().unwrap(), "-o", card.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("Flat!B1: merged cells B1:C1 are not allowed"), "{e}");
    assert!(!card.exists());
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn missing_and_misnamed_sheets() {
    // No base-info sheet.
    let e = refused("noinfo", &[("总价表", vec![vec![S("upTo"), S("2")], vec![N(1.0), N(5.0)]])]);
    assert!(e.contains("基本信息 Info: the workbook has no base-info sheet"), "{e}");
    // A sheet name that is not one of the template's.
    let e = refused("misnamed", &with_sheet("Flatt", vec![vec![S("upTo"), S("2")], vec![N(1.0), N(5.0)]]));
    assert!(e.contains(r#"Flatt: "Flatt" is not a sheet of the template"#), "{e}");
    // The price sheet missing: the service has no rows; the error points at its code cell.
    let mut sheets = vec![("基本信息", info(&["m2"]))];
    sheets.extend(zone_sheets());
    let e = refused("noprices", &sheets);
    assert!(e.contains(r#"基本信息!B10: service "m2" has no price rows"#), "{e}");
}

#[test]
fn corrupt_workbook() {
    let d = dir("corrupt");
    let book = d.join("corrupt.xlsx");
    std::fs::write(&book, b"PK\x03\x04 this is not a zip archive").unwrap();
    let card = d.join("card.json");
    let o = zonerate(&["import", book.to_str().unwrap(), "-o", card.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("corrupt.xlsx: not a readable Excel workbook"), "{e}");
    assert!(!card.exists());
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn card_errors_point_at_cells() {
    // A continuation step of 0 (invalid_step) is reported at its cell.
    let rows = vec![
        vec![S("service"), S("zone"), S("first"), S("firstPrice"), S("step"), S("stepPrice")],
        vec![S("m2"), S("2"), N(1.0), N(5.0), N(0.0), N(0.8)],
        vec![S("m2"), S("5"), E, N(6.0), E, N(1.0)],
        vec![S("m2"), S("8"), E, N(7.0), E, N(1.2)],
    ];
    let e = refused("step0", &with_sheet("Continuation", rows));
    assert!(e.contains("Continuation!E2: must be greater than 0"), "{e}");
    // Two rows with the same bound, one in each sheet.
    let mut sheets =
        with_sheet("Flat", vec![vec![S("upTo"), S("2"), S("5"), S("8")], vec![N(5.0), N(1.0), N(2.0), N(3.0)]]);
    sheets.push(("Unit", vec![vec![S("upTo"), S("2"), S("5"), S("8")], vec![N(5.0), N(1.0), N(2.0), N(3.0)]]));
    let e = refused("overlap", &sheets);
    assert!(e.contains("has two rows up to 5"), "{e}");
}

fn cards(sub: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("cards").join(sub);
    let mut v: Vec<PathBuf> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[test]
fn shipped_cards_round_trip_through_xlsx() {
    let d = dir("roundtrip");
    let mut files: Vec<PathBuf> =
        ["gofo", "ontrac", "speedx", "swiftx", "uniuni"].iter().flat_map(|c| cards(c)).collect();
    files.extend(cards("usps").into_iter().filter(|p| !p.to_string_lossy().contains("national")));
    for f in files {
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let book = d.join(format!("{name}.xlsx"));
        let o = zonerate(&["export", f.to_str().unwrap(), "-o", book.to_str().unwrap()]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let back = d.join(format!("{name}.json"));
        let o = zonerate(&["import", book.to_str().unwrap(), "-o", back.to_str().unwrap(), "--quiet"]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        // The same card, byte for byte (the same layout as the card generator's).
        let (a, b) = (std::fs::read_to_string(&f).unwrap(), std::fs::read_to_string(&back).unwrap());
        assert!(a == b, "{name}: import(export(card)) differs");
        let (x, y): (zonerate::CardDoc, zonerate::CardDoc) =
            (serde_json::from_str(&a).unwrap(), serde_json::from_str(&b).unwrap());
        assert_eq!(x, y);
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn template_is_the_example_card() {
    let d = dir("template");
    let book = d.join("template.xlsx");
    let o = zonerate(&["template", "-o", book.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let card = d.join("example.json");
    let o = zonerate(&["import", book.to_str().unwrap(), "-o", card.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = engine_with(&card);
    // example_step: 2.3 lb zone 2 = 5.00 + 3 × 0.80 = 7.40.
    assert_eq!(total(&e, "example_step", "85281", "2.3lb"), "7.40");
    // example_progressive: 6.2 lb zone 2 = 10.00 + 4.50 + 1.50 = 16.00.
    assert_eq!(total(&e, "example_progressive", "85281", "6.2lb"), "16.00");
    // example_flat: 3 lb to 85281 (zone 2), row (1, 5] 7.00, fuel 12.5 % = 0.875 → 0.88: 7.88.
    assert_eq!(total(&e, "example_flat", "85281", "3lb"), "7.88");
    // example_flat_unit: 12.2 lb → 13 lb (rounded up), 1.10 × 13 = 14.30.
    assert_eq!(total(&e, "example_flat_unit", "85281", "12.2lb"), "14.30");
    // example_unit: 1.2 lb zone 2 = 2.40, raised to the 4.00 minimum.
    assert_eq!(total(&e, "example_unit", "85281", "1.2lb"), "4.00");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn export_refuses_a_card_the_template_cannot_express() {
    let d = dir("refuse");
    // A one-zone step row whose `first` is a list of one: the sheet can say "one value
    // for every zone" or "one per line", and with one zone both read back as one value.
    let card = r#"{
      "format": "zonerate/1", "id": "x", "carrier": "acme",
      "zoneTables": {"zt": {"kind": "zip5", "labels": ["2"], "hubs": [{"code": "PHX", "origins": "850*", "zones": {"2": "85*"}}]}},
      "services": [{"code": "s", "name": "S", "zones": "zt",
        "table": {"zones": ["2"], "rows": [{"mode": "step", "first": ["1"], "firstPrice": ["5.00"], "step": "0.5", "stepPrice": ["0.80"]}]}}]
    }"#;
    let src = d.join("card.json");
    std::fs::write(&src, card).unwrap();
    let out = d.join("card.xlsx");
    let o = zonerate(&["export", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("services[0].table.rows[0].first") && e.contains("cannot express"), "{e}");
    assert!(!out.exists());
    std::fs::remove_dir_all(&d).ok();
}
