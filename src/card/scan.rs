//! A cheap pass over a card's JSON text before serde builds anything: nesting depth,
//! the number of items of every array and object, and the number of objects in all.
//!
//! serde would otherwise build a million rows (or a million `any` conditions) before
//! `Card::compile` could count them, and a card from the internet could make the engine
//! allocate hundreds of megabytes first. The scan allocates nothing but a stack as deep
//! as the nesting it allows, stops at the first limit it meets, and reports it as
//! [`ErrorCode::CardTooLarge`] with the path of the array or object (the same path form
//! as the other errors: `services[0].table.rows`). Text that is not JSON is left to
//! serde, which reports it as `invalid_json` with its line and column.

use crate::error::{msg, Error, ErrorCode, Result};

/// Deepest nesting of arrays and objects in a card (the shipped cards reach 10).
pub const MAX_DEPTH: usize = 32;
/// Most JSON objects in one card (the shipped cards have at most 549).
pub const MAX_OBJECTS: usize = 50_000;
/// Most items of an array, or members of an object, that no specific limit covers.
pub const MAX_ITEMS: usize = 1_000;

use crate::json::Seg;

/// Per-path item limits, most specific first. `*` is any member name, `[]` any index.
/// The last pattern of each list element is matched against the path of the container.
const LIMITS: &[(&[&str], usize, &str)] = &[
    (&["services"], super::MAX_SERVICES, "services"),
    (&["surcharges"], super::MAX_SURCHARGES, "surcharges"),
    (&["zoneTables"], super::MAX_ZONE_TABLES, "zone tables"),
    (&["zipSets"], super::MAX_ZIP_SETS, "ZIP sets"),
    (&["services", "[]", "table", "rows"], crate::pricing::MAX_ROWS, "rows"),
    (&["services", "[]", "table", "special"], crate::pricing::MAX_SPECIAL_ROWS, "special rows"),
    (&["services", "[]", "table", "rows", "[]", "tiers"], crate::pricing::MAX_TIERS, "tiers"),
    (&["services", "[]", "surcharges"], super::MAX_SERVICE_SURCHARGES, "surcharges"),
    (&["services", "[]", "limits"], super::MAX_LIMITS, "limits"),
    (&["surcharges", "[]", "charge", "rows"], crate::pricing::MAX_ROWS, "rows"),
    (&["zoneTables", "*", "labels"], crate::zones::MAX_LABELS, "zone labels"),
    (&["zoneTables", "*", "origins"], 1_000, "origins"),
    (&["zoneTables", "*", "exceptions"], crate::zones::MAX_EXCEPTIONS, "exceptions"),
    (&["zoneTables", "*", "hubs"], crate::zones::MAX_HUBS, "hubs"),
];

