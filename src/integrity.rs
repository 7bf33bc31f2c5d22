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
    if doc.hash.is_none() {
        // Nothing to leave out: no copy of a (possibly large) card.
        return serde_json::to_string(doc).unwrap_or_default();
    }
    let mut d = doc.clone();
    d.hash = None;
    serde_json::to_string(&d).unwrap_or_default()
}

/// `sha256:<hex>` of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

/// `sha256:<hex>` of the canonical form.
pub fn card_hash(doc: &CardDoc) -> String {
    // Streams the canonical JSON into the hasher: no text is built, and the card is
    // cloned only when it carries a hash to leave out.
    struct Sink(Sha256);
    impl std::io::Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.update(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut sink = Sink(Sha256::new());
    let ok = if doc.hash.is_none() {
        serde_json::to_writer(&mut sink, doc).is_ok()
    } else {
        let mut d = doc.clone();
        d.hash = None;
        serde_json::to_writer(&mut sink, &d).is_ok()
    };
    if !ok {
        return String::new();
    }
    format!("sha256:{}", hex(&sink.0.finalize()))
}
