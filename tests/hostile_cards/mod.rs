//! Hostile cards, generated in memory: shared by `tests/hostile.rs` (which asserts the
//! error codes and paths) and `examples/hostile.rs` (which prints time and peak memory).
#![allow(dead_code)]

use zonerate::ErrorCode;

/// One hostile card and what loading it must answer.
pub struct Case {
    /// What it is.
    pub name: &'static str,
    /// The card text.
    pub text: String,
    /// `None` when the card is accepted (bounded, just big), else the code and the path
    /// (or, ending in `*`, a prefix of the path).
    pub expect: Option<(ErrorCode, &'static str)>,
}

/// The case names, in order (cases are built one at a time: some are 50 MB).
pub const NAMES: &[&str] = &[
    "50 MB of text",
    "1,000,000 brackets (17 MB)",
    "200,000 brackets (3.4 MB)",
    "1,000,000 prices in one row (2 MB)",
    "10,000-deep arrays",
    "10,000-deep `any` conditions",
    "100,000 zone labels",
    "1,000,000 surcharges (58 MB)",
    "60,000 surcharges (3.8 MB)",
    "1,000,000 empty objects in `any` (3 MB)",
    "49,000 empty conditions in `any` (accepted)",
    "300,000 × \"00000-99999\" in a ZIP set (3.6 MB)",
    "100,000 × \"00000-99999\" in a ZIP set (accepted)",
    "100,000 × \"00000-99999\" in a hub's zone (accepted)",
    "100,000 ZIP sets",
    "101 hubs × 100 KB",
    "2 zone tables × 60 hubs",
    "25,000 zip3 exceptions",
    "4 MB string (accepted)",
    "5 × 5,000 rows × 64 zones (accepted, 3.4 MB)",
    "5 MB string",
    "price 79228162514264337593543950335",
    "step 0.0000000000000000000000000001",
    "transit days 4294967295",
];

const ZONES: &str = r#""z":{"kind":"zip5","labels":["1","2"],"hubs":[{"code":"H","origins":"9*","zones":{"1":"90000-90999","2":"10001"}}]}"#;
const CHARGE: &str = r#""charge":{"type":"flat","amount":"1"}"#;

fn card(zone_tables: &str, zip_sets: &str, surcharges: &str, services: &str, extra: &str) -> String {
    format!(
        r#"{{"format":"zonerate/1","id":"hostile","carrier":"h"{extra},"zoneTables":{{{zone_tables}}},"zipSets":{{{zip_sets}}},"surcharges":[{surcharges}],"services":[{services}]}}"#
    )
}

fn service(rows: &str, more: &str) -> String {
    format!(r#"{{"code":"s","name":"S","zones":"z","table":{{"zones":["1","2"],"rows":[{rows}]}}{more}}}"#)
}

const ROW: &str = r#"{"upTo":"1","prices":["5.00","6.00"]}"#;

fn simple(services: &str) -> String {
    card(ZONES, "", "", services, "")
}

fn repeat(item: &str, n: usize) -> String {
    let mut s = String::with_capacity((item.len() + 1) * n);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(item);
    }
    s
}

fn words(item: &str, n: usize) -> String {
    let mut s = String::with_capacity((item.len() + 1) * n);
    for _ in 0..n {
        s.push_str(item);
        s.push(' ');
    }
    s
}

/// Builds the case called `name` (one of [`NAMES`]).
pub fn build(name: &str) -> Case {
    use ErrorCode::*;
    let (text, expect): (String, Option<(ErrorCode, &'static str)>) = match name {
        "50 MB of text" => {
            let pad = " ".repeat(50 * 1024 * 1024);
            (format!("{}{pad}", simple(&service(ROW, ""))), Some((CardTooLarge, "")))
        }
        "1,000,000 brackets (17 MB)" => {
            (simple(&service(&repeat(r#"{"prices":[1,2]}"#, 1_000_000), "")), Some((CardTooLarge, "")))
        }
        "200,000 brackets (3.4 MB)" => (
            simple(&service(&repeat(r#"{"prices":[1,2]}"#, 200_000), "")),
            Some((CardTooLarge, "services[0].table.rows")),
        ),
        "1,000,000 prices in one row (2 MB)" => (
            simple(&service(&format!(r#"{{"prices":[{}]}}"#, repeat("1", 1_000_000)), "")),
            Some((CardTooLarge, "services[0].table.rows[0].prices")),
        ),
        "10,000-deep arrays" => {
            let n = 10_000;
            (
                simple(&service(&format!(r#"{{"prices":{}1{}}}"#, "[".repeat(n), "]".repeat(n)), "")),
                Some((CardTooLarge, "services[0].table.rows[0].prices*")),
            )
        }
        "10,000-deep `any` conditions" => {
            let n = 10_000;
            let when = format!("{}{{}}{}", r#"{"any":["#.repeat(n), "]}".repeat(n));
            let s = format!(r#"{{"code":"a","label":"A",{CHARGE},"when":{when}}}"#);
            (card(ZONES, "", &s, &service(ROW, ""), ""), Some((CardTooLarge, "surcharges[0].when.any[0].any[0]*")))
        }
        "100,000 zone labels" => {
            let labels = repeat(r#""x""#, 100_000);
            let zt = format!(r#""z":{{"kind":"zip5","labels":[{labels}],"hubs":[]}}"#);
            (card(&zt, "", "", "", ""), Some((CardTooLarge, "zoneTables.z.labels")))
        }
        "1,000,000 surcharges (58 MB)" => {
            let s = repeat(&format!(r#"{{"code":"a","label":"A",{CHARGE}}}"#), 1_000_000);
            (card(ZONES, "", &s, "", ""), Some((CardTooLarge, "")))
        }
        "60,000 surcharges (3.8 MB)" => {
            let s = repeat(&format!(r#"{{"code":"a","label":"A",{CHARGE}}}"#), 60_000);
            (card(ZONES, "", &s, "", ""), Some((CardTooLarge, "surcharges")))
        }
        "1,000,000 empty objects in `any` (3 MB)" => {
            // 1,000 per list keeps under the per-list limit; the object count stops it.
            let inner = format!(r#"{{"any":[{}]}}"#, repeat("{}", 999));
            let s = repeat(&format!(r#"{{"code":"a","label":"A",{CHARGE},"when":{inner}}}"#), 1_000);
            (card(ZONES, "", &s, "", ""), Some((CardTooLarge, "surcharges*")))
        }
        "49,000 empty conditions in `any` (accepted)" => {
            // Just under the object limit: what the most objects cost.
            let inner = format!(r#"{{"any":[{}]}}"#, repeat("{}", 980));
            let s: Vec<String> =
                (0..49).map(|i| format!(r#"{{"code":"a{i}","label":"A",{CHARGE},"when":{inner}}}"#)).collect();
            (card(ZONES, "", &s.join(","), "", ""), None)
        }
        "300,000 × \"00000-99999\" in a ZIP set (3.6 MB)" => {
            let set = format!(r#""big":"{}""#, words("00000-99999", 300_000));
            (card(ZONES, &set, "", "", ""), Some((CardTooLarge, "zipSets.big")))
        }
        "100,000 × \"00000-99999\" in a ZIP set (accepted)" => {
            let set = format!(r#""big":"{}""#, words("00000-99999", 100_000));
            (card(ZONES, &set, "", "", ""), None)
        }
        "100,000 × \"00000-99999\" in a hub's zone (accepted)" => {
            let zt = format!(
                r#""z":{{"kind":"zip5","labels":["1","2"],"hubs":[{{"code":"H","origins":"9*","zones":{{"1":"{}","2":"10001"}},"exclude":"{}"}}]}}"#,
                words("00000-99999", 100_000),
                words("00000-99999", 100_000)
            );
            (card(&zt, "", "", &service(ROW, ""), ""), None)
        }
        "100,000 ZIP sets" => {
            let sets: Vec<String> = (0..100_000).map(|i| format!(r#""s{i}":"9*""#)).collect();
            (card(ZONES, &sets.join(","), "", "", ""), Some((CardTooLarge, "zipSets")))
        }
        "101 hubs × 100 KB" => {
            let hubs: Vec<String> = (0..101)
                .map(|i| format!(r#"{{"code":"H{i}","origins":"9*","zones":{{"1":"00000-99999"}}}}"#))
                .collect();
            let zt = format!(r#""z":{{"kind":"zip5","labels":["1"],"hubs":[{}]}}"#, hubs.join(","));
            (card(&zt, "", "", "", ""), Some((CardTooLarge, "zoneTables.z.hubs")))
        }
        "2 zone tables × 60 hubs" => {
            let hubs: Vec<String> =
                (0..60).map(|i| format!(r#"{{"code":"H{i}","origins":"9*","zones":{{"1":"00000-99999"}}}}"#)).collect();
            let t = |n: &str| format!(r#""{n}":{{"kind":"zip5","labels":["1"],"hubs":[{}]}}"#, hubs.join(","));
            (card(&format!("{},{}", t("a"), t("b")), "", "", "", ""), Some((CardTooLarge, "zoneTables")))
        }
        "25,000 zip3 exceptions" => {
            let ex = repeat(r#"{"origin":"850","from":"00000","to":"99999","zone":"1"}"#, 25_000);
            let zt = format!(
                r#""c":{{"kind":"zip3","labels":["1"],"origins":{{"850":"{}"}},"exceptions":[{ex}]}}"#,
                "1".repeat(1000)
            );
            (card(&zt, "", "", "", ""), Some((CardTooLarge, "zoneTables.c.exceptions")))
        }
        "5 × 5,000 rows × 64 zones (accepted, 3.4 MB)" => {
            let zones: Vec<String> = (1..=64).map(|z| format!(r#""{z}""#)).collect();
            let zones = zones.join(",");
            let labels: Vec<String> = (1..=35).map(|z| format!(r#""{z}""#)).collect();
            let zt = format!(
                r#""z":{{"kind":"zip5","labels":[{}],"hubs":[{{"code":"H","origins":"9*","zones":{{"1":"0*"}}}}]}}"#,
                labels.join(",")
            );
            let cells = repeat("1", 64);
            let services: Vec<String> = (0..5)
                .map(|i| {
                    let rows: Vec<String> =
                        (1..=5000).map(|r| format!(r#"{{"upTo":{r},"prices":[{cells}]}}"#)).collect();
                    format!(
                        r#"{{"code":"s{i}","name":"S","zones":"z","table":{{"zones":[{zones}],"rows":[{}]}}}}"#,
                        rows.join(",")
                    )
                })
                .collect();
            (card(&zt, "", "", &services.join(","), ""), None)
        }
        "4 MB string (accepted)" => {
            let source = "x".repeat(4 * 1024 * 1024 - 1024);
            (card(ZONES, "", "", &service(ROW, ""), &format!(r#","source":"{source}""#)), None)
        }
        "5 MB string" => {
            let source = "x".repeat(5 * 1024 * 1024);
            (card(ZONES, "", "", &service(ROW, ""), &format!(r#","source":"{source}""#)), Some((CardTooLarge, "")))
        }
        "price 79228162514264337593543950335" => (
            simple(&service(r#"{"mode":"unit","prices":["79228162514264337593543950335","1"]}"#, "")),
            Some((InvalidValue, "services[0].table.rows[0].prices[0]")),
        ),
        "step 0.0000000000000000000000000001" => (
            simple(&service(
                r#"{"mode":"step","first":"1","firstPrice":["1","1"],"step":"0.0000000000000000000000000001","stepPrice":["1","1"]}"#,
                "",
            )),
            Some((InvalidStep, "services[0].table.rows[0].step")),
        ),
        "transit days 4294967295" => (
            simple(&service(ROW, r#","transitDays":[4294967295,1]"#)),
            Some((InvalidValue, "services[0].transitDays[0]")),
        ),
        other => (String::new(), Some((InvalidJson, Box::leak(other.to_string().into_boxed_str())))),
    };
    Case { name: NAMES.iter().find(|n| **n == name).copied().unwrap_or("?"), text, expect }
}

/// Whether an error matches what a case expects.
pub fn matches(e: &zonerate::Error, code: ErrorCode, path: &str) -> bool {
    e.code() == code
        && match path.strip_suffix('*') {
            Some(prefix) => e.path().starts_with(prefix),
            None => e.path() == path,
        }
}
