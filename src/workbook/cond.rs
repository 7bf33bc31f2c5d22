//! Conditions as one line of text, for a spreadsheet cell.
//!
//! ```text
//! residential                      residential delivery      (commercial = not residential)
//! zones=5,6,7                      zone is one of these
//! destIn=das   destNotIn=remote    destination in / not in a named ZIP set
//! options=signature,saturday       every one of these options asked for
//! packaging=tube,roll              packaging is one of these
//! length>22; length<=30            a range: `>` is "over" (strict), `<=` is "up to" (inclusive)
//! any(weight>50 | length>48)       at least one of the alternatives
//! always                           the empty condition {} (holds always)
//! ```
//!
//! Terms joined by `;` must all hold; inside `any(…)` the alternatives are separated by
//! `|` and each may itself be several `;`-joined terms. Measures: weight, billableWeight,
//! length, width, height, girth, lengthPlusGirth, volume, declaredValue.

use crate::card::format::{Condition, Measure, RangeDef};
// The measures with their field names in format order, and a condition's range of one:
// the engine's own table and accessor.
use crate::conditions::{range as range_of, RANGES as MEASURES};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The wire name of a measure (`lengthPlusGirth`).
pub fn measure_name(m: Measure) -> &'static str {
    MEASURES.iter().find(|(x, _)| *x == m).map_or("weight", |(_, n)| n)
}

/// A measure by name, any case (`LengthPlusGirth`, `length_plus_girth`).
pub fn parse_measure(s: &str) -> Option<Measure> {
    let n = super::norm(s);
    MEASURES.iter().find(|(_, name)| name.to_lowercase() == n).map(|(m, _)| *m)
}

fn range_of_mut(c: &mut Condition, m: Measure) -> &mut Option<RangeDef> {
    match m {
        Measure::Weight => &mut c.weight,
        Measure::BillableWeight => &mut c.billable_weight,
        Measure::Length => &mut c.length,
        Measure::Width => &mut c.width,
        Measure::Height => &mut c.height,
        Measure::Girth => &mut c.girth,
        Measure::LengthPlusGirth => &mut c.length_plus_girth,
        Measure::Volume => &mut c.volume,
        Measure::DeclaredValue => &mut c.declared_value,
    }
}

/// Writes a condition as text; `None` when the text form cannot say it exactly (an
/// empty list, a range with neither end, an item containing a separator).
pub fn to_text(c: &Condition) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let list = |name: &str, v: &[String]| -> Option<String> {
        if v.is_empty() || v.iter().any(|x| x.is_empty() || x.contains([',', ';', '|', '(', ')', '=', ' '])) {
            return None;
        }
        Some(format!("{name}={}", v.join(",")))
    };
    let name_ok = |s: &str| !s.is_empty() && !s.contains([',', ';', '|', '(', ')', '=', ' ']);
    match c.residential {
        Some(true) => terms.push("residential".into()),
        Some(false) => terms.push("commercial".into()),
        None => {}
    }
    if let Some(z) = &c.zones {
        terms.push(list("zones", z)?);
    }
    if let Some(n) = &c.dest_in {
        if !name_ok(n) {
            return None;
        }
        terms.push(format!("destIn={n}"));
    }
    if let Some(n) = &c.dest_not_in {
        if !name_ok(n) {
            return None;
        }
        terms.push(format!("destNotIn={n}"));
    }
    if let Some(o) = &c.options {
        terms.push(list("options", o)?);
    }
    if let Some(p) = &c.packaging {
        terms.push(list("packaging", p)?);
    }
    for (m, name) in MEASURES {
        if let Some(r) = range_of(c, m) {
            if r.over.is_none() && r.up_to.is_none() {
                return None;
            }
            if let Some(o) = r.over {
                terms.push(format!("{name}>{o}"));
            }
            if let Some(u) = r.up_to {
                terms.push(format!("{name}<={u}"));
            }
        }
    }
    if let Some(any) = &c.any {
        if any.is_empty() {
            return None;
        }
        let alts: Option<Vec<String>> = any.iter().map(to_text).collect();
        terms.push(format!("any({})", alts?.join(" | ")));
    }
    if terms.is_empty() {
        return Some("always".into());
    }
    Some(terms.join("; "))
}

/// Splits at `sep` outside parentheses.
fn split_top(s: &str, sep: char) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("unbalanced ')' in {s:?}"));
                }
            }
            c if c == sep && depth == 0 => {
                out.push(s.get(start..i).unwrap_or_default());
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!("unbalanced '(' in {s:?}"));
    }
    out.push(s.get(start..).unwrap_or_default());
    Ok(out)
}

fn items(v: &str) -> Vec<String> {
    v.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
}

