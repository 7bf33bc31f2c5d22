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
            let fence = lines.next();
            assert!(
                matches!(fence, Some("```json" | "```text")),
                "example for {code:?} must be followed by a json or text block"
            );
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

/// Runs a `cli` example: `kind` is `cli ARGS; file: NAME`, with `{file}` and `{out}` in
/// ARGS. Returns (code, path) parsed from `zonerate: <path>: <message> [<code>]`.
fn run_cli(ex: &Example) -> (String, String) {
    let spec = ex.kind.strip_prefix("cli ").unwrap();
    let (args, file) = spec.split_once("; file: ").unwrap();
    let dir = std::env::temp_dir().join(format!("zr-errcat-{}-{}", std::process::id(), ex.code));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join(file);
    std::fs::write(&input, &ex.json).unwrap();
    let out = dir.join("out");
    let argv: Vec<String> = args
        .split_whitespace()
        .map(|a| a.replace("{file}", file).replace("{out}", out.to_str().unwrap()))
        .map(|a| if a.starts_with("cards/") { root().join(a).display().to_string() } else { a })
        .collect();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_zonerate")).args(&argv).current_dir(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}: {:?}", ex.code, o);
    assert!(!out.exists(), "{}: an output was written despite the error", ex.code);
    let line = String::from_utf8_lossy(&o.stderr).trim().to_string();
    assert_eq!(line.lines().count(), 1, "{line}");
    let rest = line.strip_prefix("zonerate: ").unwrap();
    let (before, code) = rest.rsplit_once(" [").unwrap_or_else(|| panic!("{}: no [code] in {line:?}", ex.code));
    // The line starts with the expected path, then ": " and the message.
    let path = if before.starts_with(&format!("{}: ", ex.path)) { ex.path.clone() } else { before.to_string() };
    std::fs::remove_dir_all(&dir).ok();
    (code.trim_end_matches(']').to_string(), path)
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
        if ex.kind.starts_with("cli ") {
            let (code, path) = run_cli(ex);
            assert_eq!((code.as_str(), path.as_str()), (ex.code.as_str(), ex.path.as_str()), "{}", ex.code);
            continue;
        }
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
