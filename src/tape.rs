//! The compact answer the WebAssembly binding hands to its JS facade: the same quote
//! result as the JSON of `zonerate quote --json`, as a flat list of text fields that the
//! facade (`pkg-template/facade.js`, `readResult`) turns into the same objects, in the
//! same key order.
//!
//! Why: in V8, `JSON.parse` of a 2.9 KB all-services answer costs more than computing
//! it, and building the objects from known shapes with object literals costs about a
//! third of that. The tape is also less than half the bytes to write and to decode.
//!
//! Format: `\x1e` then each field preceded by `\x1f` (unit separator). Strings go as
//! they are, money, weights and dates as their JSON string values, counts and bit masks
//! as decimal integers. If any string would contain `\x1e` or `\x1f` (a card could
//! name a service so, a shipment could carry one into an error message), the tape is
//! written again escaped: it starts with `\x1c` instead, and in its strings each `\x1c`
//! and `\x1f` is `\x1c` followed by that character plus 0x40 (`\`, `_`), which the
//! facade undoes. (`\x1d` starts the binding's errors. JSON, which the facade once took
//! instead, would be a second writer of every answer in the module.)
//!
//! Layout (`n:` a count followed by that many items, `[x]` present when its bit is set):
//! - result: `n:quote n:unavailable`
//! - quote: `bits carrier service serviceName zone weight [dimWeight] [cubicTier] total
//!   currency n:line [transitDays] [estimatedDelivery] card [n:tag] [n:warning] [cost]
//!   [sell] [margin] [n:parcel] [fingerprint]`, bits from [`Q_DIM`] up
//! - weight: `value unit`; line: `code category label amount`
//! - parcel: `bits weight [dimWeight] [cubicTier] total n:line` (bits: dimWeight 1, cubicTier 2)
//! - unavailable: `carrier service code message`
//! - quoteMany: to the end of the tape, `q result` or `e code path message` per shipment

use crate::quote::{Line, Money, Num, ParcelQuote, Quote, QuoteResult, Unavailable, WeightOut};
use crate::rounding::cents;

/// First character of a tape (a JSON text never starts with it).
pub const MARK: char = '\x1e';
/// Field separator.
pub const SEP: char = '\x1f';

/// Bits of a quote's optional fields.
pub const Q_DIM: u32 = 1;
/// `cubicTier`.
pub const Q_CUBIC: u32 = 2;
/// `transitDays`.
pub const Q_TRANSIT: u32 = 4;
/// `estimatedDelivery`.
pub const Q_DELIVERY: u32 = 8;
/// `tags`.
pub const Q_TAGS: u32 = 16;
/// `warnings`.
pub const Q_WARNINGS: u32 = 32;
/// `cost`.
pub const Q_COST: u32 = 64;
/// `sell`.
pub const Q_SELL: u32 = 128;
/// `margin`.
pub const Q_MARGIN: u32 = 256;
/// `parcels`.
pub const Q_PARCELS: u32 = 512;
/// `fingerprint`.
pub const Q_FINGERPRINT: u32 = 1024;

/// First character of an escaped tape (see the module's notes).
pub const ESCAPED: char = '\x1c';

/// A tape being written; `fields` counts the separators written on purpose.
pub struct Tape {
    out: String,
    fields: usize,
    /// Whether strings are escaped (an [`ESCAPED`] tape).
    escape: bool,
}

impl Tape {
    /// An empty tape with room for `capacity` bytes, escaped or not.
    fn new(capacity: usize, escape: bool) -> Tape {
        // (Room made by `reserve`: one allocation, through the shared growth code rather
        // than `with_capacity`'s own.)
        let mut out = String::new();
        out.reserve(capacity);
        // (Through `append`: a `push` inlines its own growth.)
        crate::json::append(&mut out, if escape { "\x1c" } else { "\x1e" });
        Tape { out, fields: 0, escape }
    }

    /// The tape `write` writes, with room for `capacity` bytes first: plain, or escaped
    /// when a string held a separator (then `write` runs twice). Whether one did is one
    /// pass over the whole tape at the end, cheaper than a scan per string.
    /// (`write` as a trait object: one copy of this, and each writer compiled once.)
    #[inline(never)]
    pub fn write(capacity: usize, write: &mut dyn FnMut(&mut Tape) -> crate::Result<()>) -> crate::Result<String> {
        // (One loop for the two ways: one call of `write` and one error path; -98 B raw.)
        let mut escape = false;
        loop {
            let mut t = Tape::new(capacity, escape);
            write(&mut t)?;
            if escape || separators(t.out.as_bytes()) == t.fields + 1 {
                return Ok(t.out);
            }
            escape = true;
        }
    }

