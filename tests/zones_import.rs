//! `zonerate zones import` on the real USPS chart files in ../shared/data/usps_zones,
//! checked against rows of the CSV files read by eye (quoted in the comments).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zonerate::{Date, RateEngine};

fn data(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/usps_zones").join(name);
    assert!(p.exists(), "reference data not found at {}", p.display());
    p.to_string_lossy().to_string()
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zonerate-zones-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn zonerate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonerate")).args(args).output().unwrap()
}

/// The chart character of (origin, destination ZIP3) in table `table` of a card file.
fn chart(card: &Path, table: &str, origin: &str, dest: usize) -> char {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(card).unwrap()).unwrap();
    let row = v["zoneTables"][table]["origins"][origin].as_str().unwrap();
    assert_eq!(row.len(), 1000);
    row.as_bytes()[dest] as char
}

/// Zone of a shipment priced by a one-row service on the imported table.
fn zone(zones: &Path, table: &str, from: &str, to: &str, date: Date) -> String {
    let mut e = RateEngine::new();
    e.add_card_json(&std::fs::read_to_string(zones).unwrap()).unwrap();
    e.add_card_json(&format!(
        r#"{{"format": "zonerate/1", "id": "probe", "carrier": "probe", "services": [{{"code": "probe", "name": "Probe",
          "zones": "{table}", "table": {{"zones": ["1","2","3","4","5","6","7","8","9"],
          "rows": [{{"upTo": "70", "prices": ["1.00","2.00","3.00","4.00","5.00","6.00","7.00","8.00","9.00"]}}]}}}}]}}"#
    ))
    .unwrap();
    let s = zonerate::shipment_from_json(&format!(r#"{{"from":"{from}","to":"{to}","weight":"1lb"}}"#), date).unwrap();
    let r = e.quote(&s).unwrap();
    match r.quotes.first() {
        Some(q) => q.zone.to_string(),
        None => r.unavailable.first().map_or("?".into(), |u| u.code.to_string()),
    }
}

#[test]
fn origin_240_chart_with_exceptions() {
    let d = dir("240");
    let out = d.join("zones-240.json");
    let o = zonerate(&[
        "zones",
        "import",
        &data("zones_origin240_floydVA_chart-2026-10-01.csv"),
        &data("zones_origin240_floydVA_5digit_exceptions.csv"),
        "--table",
        "usps_zip3_240",
        "--effective-from",
        "2026-10-01",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("1 origin(s) (240), 6 5-digit exception(s)"), "{stdout}");
    assert!(stdout.contains("bytes gzipped"), "{stdout}");
    // "240,005,4", "240,006,7", "240,242,2", "240,240,1", "240,969,9".
    assert_eq!(chart(&out, "usps_zip3_240", "240", 5), '4');
    assert_eq!(chart(&out, "usps_zip3_240", "240", 6), '7');
    assert_eq!(chart(&out, "usps_zip3_240", "240", 242), '2');
    assert_eq!(chart(&out, "usps_zip3_240", "240", 240), '1');
    assert_eq!(chart(&out, "usps_zip3_240", "240", 969), '9');
    // No row for destination 000: not served.
    assert_eq!(chart(&out, "usps_zip3_240", "240", 0), '-');
    let oct = Date::new(2026, 10, 5).unwrap();
    assert_eq!(zone(&out, "usps_zip3_240", "24060", "00501", oct), "4");
    // "240,96900,96938,8": 96910 is zone 8, not the chart's 9 for 969; 96940 is in no
    // exception range (96939–96944), so the chart's 9.
    assert_eq!(zone(&out, "usps_zip3_240", "24060", "96910", oct), "8");
    assert_eq!(zone(&out, "usps_zip3_240", "24060", "96940", oct), "9");
    // "240,09000,09999,4": military 090xx is zone 4.
    assert_eq!(zone(&out, "usps_zip3_240", "24060", "09012", oct), "4");
    // Before 2026-10-01 the table is not in force.
    assert_eq!(zone(&out, "usps_zip3_240", "24060", "00501", Date::new(2026, 9, 30).unwrap()), "origin_not_served");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn two_origins_side_by_side() {
    let d = dir("850");
    let out = d.join("zones.json");
    let o = zonerate(&[
        "zones",
        "import",
        &data("zones_origin850_phx_origin431_cmh_shipping-costs.csv"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("2 origin(s) (431, 850)"));
    // "246,7,3*": from 850 zone 7; from 431 zone 3 (the * mark stripped).
    assert_eq!(chart(&out, "usps_zip3", "850", 246), '7');
    assert_eq!(chart(&out, "usps_zip3", "431", 246), '3');
    // "902,4,8" and "100,8,4"; "000,," is not served.
    assert_eq!(chart(&out, "usps_zip3", "850", 902), '4');
    assert_eq!(chart(&out, "usps_zip3", "431", 902), '8');
    assert_eq!(chart(&out, "usps_zip3", "850", 100), '8');
    assert_eq!(chart(&out, "usps_zip3", "431", 100), '4');
    assert_eq!(chart(&out, "usps_zip3", "850", 0), '-');
    assert_eq!(zone(&out, "usps_zip3", "85027", "90210", Date::new(2026, 3, 2).unwrap()), "4");
    // The same table as the card generator's cards/usps/usps-zones.json.
    let mine: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let shipped: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("cards/usps/usps-zones.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(mine["zoneTables"]["usps_zip3"], shipped["zoneTables"]["usps_zip3"]);
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn national_chart_gz() {
    let d = dir("national");
    let out = d.join("national.json");
    let o = zonerate(&[
        "zones",
        "import",
        &data("national_zone_chart_2018-06_aedobbyn_postal.csv.gz"),
        "--table",
        "national",
        "--warning",
        "June 2018 chart",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("930 origin(s)"));
    // "005,005,005,1,*,NA", "005,006,009,7,NA,NA", "005,010,029,2,NA,NA".
    assert_eq!(chart(&out, "national", "005", 5), '1');
    assert_eq!(chart(&out, "national", "005", 8), '7');
    assert_eq!(chart(&out, "national", "005", 10), '2');
    assert_eq!(chart(&out, "national", "005", 29), '2');
    assert_eq!(chart(&out, "national", "005", 30), '3');
    // "850,900,908,4,NA,NA": 850 → 902 is zone 4; "999,005,089,8,NA,NA".
    assert_eq!(chart(&out, "national", "850", 902), '4');
    assert_eq!(chart(&out, "national", "999", 5), '8');
    // "240,969,969,9,NA,+".
    assert_eq!(chart(&out, "national", "240", 969), '9');
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["zoneTables"]["national"]["origins"].as_object().unwrap().len(), 930);
    assert_eq!(v["zoneTables"]["national"]["warning"], "June 2018 chart");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn bad_chart_names_file_and_line() {
    let d = dir("bad");
    let f = d.join("chart.csv");
    std::fs::write(&f, "origin_zip3,dest_zip3,zone\n240,005,4\n240,006,X\n").unwrap();
    let out = d.join("z.json");
    let o = zonerate(&["zones", "import", f.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("chart.csv:3: zone \"X\" is not a USPS zone 1-9"), "{e}");
    assert!(!out.exists());
    std::fs::remove_dir_all(&d).ok();
}
