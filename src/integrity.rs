//! Card integrity: a content hash over the card's canonical JSON form.
//!
//! The canonical form is the card re-serialised by zonerate (fields in format order,
//! maps sorted, no whitespace) without its own `hash` field, so formatting and key order
//! in the file do not change the hash, while any change of meaning does.

use crate::card::format::CardDoc;
use sha2::{Digest, Sha256};

/// Hex digits of a byte string.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 15] {
            s.push(char::from(DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0')));
        }
    }
    s
}

/// The canonical JSON text of a card (without `hash`).
pub fn canonical_json(doc: &CardDoc) -> String {
    let mut out = String::new();
    doc.write_json_with(&mut out, false);
    out
}

/// `sha256:<hex>` of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut s = String::from("sha256:");
    s.push_str(&hex(&Sha256::digest(bytes)));
    s
}

/// `sha256:<hex>` of the canonical form.
pub fn card_hash(doc: &CardDoc) -> String {
    sha256_hex(canonical_json(doc).as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_is_what_format_writes() {
        let all: Vec<u8> = (0..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(super::hex(&all), expected);
        assert_eq!(super::sha256_hex(b""), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
