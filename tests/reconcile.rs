//! `zonerate reconcile` against docs/examples/surcharges.json (acme_regional_ground):
//! correct lines, an overcharge, surcharges billed but not due and due but not billed,
//! an unknown service; totals and the findings CSV. Expected amounts by hand.

use std::path::Path;
use std::process::Command;

#[test]
fn invoice_lines_are_reported_as_such() {
    let d = std::env::temp_dir().join(format!("zonerate-reconcile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let card = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/surcharges.json");
    // Hand computation (card: zone 2 = 85*, zone 5 = 90*; brackets (1, 5] 10.00 / 12.00;
    // whole pounds; residential 6.60; delivery area 6.60 for 90210; fuel 19.25 % of the
    // subtotal in the week 2026-02-02..08, none on 2026-03-02):
    // L2  3 lb to 85281, 03-02, commercial: base 10.00, nothing else            = 10.00
    // L3  4 lb to 90210, 02-05, residential: 12.00 + 6.60 + 6.60
    //     + 19.25 % × 25.20 = 4.851 → 4.85                                        = 30.05
    // L4  as L2, billed 12.00: overcharged by 2.00 (base 12.00 against 10.00)
    // L5  as L2, billed 16.60 with residential=6.60: the parcel is commercial, so the
    //     residential charge is not due: overcharged 6.60, base 10.00 fine
    // L6  as L2 but residential, billed 10.00 without the residential 6.60 the card
    //     charges: expected 16.60, undercharged 6.60, residential missing
    // L7  service acme_air: no card has it
    let invoice = "reference,ship_date,from,to,weight,dims,service,residential,billed_total,billed_surcharges\n\
        L2,2026-03-02,85004,85281,3lb,,acme_regional_ground,false,10.00,\n\
        L3,2026-02-05,85004,90210,4lb,,acme_regional_ground,true,30.05,residential=6.60;delivery_area=6.60;fuel=4.85\n\
        L4,2026-03-02,85004,85281,3lb,,acme_regional_ground,false,12.00,\n\
        L5,2026-03-02,85004,85281,3lb,,acme_regional_ground,false,16.60,residential=6.60\n\
        L6,2026-03-02,85004,85281,3lb,,acme_regional_ground,true,10.00,\n\
        L7,2026-03-02,85004,85281,3lb,,acme_air,false,25.00,\n";
    let inv = d.join("invoice.csv");
    std::fs::write(&inv, invoice).unwrap();
    let findings = d.join("findings.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_zonerate"))
        .args(["reconcile", "--cards", card.to_str().unwrap(), inv.to_str().unwrap(), "-o", findings.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let csv = std::fs::read_to_string(&findings).unwrap();
    let row = |reference: &str, charge: &str| -> Vec<String> {
        csv.lines()
            .map(|l| l.split(',').map(String::from).collect::<Vec<_>>())
            .find(|f| f[1] == reference && f[6] == charge)
            .unwrap_or_else(|| panic!("no row {reference} {charge} in\n{csv}"))
    };
    // Columns: line,reference,ship_date,service,zone,billable_weight,charge,billed,expected,difference,status,…
    let st = |r: &[String]| (r[7].clone(), r[8].clone(), r[9].clone(), r[10].clone());
    assert_eq!(st(&row("L2", "total")), ("10.00".into(), "10.00".into(), "0.00".into(), "match".into()));
    assert_eq!(st(&row("L3", "total")), ("30.05".into(), "30.05".into(), "0.00".into(), "match".into()));
    // The bill's "fuel" is the card's weekly fuel_2026_w06.
    assert_eq!(st(&row("L3", "fuel_2026_w06")), ("4.85".into(), "4.85".into(), "0.00".into(), "ok".into()));
    assert_eq!(st(&row("L4", "total")), ("12.00".into(), "10.00".into(), "2.00".into(), "overcharged".into()));
    assert_eq!(st(&row("L4", "base")), ("12.00".into(), "10.00".into(), "2.00".into(), "amount_differs".into()));
    assert_eq!(st(&row("L5", "total")), ("16.60".into(), "10.00".into(), "6.60".into(), "overcharged".into()));
    assert_eq!(st(&row("L5", "base")), ("10.00".into(), "10.00".into(), "0.00".into(), "ok".into()));
    assert_eq!(st(&row("L5", "residential")), ("6.60".into(), "".into(), "6.60".into(), "not_expected".into()));
    assert_eq!(st(&row("L6", "total")), ("10.00".into(), "16.60".into(), "-6.60".into(), "undercharged".into()));
    assert_eq!(st(&row("L6", "residential")), ("".into(), "6.60".into(), "-6.60".into(), "missing".into()));
    assert_eq!(row("L7", "total")[10], "unknown_service");
    // Totals over the five recomputed lines: billed 10.00 + 30.05 + 12.00 + 16.60 + 10.00
    // = 78.65; expected 10.00 + 30.05 + 10.00 + 10.00 + 16.60 = 76.65; overcharge
    // 2.00 + 6.60 = 8.60; undercharge 6.60; 25.00 billed on the unknown service.
    assert!(out.contains("6 lines: 2 match, 2 overcharged, 1 undercharged, 1 unknown_service"), "{out}");
    for (label, amount) in [
        ("billed (recomputed lines)", "78.65"),
        ("expected from the cards", "76.65"),
        ("overcharge", "8.60"),
        ("undercharge", "6.60"),
        ("billed, not recomputed", "25.00"),
    ] {
        let line = out.lines().find(|l| l.trim_start().starts_with(label)).unwrap_or_else(|| panic!("{label}\n{out}"));
        assert!(line.contains(amount), "{line}");
    }
    // --strict fails the run when a line does not match.
    let o = Command::new(env!("CARGO_BIN_EXE_zonerate"))
        .args(["reconcile", "--cards", card.to_str().unwrap(), inv.to_str().unwrap(), "--strict"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn missing_column_is_an_invalid_invoice() {
    let d = std::env::temp_dir().join(format!("zonerate-reconcile-bad-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let inv = d.join("invoice.csv");
    std::fs::write(&inv, "reference,from,to,weight,service\nX,85004,85281,3lb,acme_regional_ground\n").unwrap();
    let card = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/surcharges.json");
    let o = Command::new(env!("CARGO_BIN_EXE_zonerate"))
        .args(["reconcile", "--cards", card.to_str().unwrap(), inv.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no `billed_total` column"));
    std::fs::remove_dir_all(&d).ok();
}
