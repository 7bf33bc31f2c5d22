//! Card integrity: a content hash over the card's canonical JSON form.
//!
//! The canonical form is the card re-serialised by zonerate (fields in format order,
//! maps sorted, no whitespace) without its own `hash` field, so formatting and key order
//! in the file do not change the hash, while any change of meaning does.

use crate::card::format::CardDoc;
use sha2::{Digest, Sha256};

/// Hex digits of a byte string.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
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
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

/// `sha256:<hex>` of the canonical form.
pub fn card_hash(doc: &CardDoc) -> String {
    sha256_hex(canonical_json(doc).as_bytes())
}
