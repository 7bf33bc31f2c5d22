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
    Ok(match u.int_in_range(0..=5)? {
        0 => json!(u.choose(NUMBERS)?),
        1 => json!(u.choose(STRINGS)?),
        2 => json!(u.arbitrary::<i64>()?),
        3 => json!(u.arbitrary::<f64>().unwrap_or(0.0)),
        4 => json!(u.choose(STRINGS)?.repeat(u.int_in_range(2..=3000)?)),
        _ => Value::Null,
    })
}

/// Walks from `v` to a random node and changes it.
fn mutate(v: &mut Value, u: &mut Unstructured<'_>) -> Result<()> {
    let descend = u.ratio(7, 8)?;
    match v {
        Value::Object(m) if !m.is_empty() && descend => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = u.choose(&keys)?;
            if u.ratio(1, 12)? {
                m.remove(k);
                return Ok(());
            }
            if let Some(child) = m.get_mut(k) {
                return mutate(child, u);
            }
            Ok(())
        }
        Value::Array(a) if !a.is_empty() && descend => {
            let i = u.choose_index(a.len())?;
            match u.int_in_range(0..=15)? {
                0 => {
                    a.remove(i);
                    Ok(())
                }
                1 => {
                    let copy = a.get(i).cloned().unwrap_or(Value::Null);
                    let n = u.int_in_range(1..=200)?;
                    for _ in 0..n {
                        a.push(copy.clone());
                    }
                    Ok(())
                }
                _ => match a.get_mut(i) {
                    Some(child) => mutate(child, u),
                    None => Ok(()),
                },
            }
        }
        _ => {
            *v = leaf(u)?;
            Ok(())
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(mut card) = u.choose(seeds()).cloned() else { return };
    let n = u.int_in_range(1..=6u8).unwrap_or(1);
    for _ in 0..n {
        if mutate(&mut card, &mut u).is_err() {
            break;
        }
    }
    let text = card.to_string();
    let mut engine = zones_engine().clone();
    if engine.add_card_json(&text).is_ok() {
        quote_probes(&engine, check);
    }
});
