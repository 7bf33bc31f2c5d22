//! The three ways in — one JSON shipment, a JSON batch, the compact text table — give
//! the same totals for the same shipments.

use serde_json::Value;
use zonerate::{Date, RateEngine};

fn engine() -> RateEngine {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut e = RateEngine::new();
    for f in ["usps/usps-zones.json", "usps/usps-2025-10-05.json", "gofo/gofo.json", "swiftx/swiftx.json"] {
        e.add_card_json(&std::fs::read_to_string(root.join("cards").join(f)).unwrap()).unwrap();
    }
    e
}

#[test]
fn json_batch_and_table_agree() {
    let e = engine();
    let today: Date = "2025-11-03".parse().unwrap();
    let rows = [
        ("85027", "10001", "2.5lb", "12x10x6in", false),
        ("85027", "90210", "13oz", "", true),
        ("43215", "33101", "31.2lb", "20x18x14in", true),
        ("90640", "98101", "1.2kg", "30x20x10cm", false),
    ];
    let table_in: String =
        rows.iter().map(|(f, t, w, d, r)| format!("{f},{t},{w},{d},{}\n", if *r { "1" } else { "" })).collect();
    let table = zonerate::api::quote_table(&e, &table_in, today).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..2], ["line", "cheapest"]);
    let json_in: Vec<Value> = rows
        .iter()
        .map(|(f, t, w, d, r)| {
            let mut s = serde_json::json!({"from": f, "to": t, "weight": w, "residential": r});
            if !d.is_empty() {
                s["dimensions"] = Value::from(*d);
            }
            s
        })
        .collect();
    let many: Vec<Value> = serde_json::from_str(
        &zonerate::api::quote_many_json(&e, &Value::from(json_in.clone()).to_string(), today).unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for (i, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        let one: Value =
            serde_json::from_str(&zonerate::api::quote_json(&e, &json_in[i].to_string(), today).unwrap()).unwrap();
        assert_eq!(one, many[i]);
        for (k, service) in header.iter().enumerate().skip(2) {
            let q = one["quotes"].as_array().unwrap().iter().find(|q| q["service"] == *service);
            assert_eq!(cells[k], q.map_or("", |q| q["total"].as_str().unwrap()), "line {i} {service}");
            checked += 1;
        }
        // The cheapest column names the lowest total.
        let min = one["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["total"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap())
            .min();
        match min {
            None => assert_eq!(cells[1], ""),
            Some(m) => {
                let idx: usize = cells[1].parse().unwrap();
                assert_eq!(cells[2 + idx].parse::<rust_decimal::Decimal>().unwrap(), m);
            }
        }
    }
    assert!(checked >= 4 * 8);
}

#[test]
fn table_reports_bad_lines_and_goes_on() {
    let e = engine();
    let today: Date = "2025-11-03".parse().unwrap();
    let out = zonerate::api::quote_table(&e, "85027,1000,2lb\n# a comment\n85027,10001,2lb\n", today).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("1,!invalid_zip,to: "), "{}", lines[1]);
    assert!(lines[2].starts_with("3,"), "{}", lines[2]);
}