    fn sep(&mut self) {
        self.fields += 1;
        self.out.push(SEP);
    }

    /// A string field.
    pub fn str(&mut self, s: &str) {
        self.sep();
        if self.escape {
            self.escaped(s);
        } else {
            self.out.push_str(s);
        }
    }

    /// `s` with `\x1c` and `\x1f` escaped (see the module's notes).
    #[cold]
    #[inline(never)]
    fn escaped(&mut self, s: &str) {
        // (By bytes: both marks are ASCII, so no other character holds their bytes, and the
        // runs between them are cut at characters: taken through `json::utf8`, where a slice
        // of the `str` inlined a check of each end.)
        let b = s.as_bytes();
        let mut from = 0;
        for (i, &c) in b.iter().enumerate() {
            if c == 0x1c || c == 0x1f {
                crate::json::append(&mut self.out, crate::json::utf8(b.get(from..i)));
                crate::json::append(&mut self.out, if c == 0x1c { "\x1c\\" } else { "\x1c_" });
                from = i + 1;
            }
        }
        crate::json::append(&mut self.out, crate::json::utf8(b.get(from..)));
    }

    /// A number field (a count, a bit mask, a number of days). Out of line: one call at
    /// each of its nine sites instead of a separator and a `push_fixed` each (-36 B gzip,
    /// +0.25 % instructions per JS quote).
    #[inline(never)]
    pub fn num(&mut self, n: usize) {
        self.sep();
        match u32::try_from(n) {
            Ok(n) => push_fixed(&mut self.out, n, 0),
            Err(_) => crate::json::write_digits(&mut self.out, n as u64, 1),
        }
    }

    /// An amount, as its JSON string's value: two decimals.
    fn money(&mut self, m: &Money) {
        self.sep();
        let c = cents(m.0);
        match small(&c) {
            Some(n) => push_fixed(&mut self.out, n, 2),
            None => crate::json::write_decimal(&mut self.out, &c),
        }
    }

    /// A weight or size, as its JSON string's value: [`Num::plain`], rounded to four
    /// decimals without trailing zeros, done here in integers when it is small.
    fn number(&mut self, n: &Num) {
        self.sep();
        match small(&n.0) {
            Some(mut m) if n.0.scale() <= 4 => {
                let mut scale = n.0.scale();
                while scale > 0 && m % 10 == 0 {
                    m /= 10;
                    scale -= 1;
                }
                push_fixed(&mut self.out, m, scale);
            }
            _ => crate::json::write_decimal(&mut self.out, &n.plain()),
        }
    }

    fn weight(&mut self, w: &WeightOut) {
        self.number(&w.value);
        self.str(w.unit.as_str());
    }

