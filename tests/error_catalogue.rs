//! Walks `docs/errors.md`: every example produces its code and path, and every code of
//! `ErrorCode` has an example.

use zonerate::{Date, ErrorCode, RateEngine};

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Example {
    code: String,
    kind: String,
    path: String,
    json: String,
}

fn examples() -> Vec<Example> {
    let doc = std::fs::read_to_string(root().join("docs/errors.md")).unwrap();
    let mut out = Vec::new();
    let mut code = None;
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if let Some(c) = line.strip_prefix("### `").and_then(|r| r.strip_suffix('`')) {
            code = Some(c.to_string());
        }
        if let Some(meta) = line.strip_prefix("<!-- example: ").and_then(|r| r.strip_suffix(" -->")) {
            let (kind, path) = meta.split_once("; path: ").unwrap_or((meta, ""));
            assert_eq!(lines.next(), Some("```json"), "example for {code:?} must be followed by a json block");
            let mut json = String::new();
            for l in lines.by_ref() {
                if l == "```" {
                    break;
                }
                json.push_str(l);
                json.push('\n');
            }
            out.push(Example {
                code: code.clone().expect("example before a code heading"),
                kind: kind.into(),
                path: path.into(),
                json,
            });
        }
    }
    out
}

fn usps() -> RateEngine {
    let mut e = RateEngine::new();
    for f in ["cards/usps/usps-zones.json", "cards/usps/usps-2025-10-05.json"] {
        e.add_card_json(&std::fs::read_to_string(root().join(f)).unwrap()).unwrap();
    }
    e
}

fn run(ex: &Example) -> zonerate::Error {
    let today: Date = "2025-11-03".parse().unwrap();
    let result = match ex.kind.as_str() {
        "card" => {
            let mut e = usps();
            e.add_card_json(&ex.json).map(|_| ())
        }
        "card twice" => {
            let mut e = RateEngine::new();
            e.add_card_json(&ex.json).unwrap();
            e.add_card_json(&ex.json).map(|_| ())
        }
        "shipment" => zonerate::api::quote_json(&usps(), &ex.json, today).map(|_| ()),
        "markup" => zonerate::markup::parse_markups(&ex.json).map(|_| ()),
        other => panic!("unknown example kind {other:?}"),
    };
    match result {
        Ok(()) => panic!("the example for {} was accepted:\n{}", ex.code, ex.json),
        Err(e) => e,
    }
}

#[test]
fn every_example_produces_its_code_and_path() {
    let all = examples();
    assert!(all.len() >= ErrorCode::ALL.len());
    for ex in &all {
        let err = run(ex);
        assert_eq!(err.code().as_str(), ex.code, "{}: got {err}", ex.code);
        assert_eq!(err.path(), ex.path, "{}: got {err}", ex.code);
        assert!(!err.message().is_empty());
    }
}

#[test]
fn every_code_is_in_the_catalogue() {
    let documented: Vec<String> = examples().into_iter().map(|e| e.code).collect();
    for c in ErrorCode::ALL {
        assert!(documented.iter().any(|d| d == c.as_str()), "{} has no example in docs/errors.md", c.as_str());
    }
}
