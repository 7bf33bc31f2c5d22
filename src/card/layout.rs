//! The layout cards are written in (by the generator, `import` and `zones import`):
//! serde's pretty form (fields in format order) with arrays of scalars, and small
//! objects, folded onto one line — readable in a diff, small on the wire.

use serde::Serialize;

/// The card (or any value) as text in the cards' layout, with a final newline.
pub fn to_json<T: Serialize>(v: &T) -> Result<String, String> {
    let pretty = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    let arrays = fold(&pretty, '[', ']', usize::MAX);
    Ok(fold(&arrays, '{', '}', 160))
}

/// Folds each `open … close` block whose inner lines hold no nested block onto one line,
/// when the result is at most `width` characters.
fn fold(text: &str, open: char, close: char, width: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if line.ends_with(open) {
            let mut items = Vec::new();
            let mut end = None;
            for (j, l) in lines.iter().enumerate().skip(i + 1) {
                let t = l.trim();
                if t.len() <= 2 && t.starts_with(close) {
                    end = Some((j, t));
                    break;
                }
                if t.ends_with('[') || t.ends_with('{') || t.starts_with(['{', '[', ']', '}']) {
                    break;
                }
                items.push(t.trim_end_matches(','));
            }
            if let Some((j, closing)) = end {
                let joined = items.join(", ");
                if line.len() + joined.len() + 2 <= width {
                    out.push_str(line);
                    out.push_str(&joined);
                    out.push_str(closing);
                    out.push('\n');
                    i = j + 1;
                    continue;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    out
}
