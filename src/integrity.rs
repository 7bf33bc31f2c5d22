//! Card integrity: a content hash over the card's canonical JSON form.
//!
//! The canonical form is the card re-serialised by zonerate (fields in format order,
//! maps sorted, no whitespace) without its own `hash` field, so formatting and key order
//! in the file do not change the hash, while any change of meaning does.

use crate::card::format::CardDoc;
use std::sync::atomic::{AtomicU32, Ordering};

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
            // one-byte slice of `DIGITS` (a `push` of a char inlines its UTF-8 encoder), made
            // text by the shared `json::utf8` (a slice of the `str` checked both ends).
            w = w.rotate_left(4);
            let d = (w & 15) as usize;
            crate::json::append(&mut s, crate::json::utf8(DIGITS.as_bytes().get(d..d + 1)));
        }
    }
    s
}

/// SHA-256's initial hash value and round constants (FIPS 180-4, 5.3.3 and 4.2.2): the
/// first 32 bits of the fractional parts of the square roots of the first 8 primes (`H(0)`,
/// 8 words), then of the cube roots of the first 64 primes (`K`, 64 words). Computed on
/// first use, where the table was 288 bytes of data deflate could not shrink (about
/// −0.2 KB gzipped). The roots are taken in `f64`, whose `+ - * /` and `sqrt` are exactly
/// rounded, the same on every platform (IEEE 754; WebAssembly's are too): a test checks
/// every word against the standard's table. Kept in atomics, zero until computed (plain
/// loads and stores in the single-threaded WebAssembly build, where a `OnceLock` inlined
/// its state machine and two copies of the table): the last word, never zero, is written
/// last, so a thread that reads it set reads the others set (two threads computing at
/// once write the same values).
fn constants() -> &'static [AtomicU32; 72] {
    static WORDS: [AtomicU32; 72] = [const { AtomicU32::new(0) }; 72];
    if WORDS.last().is_some_and(|w| w.load(Ordering::Acquire) == 0) {
        compute(&WORDS);
    }
    &WORDS
}

#[inline(never)]
fn compute(words: &[AtomicU32; 72]) {
    // The first 32 bits of the fraction of a root (below 2^21: the integer part is
    // shifted out of the low 32 bits).
    let frac = |r: f64| (r * 4294967296.0) as u64 as u32;
    let mut n = 1u32;
    for j in 0..64 {
        // The next prime: no divisor up to its square root.
        loop {
            n += 1;
            let mut d = 2;
            while d * d <= n && n % d != 0 {
                d += 1;
            }
            if d * d > n {
                break;
            }
        }
        let x = f64::from(n);
        if let Some(h) = words.get(j).filter(|_| j < 8) {
            h.store(frac(x.sqrt()), Ordering::Relaxed);
        }
        // Newton's method for the cube root, from above (every step stays above it).
        let mut r = x;
        for _ in 0..24 {
            r = (r + r + x / (r * r)) / 3.0;
        }
        if let Some(k) = words.get(8 + j) {
            k.store(frac(r), Ordering::Release);
        }
    }
}

/// SHA-256 of `bytes` (its eight words; the digest is each in big-endian order), in one
/// call: FIPS 180-4's compression over the padded message (5.1.1: the bytes, `0x80`,
/// zeros, the length in bits as a 64-bit big-endian number, to a whole number of 64-byte
/// blocks). One loop per block does the 64 rounds, each taking its word of the message
/// schedule as it goes (the first 16 read from the padded text, big-endian, the others
/// computed; 16 kept, word `t` in place `t mod 16`), where sha2's compression filled a
/// block, converted it to words, then computed the whole schedule first. Every hash
/// zonerate takes is of one text it has whole: no streaming buffer.
fn sha256(bytes: &[u8]) -> [u32; 8] {
    let (h, k) = constants().split_at(8);
    // The initial hash value.
    let mut state = [0u32; 8];
    for (s, h) in state.iter_mut().zip(h) {
        *s = h.load(Ordering::Relaxed);
    }
    let len = bytes.len();
    // The padded length: the least multiple of 64 with room for `0x80` and the length.
    let end = (len + 72) & !63;
    let bits = (len as u64).wrapping_mul(8);
    // The schedule's last 16 words (word `t` at `t & 15`).
    let mut w = [0u32; 16];
    let mut at = 0;
    while at < end {
        let mut v = state;
        for (t, k) in k.iter().enumerate() {
            let word = |i: usize| w.get(i & 15).copied().unwrap_or(0);
            let x = if t < 16 {
                let mut x = 0u32;
                for _ in 0..4 {
                    let b = match bytes.get(at) {
                        Some(&b) => b,
                        None if at == len => 0x80,
                        // The last 8 bytes: the length, most significant byte first (the
                        // zeros before them: shifted out, by 64 bits or more).
                        None => bits.checked_shr(8 * (end - at - 1) as u32).unwrap_or(0) as u8,
                    };
                    x = x << 8 | u32::from(b);
                    at += 1;
                }
                x
            } else {
                let (w15, w2) = (word(t + 1), word(t + 14));
                let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
                let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
                word(t).wrapping_add(s0).wrapping_add(word(t + 9)).wrapping_add(s1)
            };
            if let Some(slot) = w.get_mut(t & 15) {
                *slot = x;
            }
            let [a, b, c, d, e, f, g, h] = v;
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = h.wrapping_add(s1).wrapping_add(ch).wrapping_add(k.load(Ordering::Relaxed)).wrapping_add(x);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            v = [t1.wrapping_add(s0.wrapping_add(maj)), a, b, c, d.wrapping_add(t1), e, f, g];
        }
        for (s, x) in state.iter_mut().zip(v) {
            *s = s.wrapping_add(x);
        }
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
    fn constants_are_the_standards() {
        // FIPS 180-4, 4.2.2 and 5.3.3.
        const K: [u32; 64] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
            0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
            0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
            0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
            0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
            0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
            0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2,
        ];
        const H: [u32; 8] =
            [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
        let words: Vec<u32> = super::constants().iter().map(|w| w.load(std::sync::atomic::Ordering::Relaxed)).collect();
        assert_eq!(words[..8], H);
        assert_eq!(words[8..], K);
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