fn matches(pattern: &[&str], path: &[Seg<'_>]) -> bool {
    if pattern.len() != path.len() {
        return false;
    }
    for (p, s) in pattern.iter().zip(path) {
        let ok = match (*p, s) {
            ("[]", Seg::Index(_)) => true,
            ("*", Seg::Key(_)) => true,
            (p, Seg::Key(k)) => p == *k,
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// The most items the container at `path` may have, and what they are called (empty for
/// the general limit, whose items are called by the container's kind: a length test, where
/// a comparison with `"items"` inlined loads of the text and constants).
fn limit_for(path: &[Seg<'_>]) -> (usize, &'static str) {
    LIMITS.iter().find(|(p, _, _)| matches(p, path)).map_or((MAX_ITEMS, ""), |(_, n, what)| (*n, *what))
}

/// The most items or members the container at `path` may have (for
/// [`crate::json::Limits`]; the path as this scan builds it: member names as written).
pub fn item_limit(path: &[Seg<'_>]) -> usize {
    limit_for(path).0
}

/// The limits this scan checks, for [`crate::json::validate`]: on text within them,
/// the scan passes, and on text beyond them it fails.
pub const LIMITS_WHILE_PARSING: crate::json::Limits =
    crate::json::Limits { depth: MAX_DEPTH, objects: MAX_OBJECTS, items: item_limit, least_items: LEAST_ITEMS };

/// The least of the item limits (a test checks it against them).
const LEAST_ITEMS: usize = crate::zones::MAX_LABELS;

fn path_string(path: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    crate::json::append(&mut s, ".");
                }
                crate::json::append(&mut s, k);
            }
            Seg::Index(i) => {
                crate::json::append(&mut s, "[");
                crate::json::write_digits(&mut s, *i as u64, 1);
                crate::json::append(&mut s, "]");
            }
        }
    }
    s
}

struct Frame {
    object: bool,
    /// Items (array) or members (object) seen so far.
    count: usize,
    /// The most items or members (what they are called is looked up again by the error).
    limit: usize,
    /// Object: the next string is a member name.
    want_key: bool,
}

/// Checks nesting depth and item counts of card text. Returns `Ok` for text that is
/// within the limits, and also for text that is not JSON (serde reports that).
pub fn check_card_text(text: &str) -> Result<()> {
    let b = text.as_bytes();
    // The path of the container on top of the stack, one segment per frame below it:
    // path[k] is how frame k+1 is reached from frame k.
    // Grown by their pushes (this scan runs only for a card that failed to read): no
    // allocation of their own inlined.
    let mut path: Vec<Seg<'_>> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut objects = 0usize;
    // The member name just read in the object on top, if any.
    let mut key: Option<&str> = None;
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            b',' => {
                if let Some(f) = stack.last_mut() {
                    f.want_key = f.object;
                }
                i += 1;
            }
            b'}' | b']' => {
                if stack.pop().is_none() {
                    return Ok(());
                }
                path.pop();
                key = None;
                i += 1;
            }
            _ => {
                // A value, or a member name: one count for all (a member name counts in its
                // object, any other value in its array), a string's once it is closed.
                let start = i + 1;
                let mut j = start;
                if c == b'"' {
                    loop {
                        match b.get(j) {
                            None => return Ok(()),
                            Some(b'"') => break,
                            Some(b'\\') => j += 2,
                            Some(_) => j += 1,
                        }
                    }
                }
                let is_key = c == b'"' && stack.last().is_some_and(|f| f.object && f.want_key);
                count_value(&mut stack, &path, is_key)?;
                if c == b'"' {
                    if is_key {
                        if let Some(f) = stack.last_mut() {
                            f.want_key = false;
                        }
                        key = Some(text.get(start..j).unwrap_or(""));
                    }
                    i = j + 1;
                } else if c == b'{' || c == b'[' {
                    let object = c == b'{';
                    if let Some(parent) = stack.last() {
                        let seg = if parent.object {
                            Seg::Key(key.take().unwrap_or(""))
                        } else {
                            Seg::Index(parent.count.saturating_sub(1))
                        };
                        path.push(seg);
                    }
                    if stack.len() >= MAX_DEPTH {
                        return Err(too_large(&path, TOO_DEEP));
                    }
                    if object {
                        objects += 1;
                        if objects > MAX_OBJECTS {
                            return Err(too_large(&path, TOO_MANY_OBJECTS));
                        }
                    }
                    stack.push(Frame { object, count: 0, limit: item_limit(&path), want_key: object });
                    i += 1;
                } else {
                    // A number or a literal: one value, up to the next structural byte.
                    while b
                        .get(i)
                        .is_some_and(|c| !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':'))
                    {
                        i += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The messages of the depth and object limits, written out (a test compares them with
/// the limits).
const TOO_DEEP: &str = "is nested deeper than 32 levels of arrays and objects";
const TOO_MANY_OBJECTS: &str = "the card has more than 50000 JSON objects";

/// `card_too_large` with `message` at the container `path`: one cold call for both limits.
#[cold]
#[inline(never)]
fn too_large(path: &[Seg<'_>], message: &'static str) -> Error {
    Error::new(ErrorCode::CardTooLarge, path_string(path), message)
}

/// Counts a value that starts in the container on top (arrays only: object members are
/// counted by their names, `key`: one more member of the object on top).
fn count_value(stack: &mut [Frame], path: &[Seg<'_>], key: bool) -> Result<()> {
    if let Some(f) = stack.last_mut() {
        if f.object == key {
            f.count += 1;
            if f.count > f.limit {
                return Err(too_many(path, f));
            }
        }
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn too_many(path: &[Seg<'_>], f: &Frame) -> Error {
    let (n, what) = limit_for(path);
    let kind = if f.object { "members" } else { "items" };
    let what = if what.is_empty() { kind } else { what };
    Error::new(
        ErrorCode::CardTooLarge,
        path_string(path),
        msg!("has more than ", n, " ", what, "; at most ", n, " are allowed"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_out_messages_are_those_of_the_limits() {
        assert_eq!(TOO_DEEP, format!("is nested deeper than {MAX_DEPTH} levels of arrays and objects"));
        assert_eq!(TOO_MANY_OBJECTS, format!("the card has more than {MAX_OBJECTS} JSON objects"));
    }

    fn err(text: &str) -> (ErrorCode, String) {
        let e = check_card_text(text).unwrap_err();
        (e.code(), e.path().to_string())
    }

    #[test]
    fn real_shapes_pass_and_bad_json_is_left_to_serde() {
        check_card_text(r#"{"services":[{"table":{"rows":[{"prices":[1,null,"2"]}]}}]}"#).unwrap();
        check_card_text("not json ]]] {{").unwrap();
        check_card_text(r#"{"a":"unterminated"#).unwrap();
        check_card_text(r#"{"a\"b":[1,2]}"#).unwrap();
    }

    #[test]
    fn rows_are_counted_with_their_path() {
        let rows = vec![r#"{"prices":[1]}"#; crate::pricing::MAX_ROWS + 1].join(",");
        let text = format!(r#"{{"services":[{{"code":"a"}},{{"table":{{"zones":["1"],"rows":[{rows}]}}}}]}}"#);
        assert_eq!(err(&text), (ErrorCode::CardTooLarge, "services[1].table.rows".into()));
        let ok = vec![r#"{"prices":[1]}"#; crate::pricing::MAX_ROWS].join(",");
        check_card_text(&format!(r#"{{"services":[{{"table":{{"rows":[{ok}]}}}}]}}"#)).unwrap();
    }

    #[test]
    fn depth_and_generic_counts() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(err(&deep).0, ErrorCode::CardTooLarge);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        check_card_text(&ok).unwrap();
        let labels = vec!["\"x\""; crate::zones::MAX_LABELS + 1].join(",");
        let text = format!(r#"{{"zoneTables":{{"t":{{"labels":[{labels}]}}}}}}"#);
        assert_eq!(err(&text), (ErrorCode::CardTooLarge, "zoneTables.t.labels".into()));
        let any = vec!["{}"; MAX_ITEMS + 1].join(",");
        let text = format!(r#"{{"surcharges":[{{"when":{{"any":[{any}]}}}}]}}"#);
        assert_eq!(err(&text), (ErrorCode::CardTooLarge, "surcharges[0].when.any".into()));
    }

    #[test]
    fn too_many_says_what_and_how_many() {
        let msg = |text: &str| check_card_text(text).unwrap_err().message().to_string();
        let rows = vec!["{}"; crate::pricing::MAX_ROWS + 1].join(",");
        let text = format!(r#"{{"services":[{{"table":{{"rows":[{rows}]}}}}]}}"#);
        assert_eq!(msg(&text), "has more than 5000 rows; at most 5000 are allowed");
        let items = vec!["1"; MAX_ITEMS + 1].join(",");
        assert_eq!(msg(&format!(r#"{{"a":[{items}]}}"#)), "has more than 1000 items; at most 1000 are allowed");
        let members: Vec<String> = (0..=MAX_ITEMS).map(|i| format!(r#""k{i}":1"#)).collect();
        let text = format!(r#"{{"a":{{{}}}}}"#, members.join(","));
        assert_eq!(msg(&text), "has more than 1000 members; at most 1000 are allowed");
        let labels = vec!["\"x\""; crate::zones::MAX_LABELS + 1].join(",");
        let text = format!(r#"{{"zoneTables":{{"t":{{"labels":[{labels}]}}}}}}"#);
        assert_eq!(msg(&text), "has more than 35 zone labels; at most 35 are allowed");
    }

    /// Whether `text` is refused by the limits checked while parsing; the scan must
    /// agree on every text that is JSON.
    fn agree(text: &str) -> bool {
        let while_parsing = crate::json::validate(text, Some(LIMITS_WHILE_PARSING));
        let scanned = check_card_text(text);
        let json = crate::json::validate(text, None).is_ok();
        assert!(json, "not JSON: {}", &text[..text.len().min(200)]);
        assert_eq!(while_parsing.is_ok(), scanned.is_ok(), "{}", &text[..text.len().min(300)]);
        if let Err(e) = while_parsing {
            assert_eq!(e.code(), ErrorCode::CardTooLarge);
        }
        scanned.is_ok()
    }

    /// A container with `n` items (`object`: members `k0`, `k1`…) of `item`.
    fn container(object: bool, n: usize, item: &str) -> String {
        if object {
            format!("{{{}}}", (0..n).map(|i| format!("\"k{i}\":{item}")).collect::<Vec<_>>().join(","))
        } else {
            format!("[{}]", vec![item; n].join(","))
        }
    }

    /// `inner` placed at `path` (`[]` an array of one item, `*` a member `z`, escapes in
    /// names kept as written).
    fn at_path(path: &[&str], inner: &str) -> String {
        let mut v = inner.to_string();
        for seg in path.iter().rev() {
            v = match *seg {
                "[]" => format!("[1, {v}]"),
                "*" => format!("{{\"z\": {v}}}"),
                k => format!("{{\"a\": 1, \"{k}\": {v}}}"),
            };
        }
        v
    }

    #[test]
    fn the_limits_checked_while_parsing_are_the_scans() {
        let mut n = 0;
        let mut paths: Vec<Vec<&str>> = LIMITS.iter().map(|(p, _, _)| p.to_vec()).collect();
        paths.push(vec![]);
        paths.push(vec!["services", "[]", "table", "zones"]);
        paths.push(vec!["servic\\u0065s"]);
        paths.push(vec!["zoneTables", "*", "labels", "[]"]);
        paths.push(vec!["services", "[]", "table", "rows", "[]", "tiers", "[]"]);
        for path in &paths {
            let segs: Vec<Seg<'_>> = path
                .iter()
                .map(|k| if *k == "[]" { Seg::Index(1) } else { Seg::Key(if *k == "*" { "z" } else { k }) })
                .collect();
            let limit = item_limit(&segs);
            for object in [false, true] {
                for items in [0, limit.saturating_sub(1), limit, limit + 1] {
                    for item in ["1", "{}", "[]", "\"x\""] {
                        let text = at_path(path, &container(object, items, item));
                        let ok = agree(&text);
                        assert_eq!(ok, items <= limit, "{path:?} {object} {items}");
                        n += 1;
                    }
                }
            }
        }
        for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1] {
            for path in [&["services", "[]", "table"][..], &[], &["zoneTables", "*"]] {
                let inner = format!("{}{}", "[".repeat(depth - path.len()), "]".repeat(depth - path.len()));
                agree(&at_path(path, &inner));
                let inner = format!("{}1{}", "{\"a\":".repeat(depth - path.len()), "}".repeat(depth - path.len()));
                agree(&at_path(path, &inner));
                n += 2;
            }
        }
        // The least limit, below which the parser looks none up, is the least of them all.
        let least = LIMITS.iter().map(|(_, n, _)| *n).fold(MAX_ITEMS, usize::min);
        assert_eq!(LEAST_ITEMS, least);
        let thousand = container(false, 1000, "{}");
        for arrays in [49, 50, 51] {
            let text = container(false, arrays, &thousand);
            assert_eq!(agree(&text), arrays <= 50, "{arrays}");
            let text = format!("{{\"a\": {text}}}");
            assert_eq!(agree(&text), arrays < 50, "{arrays}");
            n += 2;
        }
        for dir in [
            "cards/usps",
            "cards/ontrac",
            "cards/gofo",
            "cards/uniuni",
            "cards/speedx",
            "cards/swiftx",
            "docs/examples",
        ] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "json") {
                    assert!(agree(&std::fs::read_to_string(&p).unwrap()), "{p:?}");
                    n += 1;
                }
            }
        }
        assert!(n > 150, "{n}");
    }
}