/// Reads the text form back. Errors are sentences for the cell's error message.
pub fn parse(s: &str) -> Result<Condition, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("the condition is empty (write `always` for a condition that always holds)".into());
    }
    let mut c = Condition::default();
    if s.eq_ignore_ascii_case("always") {
        return Ok(c);
    }
    for term in split_top(s, ';')? {
        let t = term.trim();
        if t.is_empty() {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("any(") && t.ends_with(')') {
            if c.any.is_some() {
                return Err("`any(…)` is given twice; put every alternative in one `any(…)`".into());
            }
            let inner = t.get(4..t.len() - 1).unwrap_or_default();
            let alts = split_top(inner, '|')?.into_iter().map(parse).collect::<Result<Vec<_>, _>>()?;
            c.any = Some(alts);
            continue;
        }
        if lower == "residential" || lower == "residential=true" {
            set(&mut c.residential, true, "residential")?;
            continue;
        }
        if lower == "commercial" || lower == "residential=false" {
            set(&mut c.residential, false, "residential")?;
            continue;
        }
        if let Some(pos) = t.find(['<', '>']) {
            let (name, rest) = t.split_at(pos);
            let m = parse_measure(name)
                .ok_or_else(|| format!("{:?} is not a measure ({})", name.trim(), measure_list()))?;
            let (is_over, num) = if let Some(n) = rest.strip_prefix("<=") {
                (false, n)
            } else if let Some(n) = rest.strip_prefix('>') {
                if n.starts_with('=') {
                    return Err(format!("{t:?}: use `>` (over) or `<=` (up to); ranges are (over, up to]"));
                }
                (true, n)
            } else {
                return Err(format!("{t:?}: use `>` (over) or `<=` (up to); ranges are (over, up to]"));
            };
            let v = Decimal::from_str(num.trim()).map_err(|_| format!("{:?} is not a number", num.trim()))?;
            let r = range_of_mut(&mut c, m).get_or_insert_with(RangeDef::default);
            let slot = if is_over { &mut r.over } else { &mut r.up_to };
            if slot.is_some() {
                return Err(format!(
                    "{t:?}: {} has two {} bounds",
                    measure_name(m),
                    if is_over { "`>`" } else { "`<=`" }
                ));
            }
            *slot = Some(v);
            continue;
        }
        let Some((key, value)) = t.split_once('=') else {
            return Err(format!("{t:?} is not a condition term (see the Readme sheet)"));
        };
        let value = value.trim();
        match super::norm(key).as_str() {
            "zones" | "zone" => set(&mut c.zones, items(value), "zones")?,
            "destin" => set(&mut c.dest_in, value.to_string(), "destIn")?,
            "destnotin" => set(&mut c.dest_not_in, value.to_string(), "destNotIn")?,
            "options" | "option" => set(&mut c.options, items(value), "options")?,
            "packaging" => set(&mut c.packaging, items(value), "packaging")?,
            _ => {
                return Err(format!(
                    "{:?} is not a condition (use residential, commercial, zones=, destIn=, destNotIn=, options=, packaging=, a measure with > or <=, any(…))",
                    key.trim()
                ))
            }
        }
    }
    Ok(c)
}

fn set<T>(slot: &mut Option<T>, v: T, name: &str) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("`{name}` is given twice"));
    }
    *slot = Some(v);
    Ok(())
}

fn measure_list() -> String {
    MEASURES.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(json: &str) {
        let c: Condition = serde_json::from_str(json).unwrap();
        let text = to_text(&c).unwrap();
        let back = parse(&text).unwrap();
        assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&c).unwrap(), "{text}");
    }

    #[test]
    fn text_round_trips() {
        round_trip(r#"{"residential": true}"#);
        round_trip(r#"{"residential": false, "zones": ["2", "3"]}"#);
        round_trip(r#"{"length": {"over": "22", "upTo": "30"}}"#);
        round_trip(r#"{"destIn": "das", "destNotIn": "edas"}"#);
        round_trip(r#"{"packaging": ["tube", "roll"], "options": ["signature"]}"#);
        round_trip(
            r#"{"any": [{"weight": {"over": "50"}}, {"length": {"over": "48"}, "width": {"upTo": "30.0"}}, {"any": [{"volume": {"over": "8640"}}]}]}"#,
        );
        round_trip(r#"{}"#);
    }

    #[test]
    fn reads_what_people_type() {
        let c = parse("lengthPlusGirth > 108; LengthPlusGirth <= 130").unwrap();
        let r = c.length_plus_girth.unwrap();
        assert_eq!(r.over.unwrap().to_string(), "108");
        assert_eq!(r.up_to.unwrap().to_string(), "130");
        assert!(parse("weight >= 5").unwrap_err().contains("over"));
        assert!(parse("heft > 5").unwrap_err().contains("not a measure"));
        assert!(parse("weight > abc").unwrap_err().contains("not a number"));
        assert!(parse("any(weight>5").is_err());
        assert!(parse("colour=red").is_err());
        assert_eq!(to_text(&Condition { zones: Some(vec![]), ..Default::default() }), None);
    }
}
