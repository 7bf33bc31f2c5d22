//! The path of the field at a position of a JSON text (`services[0].table.rows[3].step`).
//!
//! serde_json reports where parsing stopped (line and column), not which field it was
//! reading. Rather than wrapping every deserializer to track the path (which doubles the
//! generated code, a third of the WebAssembly module), the path is recovered after a
//! failure by scanning the text up to that position: one small loop, run only on errors.

/// One open container while scanning.
enum Frame<'t> {
    /// An object: the key of the member being read (as written: decoded only if it is in
    /// the path given), and whether a key is expected next.
    Object { key: Option<&'t str>, expect_key: bool },
    /// An array: the index of the element being read.
    Array { index: usize },
}

/// Byte offset of a 1-based line and column (columns count characters).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = l.char_indices().nth(column.saturating_sub(1)).map_or(l.len(), |(b, _)| b);
            return off + col;
        }
        off += l.len();
    }
    text.len()
}

/// The path of the value being read at byte offset `at`. With `object_only`, the path
/// of the innermost object there (for "missing field" errors, which belong to the object).
pub fn path_at(text: &str, at: usize, object_only: bool) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < at.min(bytes.len()) {
        let c = bytes.get(i).copied().unwrap_or(b' ');
        match c {
            b'"' => {
                // A string: find its end (escapes skipped), decode it if it is a key.
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() {
                    match bytes.get(j) {
                        Some(b'\\') => j += 2,
                        Some(b'"') => break,
                        _ => j += 1,
                    }
                }
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        // (Cut as bytes: see `json::utf8`.)
                        *key = Some(crate::json::utf8(bytes.get(start..j.min(bytes.len()))));
                        *expect_key = false;
                    }
                }
                i = j + 1;
                continue;
            }
            // One `push` (each inlines its growth) for both kinds of container.
            b'{' | b'[' => stack.push(if c == b'{' {
                Frame::Object { key: None, expect_key: true }
            } else {
                Frame::Array { index: 0 }
            }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    if object_only {
        if let Some(Frame::Object { key, .. }) = stack.last_mut() {
            *key = None;
        }
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object { key: Some(raw), expect_key: false } => {
                if !path.is_empty() {
                    crate::json::append(&mut path, ".");
                }
                crate::json::push_unescaped(&mut path, raw);
            }
            Frame::Object { .. } => {}
            Frame::Array { index } => {
                crate::json::append(&mut path, "[");
                crate::json::write_digits(&mut path, *index as u64, 1);
                crate::json::append(&mut path, "]");
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str) -> String {
        path_at(text, text.find(marker).unwrap(), false)
    }

    #[test]
    fn paths_inside_objects_and_arrays() {
        let t = r#"{"services": [{"code": "a"}, {"table": {"rows": [{"upTo": "1"}, {"step": "X"}]}}]}"#;
        assert_eq!(at(t, "X\""), "services[1].table.rows[1].step");
        assert_eq!(at(t, "\"a\""), "services[0].code");
        assert_eq!(path_at(t, t.find("\"code\"").unwrap(), false), "services[0]");
        assert_eq!(path_at(t, t.find("}]}}]}").unwrap(), true), "services[1].table.rows[1]");
    }

    #[test]
    fn keys_with_escapes_and_commas_in_strings() {
        let t = r#"{"a,b": "x,y", "c": ["p", "q\"]", "Z"]}"#;
        assert_eq!(at(t, "Z"), "c[2]");
        assert_eq!(at(t, "x,y"), "a,b");
    }

    #[test]
    fn keys_are_decoded_unless_invalid() {
        let t = r#"{"a\"b\u00e9": {"c\qd": ["p", "Z"]}}"#;
        assert_eq!(at(t, "Z"), "a\"b\u{e9}.c\\qd[1]");
    }

    #[test]
    fn line_and_column_to_offset() {
        let t = "{\n  \"a\": 1,\n  \"b\": x\n}";
        let off = offset_of(t, 3, 8);
        assert_eq!(&t[off..off + 1], "x");
    }
}
