//! Card integrity: a content hash over the card's canonical JSON form.
//!
//! The canonical form is the card re-serialised by zonerate (fields in format order,
//! maps sorted, no whitespace) without its own `hash` field, so formatting and key order
//! in the file do not change the hash, while any change of meaning does.

use crate::card::format::CardDoc;

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
    const DIGITS: &str = "0123456789abcdef";
    // Reserved after it is made: `with_capacity` inlined an allocation of its own.
    let mut s = String::new();
    s.reserve(71);
    crate::json::append(&mut s, "sha256:");
    for mut w in sha256(bytes) {
        for _ in 0..8 {
            // Each digit, the most significant first (rotated to the bottom), as a
            // one-byte slice of `DIGITS` (a `push` of a char inlines its UTF-8 encoder).
            w = w.rotate_left(4);
            let d = (w & 15) as usize;
            crate::json::append(&mut s, DIGITS.get(d..d + 1).unwrap_or("0"));
        }
    }
    s
}

/// SHA-256 of `bytes` (its eight words; the digest is each in big-endian order), in one
/// call: sha2's compression function over the padded message (FIPS 180-4, 5.1.1: the
/// bytes, `0x80`, zeros, the length in bits as a 64-bit big-endian number, to a whole
/// number of 64-byte blocks), each block filled byte by byte by one loop. Every hash
/// zonerate takes is of one text it has whole, so the `Digest` API's streaming buffer
/// (and its panic paths) is not needed.
fn sha256(bytes: &[u8]) -> [u32; 8] {
    use sha2::digest::{generic_array::GenericArray, typenum::U64};
    // The initial hash value (FIPS 180-4, 5.3.3).
    let mut state: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let len = bytes.len();
    // The padded length: the least multiple of 64 with room for `0x80` and the length.
    let end = (len + 72) & !63;
    let bits = (len as u64).wrapping_mul(8);
    let mut block = GenericArray::<u8, U64>::default();
    let mut at = 0;
    while at < end {
        for b in block.iter_mut() {
            *b = match bytes.get(at) {
                Some(&b) => b,
                None if at == len => 0x80,
                // The last 8 bytes: the length, most significant byte first.
                None => match end - at {
                    k @ 1..=8 => bits.wrapping_shr(8 * (k as u32 - 1)) as u8,
                    _ => 0,
                },
            };
            at += 1;
        }
        sha2::compress256(&mut state, std::slice::from_ref(&block));
    }
    state
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

    #[test]
    fn sha256_is_the_digest_crates_at_every_padding_length() {
        use sha2::{Digest, Sha256};
        // FIPS 180-4 examples (one and two blocks), then every length around the block
        // and padding boundaries against the `Digest` API.
        assert_eq!(
            super::sha256_hex(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            super::sha256_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let text: Vec<u8> = (0..400u32).map(|i| (i * 7 + 3) as u8).collect();
        for n in 0..text.len() {
            let want = format!("sha256:{}", super::hex(&Sha256::digest(&text[..n])));
            assert_eq!(super::sha256_hex(&text[..n]), want, "{n} bytes");
        }
    }
}
