//! `zonerate validate` and `zonerate diff` from the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn zonerate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonerate")).args(args).output().unwrap()
}

fn tmp(name: &str, text: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("zonerate-vd-{}-{name}", std::process::id()));
    std::fs::write(&p, text).unwrap();
    p
}

const CARD: &str = r#"{
  "format": "zonerate/1", "id": "v", "carrier": "acme",
  "effective": {"from": "2025-01-01", "to": "2025-12-31"},
  "zoneTables": {"zt": {"kind": "zip5", "labels": ["2", "5", "8"],
    "hubs": [{"code": "PHX", "origins": "850*", "zones": {"2": "85*", "5": "9*", "8": "0* 1*"}}]}},
  "zipSets": {"nowhere": " "},
  "surcharges": [
    {"code": "huge", "label": "Over 80 lb", "when": {"weight": {"over": "80"}}, "charge": {"type": "flat", "amount": "50.00"}},
    {"code": "unused", "label": "Unused", "charge": {"type": "flat", "amount": "1.00"}}
  ],
  "services": [{"code": "g", "name": "Ground", "zones": "zt",
    "limits": [{"measure": "weight", "max": "70"}],
    "table": {"zones": ["2", "5"], "rows": [
      {"upTo": "1", "prices": ["5.00", "6.00"]},
      {"upTo": "5", "prices": ["4.50", "7.00"]}]},
    "surcharges": ["huge"]}]
}"#;

#[test]
fn validate_warnings_exit_0() {
    let f = tmp("warn.json", CARD);
    let o = zonerate(&["validate", f.to_str().unwrap(), "--json", "--today", "2026-03-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let w = &v["files"][0]["warnings"];
    let has = |code: &str, path: &str| w.as_array().unwrap().iter().any(|x| x["code"] == code && x["path"] == path);
    // Zone 8 of zt has no price column; 4.50 up to 5 lb after 5.00 up to 1 lb in zone 2;
    // "huge" needs over 80 lb on a service that takes at most 70; "unused" is listed by
    // no service; the ZIP set lists nothing; the card ended on 2025-12-31.
    assert!(has("zone_not_priced", "services[0].zones"), "{w}");
    assert!(has("price_falls", "services[0].table.rows[1]"), "{w}");
    assert!(has("surcharge_never_applies", "surcharges[0]"), "{w}");
    assert!(has("surcharge_unused", "surcharges[1]"), "{w}");
    assert!(has("empty_zip_set", "zipSets.nowhere"), "{w}");
    assert!(has("period_over", "effective.to"), "{w}");
    assert_eq!(v["errors"], 0);
}

#[test]
fn validate_errors_exit_2_with_paths() {
    let bad = CARD
        .replace(r#"{"upTo": "5", "prices": ["4.50", "7.00"]}"#, r#"{"upTo": "0.5", "prices": ["4.50"]}"#)
        .replace(r#""surcharges": ["huge"]"#, r#""surcharges": ["huge", "typo"]"#);
    let f = tmp("bad.json", &bad);
    let o = zonerate(&["validate", f.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = &v["files"][0]["errors"][0];
    // The first problem the loader meets is in the price table: the second row's price
    // list is shorter than the two zones, or its bound is below the first row's.
    assert!(["zone_count_mismatch", "overlapping_brackets"].contains(&e["code"].as_str().unwrap()), "{e}");
    assert!(e["path"].as_str().unwrap().starts_with("services[0].table.rows[1]"), "{e}");
    // A step of zero.
    let step0 = CARD.replace(
        r#"{"upTo": "5", "prices": ["4.50", "7.00"]}"#,
        r#"{"upTo": "5", "mode": "step", "first": "1", "firstPrice": ["5.00", "6.00"], "step": "0", "stepPrice": ["1.00", "1.00"]}"#,
    );
    let f = tmp("step0.json", &step0);
    let o = zonerate(&["validate", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("error   [invalid_step] services[0].table.rows[1].step: must be greater than 0"), "{out}");
}

#[test]
fn validate_shipped_usps_card_with_its_zones() {
    let usps = root().join("cards/usps");
    let o = zonerate(&[
        "validate",
        usps.join("usps-2026-07-12.json").to_str().unwrap(),
        "--with",
        usps.join("usps-zones.json").to_str().unwrap(),
        "--today",
        "2026-08-01",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    // Without its zone tables the card does not load.
    let o = zonerate(&["validate", usps.join("usps-2026-07-12.json").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("unknown_zone_table"));
}

#[test]
fn diff_usps_editions() {
    let usps = root().join("cards/usps");
    let (a, b) = (usps.join("usps-2025-10-05.json"), usps.join("usps-2026-07-12.json"));
    let o = zonerate(&["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // ground_advantage_commercial.csv, row "1,lb,7.10,…" (2025-10-05) and "1,lb,7.61,…"
    // (2026-07-12): zone 1 at 1 lb goes 7.10 → 7.61, (7.61 − 7.10) / 7.10 = +7.18 %.
    let cell = v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["service"] == "usps_ground_advantage_commercial" && c["upTo"] == "1" && c["zone"] == "1")
        .unwrap();
    assert_eq!(
        (cell["old"].as_str(), cell["new"].as_str(), cell["pct"].as_str()),
        (Some("7.10"), Some("7.61"), Some("7.18"))
    );
    let removed: Vec<&str> = v["servicesRemoved"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(removed.contains(&"usps_ground_advantage_cubic") && removed.contains(&"usps_priority_mail_express_retail"));
    // The Ground Advantage length fee over 22 in: 4.00 → 4.50.
    let other = v["other"].as_array().unwrap();
    assert!(other.iter().any(|o| o["path"] == "surcharges.ga_nonstandard_length_22.charge.amount"
        && o["old"] == "4.00"
        && o["new"] == "4.50"));
    assert!(v["byZone"].as_array().unwrap().len() == 9 && !v["byBand"].as_array().unwrap().is_empty());
    // The text report and the CSV of every cell.
    let csv = std::env::temp_dir().join(format!("zonerate-diff-{}.csv", std::process::id()));
    let o =
        zonerate(&["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--csv", csv.to_str().unwrap(), "--limit", "5"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("average change by zone") && text.contains("average change by weight band"), "{text}");
    let lines = std::fs::read_to_string(&csv).unwrap().lines().count();
    assert_eq!(lines, v["cells"].as_array().unwrap().len() + 1);
    std::fs::remove_file(&csv).ok();
}
