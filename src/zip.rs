//! US ZIP codes: parsing shipment ZIPs, and the patterns cards use to list them
//! (`90210`, ranges `10001-10006`, prefixes `941*`).

use crate::error::{Error, ErrorCode, Result};

/// Most entries (ZIPs, ranges, prefixes) of one ZIP list in a card.
pub const MAX_ZIP_ENTRIES: usize = 100_000;

/// The end of the message for text that is not a ZIP code.
const ZIP_CODE: &str = " is not a ZIP code (expected 12345 or 12345-6789)";

/// `"<s>"<what>`: the messages of the parsers below, from one out-of-line function (see
/// `error::quoted`).
fn not_a(s: &str, what: &str) -> String {
    crate::error::quoted("", s, what)
}

/// A 5-digit ZIP code, kept as a number 0–99999 (leading zeros are significant and are
/// restored when printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Zip5(u32);

impl Zip5 {
    /// Parses `12345`, `12345-6789` or `123456789`; surrounding spaces are ignored.
    pub fn parse(s: &str) -> std::result::Result<Zip5, String> {
        // As bytes: slices of a `str` check that they cut on character boundaries.
        let t = crate::trim(s).as_bytes();
        // The digits after the first five: none, four (`123456789`) or `-` and four; each
        // part checked and folded by the pattern parser's `number` (one out-of-line check).
        let plus4 = match t.len() {
            5 => Some(0),
            9 => t.get(5..).and_then(number),
            10 if t.get(5) == Some(&b'-') => t.get(6..).and_then(number),
            _ => None,
        };
        match (t.get(..5).and_then(number), plus4) {
            (Some(v), Some(_)) => Ok(Zip5(v)),
            _ => Err(not_a(s, ZIP_CODE)),
        }
    }

    /// Parses and wraps the failure as an [`ErrorCode::InvalidZip`] at `path`.
    pub fn parse_at(s: &str, path: &str) -> Result<Zip5> {
        Zip5::parse(s).map_err(|m| Error::new(ErrorCode::InvalidZip, path, m))
    }

    /// From a number 0–99999.
    pub fn from_u32(n: u32) -> Option<Zip5> {
        (n <= 99_999).then_some(Zip5(n))
    }

    /// The number 0–99999.
    pub fn value(self) -> u32 {
        self.0
    }

    /// The 3-digit prefix (sectional centre) as a number 0–999.
    pub fn zip3(self) -> u16 {
        (self.0 / 100) as u16
    }
}

impl crate::json::ToJson for Zip5 {
    fn write_json(&self, out: &mut String) {
        crate::json::append(out, "\"");
        crate::json::write_digits(out, u64::from(self.0), 5);
        crate::json::append(out, "\"");
    }
}

impl crate::error::Part for Zip5 {
    fn put(&self, out: &mut String) {
        crate::json::write_digits(out, u64::from(self.0), 5);
    }
}

impl std::fmt::Display for Zip5 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:05}", self.0)
    }
}

/// One entry of a ZIP list: an inclusive range of ZIP5 values and how specific it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipPattern {
    /// First ZIP5 covered.
    pub first: u32,
    /// Last ZIP5 covered (inclusive).
    pub last: u32,
    /// 2 for a single ZIP5, 1 for a range, 0 for a prefix: the most specific wins.
    pub specificity: u8,
}