    fn lines(&mut self, lines: &[Line<'_>]) {
        self.num(lines.len());
        for l in lines {
            self.str(l.code);
            self.str(l.category.as_str());
            self.str(l.label);
            self.money(&l.amount);
        }
    }

    fn strs(&mut self, list: &[&str]) {
        self.num(list.len());
        for s in list {
            self.str(s);
        }
    }

    /// `weight [dimWeight] [cubicTier] total`, as a quote and a parcel both have them.
    fn measures(&mut self, billable: &WeightOut, dim: &Option<WeightOut>, cubic: &Option<Num>, total: &Money) {
        self.weight(billable);
        if let Some(w) = dim {
            self.weight(w);
        }
        if let Some(c) = cubic {
            self.number(c);
        }
        self.money(total);
    }

    fn parcel(&mut self, p: &ParcelQuote<'_>) {
        self.num(usize::from(p.dim_weight.is_some()) | usize::from(p.cubic_tier.is_some()) << 1);
        self.measures(&p.billable_weight, &p.dim_weight, &p.cubic_tier, &p.total);
        self.lines(&p.lines);
    }

    fn quote(&mut self, q: &Quote<'_>) {
        let bit = |on: bool, b: u32| if on { b } else { 0 };
        let bits = bit(q.dim_weight.is_some(), Q_DIM)
            | bit(q.cubic_tier.is_some(), Q_CUBIC)
            | bit(q.transit_days.is_some(), Q_TRANSIT)
            | bit(q.estimated_delivery.is_some(), Q_DELIVERY)
            | bit(!q.tags.is_empty(), Q_TAGS)
            | bit(!q.warnings.is_empty(), Q_WARNINGS)
            | bit(q.cost.is_some(), Q_COST)
            | bit(q.sell.is_some(), Q_SELL)
            | bit(q.margin.is_some(), Q_MARGIN)
            | bit(!q.parcels.is_empty(), Q_PARCELS)
            | bit(q.fingerprint.is_some(), Q_FINGERPRINT);
        self.num(bits as usize);
        self.str(q.carrier);
        self.str(q.service);
        self.str(q.service_name);
        self.str(q.zone);
        self.measures(&q.billable_weight, &q.dim_weight, &q.cubic_tier, &q.total);
        self.str(q.currency);
        self.lines(&q.lines);
        if let Some(d) = q.transit_days {
            self.num(d as usize);
        }
        if let Some(d) = &q.estimated_delivery {
            self.sep();
            d.write_iso(&mut self.out);
        }
        self.str(q.card);
        if !q.tags.is_empty() {
            self.strs(&q.tags);
        }
        if !q.warnings.is_empty() {
            self.strs(&q.warnings);
        }
        // (Each on its own, not a loop over the three: an iterator of an array was a
        // loop with its own state.)
        if let Some(m) = &q.cost {
            self.money(m);
        }
        if let Some(m) = &q.sell {
            self.money(m);
        }
        if let Some(m) = &q.margin {
            self.money(m);
        }
        if !q.parcels.is_empty() {
            self.num(q.parcels.len());
            for p in &q.parcels {
                self.parcel(p);
            }
        }
        if let Some(f) = &q.fingerprint {
            self.str(f);
        }
    }

    fn unavailable(&mut self, u: &Unavailable<'_>) {
        self.str(u.carrier);
        self.str(u.service);
        self.str(&u.code);
        self.str(&u.message);
    }

    /// A whole quote result.
    pub fn result(&mut self, r: &QuoteResult<'_>) {
        self.num(r.quotes.len());
        for q in &r.quotes {
            self.quote(q);
        }
        self.num(r.unavailable.len());
        for u in &r.unavailable {
            self.unavailable(u);
        }
    }
}

/// The mantissa of a decimal that is not negative and fits in 32 bits: the tape's
/// numbers are written in `u32` arithmetic (a `u64` division by 10 is a call to a 128-bit
/// multiplication on wasm32).
fn small(d: &rust_decimal::Decimal) -> Option<u32> {
    u32::try_from(d.mantissa()).ok().filter(|_| !d.is_sign_negative())
}

/// Appends `n` with `scale` digits after a point, as `write_decimal` writes a decimal of
/// that mantissa and scale (`0.05`, `166`), in one `push_str`.
fn push_fixed(out: &mut String, mut n: u32, scale: u32) {
    // 28 decimals at most, a point, a leading zero; a u32 has 10 digits.
    let mut buf = [b'0'; 40];
    let mut i = buf.len();
    let mut written = 0;
    while i > 1 && (n > 0 || written <= scale) {
        if written == scale && scale > 0 {
            i -= 1;
            if let Some(b) = buf.get_mut(i) {
                *b = b'.';
            }
        }
        i -= 1;
        if let Some(b) = buf.get_mut(i) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
        written += 1;
    }
    out.push_str(std::str::from_utf8(buf.get(i..).unwrap_or_default()).unwrap_or_default());
}

/// How many bytes of `text` are U+001E or U+001F, sixteen at a time with WebAssembly's
/// SIMD (when the module is built with it, as scripts/build-wasm.sh does on its main route):
/// a byte is one of them when, with its last bit cleared, it is 0x1E. Half the steps of the
/// word-wide count below (which native builds and a wasm build without SIMD use).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn separators(text: &[u8]) -> usize {
    use core::arch::wasm32::{i8x16_eq, u64x2, u8x16_bitmask, u8x16_splat, v128_and};
    let mut chunks = text.chunks_exact(16);
    let mut n = 0;
    for c in &mut chunks {
        let x = u128::from_le_bytes(<[u8; 16]>::try_from(c).unwrap_or_default());
        let v = u64x2(x as u64, (x >> 64) as u64);
        let marks = i8x16_eq(v128_and(v, u8x16_splat(0xfe)), u8x16_splat(0x1e));
        n += u8x16_bitmask(marks).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&b| b & 0xfe == 0x1e).count()
}

