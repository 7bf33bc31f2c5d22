//! Card JSON layout: serde's pretty form (fields in format order), with every array of
//! numbers or strings folded onto one line, so a card stays readable in a diff and
//! small on the wire.

use serde::Serialize;

pub fn to_json<T: Serialize>(v: &T) -> Result<String, String> {
    let pretty = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    // Arrays of scalars first, then small objects whose members are all one-liners.
    let arrays = fold(&pretty, '[', ']', usize::MAX);
    Ok(fold(&arrays, '{', '}', 160))
}

/// Folds each `open … close` block whose inner lines hold no nested block onto one
/// line, when the result is at most `width` characters.
fn fold(text: &str, open: char, close: char, width: usize) -> String {
    let pretty = text;
    let sep = ", ";
    let lines: Vec<&str> = pretty.lines().collect();
    let mut out = String::with_capacity(pretty.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.ends_with(open) {
            // Look for the closing bracket with only scalars in between.
            let mut j = i + 1;
            let mut items = Vec::new();
            while j < lines.len() {
                let t = lines[j].trim();
                if t.len() <= 2 && t.starts_with(close) {
                    break;
                }
                if t.ends_with('[')
                    || t.ends_with('{')
                    || t.starts_with('{')
                    || t.starts_with('[')
                    || t.starts_with(']')
                    || t.starts_with('}')
                {
                    items.clear();
                    j = usize::MAX;
                    break;
                }
                items.push(t.trim_end_matches(','));
                j += 1;
            }
            let joined = items.join(sep);
            if j != usize::MAX && j < lines.len() && line.len() + joined.len() + 2 <= width {
                out.push_str(line);
                out.push_str(&joined);
                out.push_str(lines[j].trim());
                out.push('\n');
                i = j + 1;
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    out
}