impl ZipPattern {
    /// Parses `12345`, `12345-12399` or a prefix of 1–4 digits followed by `*`.
    pub fn parse(s: &str) -> std::result::Result<ZipPattern, String> {
        // One error exit: each refusal gives its message's end.
        let what = 'bad: {
            let t = crate::trim(s);
            if let Some(prefix) = t.strip_suffix('*') {
                // The ZIPs a prefix of 1 to 4 digits covers, 10^(5 - digits), from a table (a
                // power computed at run time was a loop); no entry for 5 digits (no prefix).
                const WIDTH: [u16; 5] = [1, 10_000, 1_000, 100, 10];
                return match (number(prefix.as_bytes()), WIDTH.get(prefix.len())) {
                    (Some(p), Some(&scale)) => {
                        let scale = u32::from(scale);
                        Ok(ZipPattern { first: p * scale, last: p * scale + scale - 1, specificity: 0 })
                    }
                    _ => break 'bad " is not a ZIP prefix (1 to 4 digits then *)",
                };
            }
            if let Some((a, b)) = crate::split_once_ascii(t, b'-') {
                let (Some(first), Some(last)) = (five(a.as_bytes()), five(b.as_bytes())) else {
                    break 'bad " is not a ZIP range (12345-12399)";
                };
                if first > last {
                    break 'bad " is a ZIP range that ends before it starts";
                }
                return Ok(ZipPattern { first, last, specificity: 1 });
            }
            match five(t.as_bytes()) {
                Some(v) => return Ok(ZipPattern { first: v, last: v, specificity: 2 }),
                None => " is not a ZIP code, range (12345-12399) or prefix (941*)",
            }
        };
        Err(not_a(s, what))
    }

    /// Parses a whitespace- or comma-separated list of patterns.
    pub fn parse_list(s: &str) -> std::result::Result<Vec<ZipPattern>, String> {
        ZipPattern::parse_counted(s).1
    }

    /// [`ZipPattern::parse_list`] and the number of entries of the list, all of them, those
    /// after a bad one included. One pass over one `Split`: `collect` into a `Result`
    /// through `filter` and `map` cost 1.9 KB of adapter code in wasm, a second pass
    /// counting the entries 0.3 KB.
    pub fn parse_counted(s: &str) -> (usize, std::result::Result<Vec<ZipPattern>, String>) {
        let mut n = 0;
        let mut out = Ok(Vec::new());
        // The pieces between separators (white space or commas, see `crate::whitespace`),
        // found by bytes a character at a time: `str::split` with a `char` predicate
        // decoded each character through its searcher (about 0.3 KB more of wasm).
        let b = s.as_bytes();
        let (mut start, mut i) = (0, 0);
        while i <= b.len() {
            let rest = b.get(i..).unwrap_or_default();
            let sep = match rest.first() {
                None | Some(b',') => 1,
                Some(_) => crate::whitespace(rest),
            };
            if sep == 0 {
                // Past the character (its length from its lead byte).
                i += match rest.first() {
                    Some(&x) if x < 0x80 => 1,
                    Some(&x) if x < 0xE0 => 2,
                    Some(&x) if x < 0xF0 => 3,
                    _ => 4,
                };
                continue;
            }
            // (Cut as bytes: see `json::utf8`.)
            let p = crate::json::utf8(b.get(start..i));
            i += sep;
            start = i;
            if p.is_empty() {
                continue;
            }
            n += 1;
            if let Ok(list) = &mut out {
                match ZipPattern::parse(p) {
                    Ok(pat) => list.push(pat),
                    Err(m) => out = Err(m),
                }
            }
        }
        (n, out)
    }
}

/// Sorts `keys` in increasing order: the one sort of card compilation (ZIP spans, chart
/// exceptions, hub patterns), each packing what it orders by into a `u64`, out of line so
/// that the module has one copy of the sort where each caller inlined its own.
#[inline(never)]
pub(crate) fn sort_keys(keys: &mut [u64]) {
    keys.sort_unstable();
}

/// The number written by `digits` when they are 1 to 5 ASCII digits (so no overflow), else
/// `None`: the one check and fold of the pattern parser's pieces, out of line, where each
/// piece inlined a check and a fold of its own.
#[inline(never)]
pub(crate) fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let mut v = 0u32;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// [`number`] for exactly 5 digits (a ZIP).
fn five(digits: &[u8]) -> Option<u32> {
    number(digits).filter(|_| digits.len() == 5)
}

/// A set of ZIP5s as a bitmap (12.5 KB): constant-time membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipSet {
    bits: Vec<u64>,
}

impl ZipSet {
    /// An empty set.
    pub fn new() -> ZipSet {
        ZipSet { bits: vec![0; 100_000_usize.div_ceil(64)] }
    }

