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
//! name a service so), the writer gives up and the caller sends JSON instead: the facade
//! tells the two apart by the first character.
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

use crate::json::ToJson;
use crate::quote::{Line, ParcelQuote, Quote, QuoteResult, Unavailable, WeightOut};

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

/// A tape being written; `clean` turns false when a string holds a separator.
pub struct Tape {
    out: String,
    clean: bool,
}

impl Tape {
    /// An empty tape with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Tape {
        let mut out = String::with_capacity(capacity);
        out.push(MARK);
        Tape { out, clean: true }
    }

    /// The text, or `None` when a string held a separator (send JSON instead).
    pub fn finish(self) -> Option<String> {
        self.clean.then_some(self.out)
    }

    /// A string field.
    pub fn str(&mut self, s: &str) {
        if s.bytes().any(|b| b == 0x1e || b == 0x1f) {
            self.clean = false;
        }
        self.out.push(SEP);
        self.out.push_str(s);
    }

    /// A number field (a count, a bit mask, a number of days).
    pub fn num(&mut self, n: usize) {
        self.out.push(SEP);
        crate::json::write_digits(&mut self.out, n as u64, 1);
    }

    /// A field whose JSON is a string with nothing to escape (money, a weight, a date,
    /// a unit, a category): that string's value, without its quotes.
    fn value<T: ToJson + ?Sized>(&mut self, v: &T) {
        self.out.push(SEP);
        let start = self.out.len();
        v.write_json(&mut self.out);
        if self.out.as_bytes().get(start) == Some(&b'"') && self.out.ends_with('"') && self.out.len() > start + 1 {
            self.out.pop();
            self.out.remove(start);
        }
    }

    fn weight(&mut self, w: &WeightOut) {
        self.value(&w.value);
        self.value(&w.unit);
    }

    fn lines(&mut self, lines: &[Line<'_>]) {
        self.num(lines.len());
        for l in lines {
            self.str(&l.code);
            self.value(&l.category);
            self.str(&l.label);
            self.value(&l.amount);
        }
    }

    fn strs(&mut self, list: &[&str]) {
        self.num(list.len());
        for s in list {
            self.str(s);
        }
    }

    fn parcel(&mut self, p: &ParcelQuote<'_>) {
        self.num(usize::from(p.dim_weight.is_some()) | usize::from(p.cubic_tier.is_some()) << 1);
        self.weight(&p.billable_weight);
        if let Some(w) = &p.dim_weight {
            self.weight(w);
        }
        if let Some(c) = &p.cubic_tier {
            self.value(c);
        }
        self.value(&p.total);
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
        self.weight(&q.billable_weight);
        if let Some(w) = &q.dim_weight {
            self.weight(w);
        }
        if let Some(c) = &q.cubic_tier {
            self.value(c);
        }
        self.value(&q.total);
        self.str(q.currency);
        self.lines(&q.lines);
        if let Some(d) = q.transit_days {
            self.num(d as usize);
        }
        if let Some(d) = &q.estimated_delivery {
            self.value(d);
        }
        self.str(q.card);
        if !q.tags.is_empty() {
            self.strs(&q.tags);
        }
        if !q.warnings.is_empty() {
            self.strs(&q.warnings);
        }
        for m in [&q.cost, &q.sell, &q.margin].into_iter().flatten() {
            self.value(m);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_lose_their_quotes_and_strings_stay_as_they_are() {
        let mut t = Tape::with_capacity(16);
        t.value(&crate::quote::Money(rust_decimal::Decimal::new(1382, 2)));
        t.str("Base rate");
        t.num(12);
        assert_eq!(t.finish().as_deref(), Some("\x1e\x1f13.82\x1fBase rate\x1f12"));
    }

    #[test]
    fn a_separator_in_a_string_sends_json_instead() {
        let mut t = Tape::with_capacity(16);
        t.str("a\x1fb");
        assert_eq!(t.finish(), None);
        let mut t = Tape::with_capacity(16);
        t.str("a\x1eb");
        assert_eq!(t.finish(), None);
    }
}
