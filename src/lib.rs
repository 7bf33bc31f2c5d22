//! zonerate: exact last-mile shipping rates from compact JSON rate cards.
//!
//! The rating core is plain Rust with no WebAssembly in it; `wasm.rs` is the only
//! binding and is compiled for `wasm32` targets alone. Start with [`RateEngine`]:
//!
//! ```
//! use zonerate::{RateEngine, Date};
//! let mut engine = RateEngine::new();
//! engine.add_card_json(include_str!("../cards/usps/usps-zones.json")).unwrap();
//! engine.add_card_json(include_str!("../cards/usps/usps-2025-10-05.json")).unwrap();
//! let today: Date = "2025-11-03".parse().unwrap();
//! let shipment = zonerate::shipment_from_json(
//!     r#"{"from":"85027","to":"90210","weight":"2.5lb"}"#, today).unwrap();
//! let result = engine.quote(&shipment).unwrap();
//! assert!(!result.quotes.is_empty());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// A panic in wasm kills the instance for every later caller: library code may not
// unwrap, expect, panic or index unchecked. Tests may.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unreachable)
)]

pub mod api;
pub mod billable;
pub mod card;
pub mod conditions;
pub mod date;
pub mod diff;
pub mod engine;
pub mod error;
pub mod integrity;
pub mod json;
pub mod jsonpath;
pub mod limits;
pub mod markup;
pub mod parcel;
pub mod pricing;
pub mod quote;
pub mod reconcile;
pub mod rounding;
pub mod shipment;
pub mod surcharge;
pub mod tape;
pub mod units;
pub mod validate;
pub mod vecmap;
pub mod verify;
pub mod workbook;
pub mod zip;
pub mod zones;

#[cfg(target_arch = "wasm32")]
mod wasm;
// The 128-bit intrinsics of the multi-value build (scripts/build-wasm.sh): named here so
// that the crate is linked.
#[cfg(all(target_arch = "wasm32", zonerate_mv_abi))]
use zonerate_mv_intrinsics as _;

pub use card::format::CardDoc;
pub use date::Date;
pub use engine::{CardSummary, RateEngine};
pub use error::{Error, ErrorCode, Result};
pub use quote::{Line, Money, Quote, QuoteResult, Unavailable};
pub use shipment::{shipment_from_json, Shipment, ShipmentInput};
pub use units::{LengthUnit, WeightUnit};

/// `s.trim()`, for the text of cards and shipments: `s` itself when it starts and ends with
/// a printable ASCII character (nothing to trim), which it nearly always does. V8 compiles a
/// wasm function whole on its first call, so loading a card does not compile the rest.
/// Otherwise Unicode whitespace is trimmed, as `str::trim` trims it (U+3000 from Chinese
/// input, say): `str::trim` decodes characters both ways and looks each up in a table
/// (0.7 KB of wasm), where the 25 whitespace characters are a few patterns of bytes. The
/// shipment's fields (units, sides, amounts) and the batch's lines are trimmed here too.
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => trim_whitespace(s),
    }
}

/// `s.trim()`, out of line (see [`trim`]).
#[inline(never)]
fn trim_whitespace(s: &str) -> &str {
    let b = s.as_bytes();
    let (mut start, mut end) = (0, b.len());
    while start < end {
        let n = whitespace(b.get(start..end).unwrap_or_default());
        if n == 0 {
            break;
        }
        start += n;
    }
    while start < end {
        // The last character starts at its lead byte, the last byte that is not a
        // continuation byte (`10xxxxxx`).
        let mut k = end - 1;
        while k > start && b.get(k).is_some_and(|c| c & 0xC0 == 0x80) {
            k -= 1;
        }
        if whitespace(b.get(k..end).unwrap_or_default()) == 0 {
            break;
        }
        end = k;
    }
    // (Cut as bytes: see `json::utf8`.)
    json::utf8(b.get(start..end))
}