    /// A set of every ZIP the patterns cover. Overlapping patterns are merged first, so
    /// the cost is O(n log n + 100,000 / 64) however wide and repetitive they are.
    pub fn from_patterns(patterns: &[ZipPattern]) -> ZipSet {
        // Each span (first, last) packed in one `u64`, which orders as the pair does: the
        // one sort of card compilation (see [`sort_keys`]).
        // Extended from empty (the shared reserve code), not collected (an allocation inlined).
        let mut spans: Vec<u64> = Vec::new();
        spans.extend(patterns.iter().map(|p| u64::from(p.first) << 32 | u64::from(p.last.min(99_999))));
        sort_keys(&mut spans);
        let mut set = ZipSet::new();
        // The span being merged, `x..=y`; none before the first (1..=0, which sets nothing).
        let (mut x, mut y): (u32, u32) = (1, 0);
        for (a, b) in spans.into_iter().map(|k| ((k >> 32) as u32, k as u32)) {
            if x <= y && a <= y.saturating_add(1) {
                y = y.max(b);
            } else {
                set.set_range(x, y, true);
                (x, y) = (a, b);
            }
        }
        set.set_range(x, y, true);
        set
    }

    /// Sets (or clears) the ZIPs `first..=last`, a 64-bit word at a time.
    fn set_range(&mut self, first: u32, last: u32, on: bool) {
        let last = last.min(99_999);
        if first > last {
            return;
        }
        let (fw, lw) = (first / 64, last / 64);
        for w in fw..=lw {
            let lo = if w == fw { first % 64 } else { 0 };
            let hi = if w == lw { last % 64 } else { 63 };
            let mask = (u64::MAX >> (63 - (hi - lo))) << lo;
            if let Some(x) = self.bits.get_mut(w as usize) {
                if on {
                    *x |= mask;
                } else {
                    *x &= !mask;
                }
            }
        }
    }

    /// Adds every ZIP the pattern covers.
    pub fn insert(&mut self, p: &ZipPattern) {
        self.set_range(p.first, p.last, true);
    }

    /// Removes every ZIP the pattern covers.
    pub fn remove(&mut self, p: &ZipPattern) {
        self.set_range(p.first, p.last, false);
    }

    /// Membership.
    pub fn contains(&self, z: Zip5) -> bool {
        self.bits.get((z.0 / 64) as usize).is_some_and(|w| w & (1u64 << (z.0 % 64)) != 0)
    }

    /// Number of ZIPs in the set.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// No ZIP in the set.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }
}