/// How many bytes of `text` are U+001E or U+001F, eight bytes at a time: a byte is one of
/// them when, with its last bit cleared, it is 0x1E; `((x & 0x7f…) + 0x7f…) | x` has the
/// top bit of each byte set exactly where that byte of `x` is not zero.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn separators(text: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const MARKS: u64 = 0x1e1e_1e1e_1e1e_1e1e;
    const LAST_BIT: u64 = 0xfefe_fefe_fefe_fefe;
    let mut chunks = text.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        // An array from the slice, not `copy_from_slice` into one: that is a call per
        // word on wasm32 (and this scan took 8% of a quote).
        let x = (u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or_default()) & LAST_BIT) ^ MARKS;
        let nonzero = ((x & LOW7) + LOW7) | x;
        n += (!nonzero & !LOW7).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&b| b & 0xfe == 0x1e).count()
}

#[cfg(test)]
mod tests {
    #[test]
    fn separators_are_counted_exactly() {
        // Every byte value at every position of a 19-byte text (two words and a tail).
        for b in 0..=255u8 {
            for at in 0..19 {
                let mut t = vec![b'a'; 19];
                t[at] = b;
                t[(at + 7) % 19] = 0x1f;
                let want = t.iter().filter(|&&c| c == 0x1e || c == 0x1f).count();
                assert_eq!(super::separators(&t), want, "byte {b:#x} at {at}");
            }
        }
        assert_eq!(super::separators(&[0x1e; 64]), 64);
        assert_eq!(super::separators(&[0x9e, 0x9f, 0x1c, 0x3e, 0x5f, 0xff, 0x00, 0x1d]), 0);
    }

    use super::*;

    /// The tape of `write`, whichever way it was written.
    fn tape(write: impl FnMut(&mut Tape)) -> String {
        let mut write = write;
        Tape::write(16, &mut |t| {
            write(t);
            Ok(())
        })
        .unwrap()
    }

    #[test]
    fn values_lose_their_quotes_and_strings_stay_as_they_are() {
        let t = tape(|t| {
            t.money(&Money(rust_decimal::Decimal::new(1382, 2)));
            t.str("Base rate");
            t.num(12);
        });
        assert_eq!(t, "\x1e\x1f13.82\x1fBase rate\x1f12");
    }

    #[test]
    fn numbers_are_written_as_rust_decimal_displays_them() {
        // Every scale a decimal can have, mantissas around every power of ten and at the
        // ends of u32; past u32, negative and -0 go the general way.
        let mut mantissas = vec![0i64, 1, 9, 10, 99, 100, 101, 1382, 4_294_967_295, 4_294_967_296, -5, i64::MAX];
        let mut p = 1i64;
        for _ in 0..12 {
            mantissas.extend([p - 1, p, p + 1, 7 * p]);
            p *= 10;
        }
        let neg_zero = -rust_decimal::Decimal::new(0, 2);
        for m in mantissas {
            for scale in 0..=28 {
                let d = rust_decimal::Decimal::new(m, scale);
                let t = tape(|t| {
                    t.money(&Money(d));
                    t.number(&Num(d));
                    t.num(m.unsigned_abs() as usize);
                });
                let want = format!("\x1e\x1f{}\x1f{}\x1f{}", cents(d), d.round_dp(4).normalize(), m.unsigned_abs());
                assert_eq!(t, want, "{m} at scale {scale}");
            }
        }
        let t = tape(|t| {
            t.money(&Money(neg_zero));
            t.number(&Num(neg_zero));
        });
        assert_eq!(t, format!("\x1e\x1f{}\x1f0", neg_zero));
    }

    #[test]
    fn a_separator_in_a_string_escapes_the_whole_tape() {
        // A mark in the first string or a later one; the other strings are escaped too.
        for (s, esc) in [("a\x1fb", "a\x1c_b"), ("a\x1eb", "a\x1eb"), ("\x1e\x1f", "\x1e\x1c_")] {
            let t = tape(|t| {
                t.str("x\x1cy\x1dz");
                t.num(2);
                t.str(s);
            });
            assert_eq!(t, format!("\x1c\x1fx\x1c\\y\x1dz\x1f2\x1f{esc}"), "{s:?}");
        }
        // `\x1c` or `\x1d` alone is no separator: the tape stays plain.
        assert_eq!(tape(|t| t.str("x\x1c\x1dy")), "\x1e\x1fx\x1c\x1dy");
        // Characters, not bytes: a mark inside text of other scripts.
        assert_eq!(tape(|t| t.str("运\x1f费")), "\x1c\x1f运\x1c_费");
    }
}