/// The length in UTF-8 of the character that the UTF-8 text `b` starts with if it is
/// whitespace (`char::is_whitespace`: U+0009 to U+000D, U+0020, U+0085, U+00A0, U+1680,
/// U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000; none is longer than three
/// bytes), else 0.
pub(crate) fn whitespace(b: &[u8]) -> usize {
    let (c, n) = match *b {
        [x, ..] if x < 0x80 => (u32::from(x), 1),
        [x, y, ..] if x < 0xE0 => ((u32::from(x) & 0x1F) << 6 | (u32::from(y) & 0x3F), 2),
        [x, y, z, ..] if x < 0xF0 => {
            ((u32::from(x) & 0x0F) << 12 | (u32::from(y) & 0x3F) << 6 | (u32::from(z) & 0x3F), 3)
        }
        _ => return 0,
    };
    let space = matches!(c, 0x09..=0x0D | 0x20 | 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000);
    if space {
        n
    } else {
        0
    }
}

/// The index of `s` in `list`. Out of line: conditions, charges, billable rules, markups,
/// price and zone tables and the quote's filters look up zone labels, options, carriers
/// and codes this way, one call rather than a loop at each place.
#[inline(never)]
pub(crate) fn index_of(list: &[String], s: &str) -> Option<usize> {
    list.iter().position(|x| x == s)
}

/// Whether `list` holds `s` (see [`index_of`]).
pub(crate) fn listed(list: &[String], s: &str) -> bool {
    index_of(list, s).is_some()
}

/// `s.split(sep)` for an ASCII `sep` (`,`, a newline), by bytes: `str`'s char searcher
/// (0.6 KB of wasm) encodes the character and looks for its last byte with a fast scan
/// the batch lines and ZIP ranges, short texts, do not need.
pub(crate) fn split_ascii(s: &str, sep: u8) -> SplitAscii<'_> {
    SplitAscii { rest: Some(s), sep }
}

/// `s.split_once(sep)` for an ASCII `sep` (see [`split_ascii`]).
pub(crate) fn split_once_ascii(s: &str, sep: u8) -> Option<(&str, &str)> {
    let mut pieces = split_ascii(s, sep);
    let first = pieces.next()?;
    Some((first, pieces.rest?))
}

/// The pieces of [`split_ascii`].
pub(crate) struct SplitAscii<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for SplitAscii<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        // `sep` is ASCII, so its byte is never inside a longer character: the piece and
        // what follows the separator are both on character boundaries.
        match s.bytes().position(|b| b == self.sep) {
            Some(i) => {
                self.rest = s.get(i + 1..);
                s.get(..i)
            }
            None => self.rest.take(),
        }
    }
}

#[cfg(test)]
mod tests {
    /// `split_ascii` is `str::split` for every ASCII separator over texts with empty
    /// pieces, separators at both ends and characters of every length.
    #[test]
    fn split_ascii_is_str_split() {
        for sep in 0u8..0x80 {
            let c = char::from(sep);
            for s in [
                String::new(),
                c.to_string(),
                format!("{c}{c}"),
                format!("a{c}b"),
                format!("{c}é{c}{c}東京{c}"),
                format!("85027,10001{c}2.5lb{c}\n{c}👍{c}x"),
                "no separator here: é 東京 👍".replace(c, ""),
            ] {
                let want: Vec<&str> = s.split(c).collect();
                let got: Vec<&str> = super::split_ascii(&s, sep).collect();
                assert_eq!(got, want, "{s:?} by {c:?}");
                assert_eq!(super::split_once_ascii(&s, sep), s.split_once(c), "{s:?} by {c:?}");
            }
        }
    }

    /// `trim` is `str::trim` for every character alone, around text, doubled and mixed.
    #[test]
    fn trim_is_str_trim() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("{c}a{c}"),
                format!("{c}{c}ab"),
                format!("a b{c}{c}"),
                format!(" {c}\u{3000}x{c}\u{85}"),
            ] {
                assert_eq!(super::trim(&s), s.trim(), "U+{:04X}", c as u32);
            }
        }
        for s in
            ["", " ", "\u{3000}", "a", "\u{3000}85027\u{3000}", "\u{2028}\u{2029} \u{a0}x\u{1680}", "é", "\u{202f}"]
        {
            assert_eq!(super::trim(s), s.trim(), "{s:?}");
        }
    }
}
