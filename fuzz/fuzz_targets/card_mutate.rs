//! A shipped card with some of its values replaced by hostile ones (huge and tiny
//! numbers, negative numbers, empty and huge strings, ZIP lists that cover everything,
//! removed or duplicated entries): loading must answer, and a card that loads must quote
//! light and absurdly heavy or large parcels without panicking, lines adding up.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use std::sync::OnceLock;
use zonerate_fuzz::{check, quote_probes, zones_engine, RATE_CARDS, ZONE_CARDS};

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "-0.01",
    "0.0001",
    "0.00009",
    "0.0000000000000000000000000001",
    "1",
    "1.5",
    "150",
    "999999.9999",
    "1000000",
    "1000000.01",
    "4294967295",
    "18446744073709551616",
    "7922816251426433759354395033.5",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "1e6",
    "1e-28",
    "NaN",
];

const STRINGS: &[&str] = &[
    "",
    "00000-99999",
    "0*",
    "*",
    "99999",
    "1-9",
    "base",
    "subtotal",
    "1",
    "9",
    "Z",
    "up",
    "nearest",
    "unit",
    "step",
    "progressive",
    "kg",
    "cm",
    "2025-10-05",
    "9999-12-31",
    "zonerate/1",
];

fn seeds() -> &'static Vec<Value> {
    static S: OnceLock<Vec<Value>> = OnceLock::new();
    S.get_or_init(|| {
        RATE_CARDS.iter().chain(ZONE_CARDS.iter().take(1)).filter_map(|c| serde_json::from_str(c).ok()).collect()
    })
}

fn leaf(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=9)? {
        0..=3 => json!(u.choose(NUMBERS)?),
        4 => json!(format!("{}{}", u.choose(NUMBERS)?, "0".repeat(u.int_in_range(0..=30)?))),
        5 => json!(u.choose(STRINGS)?),
        6 => json!(u.arbitrary::<i64>()?),
        7 => json!(u.arbitrary::<f64>().unwrap_or(0.0)),
        8 => json!(u.choose(STRINGS)?.repeat(u.int_in_range(2..=3000)?)),
        _ => Value::Null,
    })
}

/// JSON pointers of every scalar (leaves) and every array of `v`.
fn nodes(v: &Value, at: String, leaves: &mut Vec<String>, arrays: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                nodes(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), leaves, arrays);
            }
        }
        Value::Array(a) => {
            arrays.push(at.clone());
            for (i, x) in a.iter().enumerate() {
                nodes(x, format!("{at}/{i}"), leaves, arrays);
            }
        }
        _ => leaves.push(at),
    }
}

/// Changes one node: mostly a leaf (every leaf as likely as any other, so price cells,
/// steps and bounds are what changes most), sometimes an array (an item removed or
/// repeated), sometimes an object member removed.
fn mutate(card: &mut Value, u: &mut Unstructured<'_>) -> Result<()> {
    let (mut leaves, mut arrays) = (Vec::new(), Vec::new());
    nodes(card, String::new(), &mut leaves, &mut arrays);
    match u.int_in_range(0..=9)? {
        0 | 1 if !arrays.is_empty() => {
            let p = u.choose(&arrays)?;
            let n = u.int_in_range(1..=300usize)?;
            let remove = u.arbitrary::<bool>()?;
            if let Some(Value::Array(a)) = card.pointer_mut(p) {
                if !a.is_empty() {
                    let i = u.choose_index(a.len())?;
                    if remove {
                        a.remove(i);
                    } else {
                        let copy = a.get(i).cloned().unwrap_or(Value::Null);
                        a.extend(std::iter::repeat_n(copy, n));
                    }
                }
            }
        }
        2 if !leaves.is_empty() => {
            // Remove the member (or item) holding a leaf.
            let p = u.choose(&leaves)?.clone();
            if let Some((parent, key)) = p.rsplit_once('/') {
                match card.pointer_mut(parent) {
                    Some(Value::Object(m)) => {
                        m.remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < a.len() {
                                a.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        3 | 4 if !leaves.is_empty() => {
            // The same field everywhere: every price cell, every step, every `amount`
            // (the chosen leaf's path with its indices as wildcards) gets one value.
            let p = u.choose(&leaves)?.clone();
            let shape = |q: &str| -> Vec<String> {
                q.split('/').map(|seg| if seg.parse::<usize>().is_ok() { "*".to_string() } else { seg.to_string() }).collect()
            };
            let want = shape(&p);
            let new = leaf(u)?;
            let targets: Vec<&String> = leaves.iter().filter(|q| shape(q) == want).collect();
            // A 3,000-times repeated string in each of thousands of price cells is a card
            // of hundreds of megabytes: refused unread (`card_too_large`, tested), and
            // building it here took 2 GB. Cards past the engine's size limit are skipped.
            let each = new.as_str().map_or(0, str::len);
            if each.saturating_mul(targets.len()) > zonerate::engine::MAX_CARD_BYTES {
                return Ok(());
            }
            for q in targets {
                if let Some(x) = card.pointer_mut(q) {
                    *x = new.clone();
                }
            }
        }
        _ if !leaves.is_empty() => {
            let p = u.choose(&leaves)?.clone();
            let new = leaf(u)?;
            if let Some(x) = card.pointer_mut(&p) {
                *x = new;
            }
        }
        _ => {}
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(mut card) = u.choose(seeds()).cloned() else { return };
    let n = u.int_in_range(1..=3u8).unwrap_or(1);
    for _ in 0..n {
        if mutate(&mut card, &mut u).is_err() {
            break;
        }
    }
    let text = card.to_string();
    // Triage: `ZONERATE_FUZZ_DUMP=card.json fuzz/target/…/card_mutate crash-…` writes the
    // mutated card, to add it to tests/fuzz_regressions/cards.
    if let Ok(path) = std::env::var("ZONERATE_FUZZ_DUMP") {
        let _ = std::fs::write(path, &text);
    }
    let mut engine = zones_engine().clone();
    if engine.add_card_json(&text).is_ok() {
        quote_probes(&engine, check);
    }
});