impl Default for ZipSet {
    fn default() -> Self {
        ZipSet::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_forms() {
        assert_eq!(Zip5::parse("90210").unwrap().to_string(), "90210");
        assert_eq!(Zip5::parse(" 02134-1234 ").unwrap().to_string(), "02134");
        assert_eq!(Zip5::parse("021341234").unwrap().value(), 2134);
        assert_eq!(Zip5::parse("00501").unwrap().zip3(), 5);
        for bad in ["", "9021", "902100", "90a10", "02134-12", "02134_1234", "-9021", "9021 0"] {
            assert!(Zip5::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    /// The entries of a list are the pieces `str::split` gives with `char::is_whitespace`
    /// and commas as separators, empty ones left out: the same count, patterns and error.
    #[test]
    fn lists_split_as_str_split_on_white_space_and_commas() {
        let reference = |s: &str| {
            let pieces: Vec<&str> =
                s.split(|c: char| c.is_whitespace() || c == ',').filter(|p| !p.is_empty()).collect();
            let parsed: std::result::Result<Vec<ZipPattern>, String> =
                pieces.iter().map(|p| ZipPattern::parse(p)).collect();
            (pieces.len(), parsed)
        };
        // Separators: ASCII and Unicode white space (one to three bytes), commas; and
        // characters that are not white space, some whose bytes look like it from the
        // middle (U+2085 is E2 82 85: 82 85 read as two bytes would be U+0085).
        let parts = [
            "94105",
            "941*",
            "10001-10006",
            ",",
            " ",
            "\t",
            "\n",
            "\u{b}",
            "\u{c}",
            "\r",
            "\u{85}",
            "\u{a0}",
            "\u{1680}",
            "\u{2000}",
            "\u{200a}",
            "\u{2028}",
            "\u{2029}",
            "\u{202f}",
            "\u{205f}",
            "\u{3000}",
            "\u{2085}",
            "\u{1c}",
            "é",
            "\u{1f600}",
            "x",
            "\u{200b}",
            "\u{feff}",
        ];
        let mut texts = vec![String::new()];
        for (i, a) in parts.iter().enumerate() {
            for b in &parts {
                for c in [parts[(i * 7 + 3) % parts.len()], parts[(i * 5 + 1) % parts.len()]] {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("02134{a}{b}941*{c}99999"));
                }
            }
        }
        for t in &texts {
            assert_eq!(ZipPattern::parse_counted(t), reference(t), "{t:?}");
        }
    }

    #[test]
    fn patterns() {
        assert_eq!(ZipPattern::parse("941*").unwrap(), ZipPattern { first: 94100, last: 94199, specificity: 0 });
        // Every prefix width, from hand: 1 to 4 digits, and neither none nor 5.
        for (t, first, last) in [("9*", 90000, 99999), ("02*", 2000, 2999), ("123*", 12300, 12399), ("0001*", 10, 19)] {
            assert_eq!(ZipPattern::parse(t).unwrap(), ZipPattern { first, last, specificity: 0 }, "{t}");
        }
        for t in ["*", "12345*", "1a*"] {
            assert_eq!(ZipPattern::parse(t).unwrap_err(), format!("{t:?} is not a ZIP prefix (1 to 4 digits then *)"));
        }
        assert_eq!(ZipPattern::parse("10001-10006").unwrap(), ZipPattern { first: 10001, last: 10006, specificity: 1 });
        assert_eq!(ZipPattern::parse("02134").unwrap().first, 2134);
        assert!(ZipPattern::parse("10006-10001").is_err());
        assert!(ZipPattern::parse("94*1").is_err());
        assert!(ZipPattern::parse("12345*").is_err());
    }

    #[test]
    fn a_list_counts_every_entry_and_fails_on_its_first_bad_one() {
        let (n, r) = ZipPattern::parse_counted(" 941*,, 10001-10006 x 9 02134,");
        assert_eq!(n, 5);
        assert_eq!(r.unwrap_err(), "\"x\" is not a ZIP code, range (12345-12399) or prefix (941*)");
        let (n, r) = ZipPattern::parse_counted("941*, 02134\t10001-10006");
        assert_eq!(n, 3);
        assert_eq!(r.unwrap().len(), 3);
        assert_eq!(ZipPattern::parse_counted(" , "), (0, Ok(Vec::new())));
    }

    #[test]
    fn set_membership() {
        let mut s = ZipSet::new();
        for p in ZipPattern::parse_list("941*, 10001-10003 99999").unwrap() {
            s.insert(&p);
        }
        s.remove(&ZipPattern::parse("94105").unwrap());
        assert!(s.contains(Zip5::parse("94110").unwrap()));
        assert!(!s.contains(Zip5::parse("94105").unwrap()));
        assert!(s.contains(Zip5::parse("99999").unwrap()));
        assert_eq!(s.len(), 100 - 1 + 3 + 1);
    }

    #[test]
    fn word_fills_match_zip_by_zip() {
        let pats = ZipPattern::parse_list("00000-00063 00064 00070-00200 941* 99990-99999 1* 10000-10001").unwrap();
        let fast = ZipSet::from_patterns(&pats);
        let mut slow = ZipSet::new();
        for p in &pats {
            for z in p.first..=p.last {
                slow.bits[(z / 64) as usize] |= 1 << (z % 64);
            }
        }
        assert_eq!(fast, slow);
        let mut s = ZipSet::from_patterns(&ZipPattern::parse_list("00000-99999").unwrap());
        assert_eq!(s.len(), 100_000);
        s.remove(&ZipPattern::parse("00063-00128").unwrap());
        assert_eq!(s.len(), 100_000 - 66);
        assert!(!s.contains(Zip5(64)) && s.contains(Zip5(62)) && s.contains(Zip5(129)));
    }
}
