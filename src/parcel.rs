//! A shipment's parcel seen in one card's units: weight, sorted sides, and the size
//! measures of §5 (length = longest side, girth = 2 × the other two).

use crate::card::format::Measure;
use crate::rounding::{add, mul, order};
use crate::shipment::{Piece, Shipment};
use crate::units::{LengthUnit, WeightUnit};
use rust_decimal::Decimal;

/// The parcel in a card's units.
#[derive(Debug, Clone, Copy)]
pub struct Parcel<'s> {
    /// Actual weight in the card's weight unit.
    pub weight: Decimal,
    /// Sides, longest first, in the card's length unit.
    pub dims: Option<[Decimal; 3]>,
    /// The shipment it comes from.
    pub shipment: &'s Shipment,
    /// Girth, length + girth and volume, computed once (limits, conditions and special
    /// rows of every service ask for them); `None` without dimensions. One beyond what a
    /// decimal holds is the largest decimal, which is over any limit.
    sizes: Option<[Decimal; 3]>,
}

impl<'s> Parcel<'s> {
    /// Converts a parcel of the shipment (`piece`: its own, or one of its `parcels`) into
    /// `weight_unit` and `dim_unit`.
    pub fn new(shipment: &'s Shipment, piece: &Piece, weight_unit: WeightUnit, dim_unit: LengthUnit) -> Parcel<'s> {
        let weight = piece.weight.unit.convert(piece.weight.value, weight_unit);
        let dims = piece.dims.as_ref().map(|d| longest_first(d.sides.map(|v| d.unit.convert(v, dim_unit))));
        let sat = |r: Result<Decimal, crate::rounding::OutOfRange>| r.unwrap_or(Decimal::MAX);
        let sizes = dims.map(|[l, w, h]| {
            let girth = add(w, h).and_then(|s| mul(Decimal::TWO, s));
            [sat(girth), sat(girth.and_then(|g| add(l, g))), sat(mul(l, w).and_then(|p| mul(p, h)))]
        });
        Parcel { weight, dims, shipment, sizes }
    }

    /// The value of a size or weight measure; `None` when it needs dimensions the
    /// shipment does not give (then size limits and size conditions do not apply).
    #[inline]
    pub fn measure(&self, m: Measure, billable: Decimal) -> Option<Decimal> {
        match m {
            Measure::Weight => Some(self.weight),
            Measure::BillableWeight => Some(billable),
            Measure::DeclaredValue => self.shipment.options.declared_value,
            _ => {
                let ([l, w, h], [girth, length_plus_girth, volume]) = (self.dims?, self.sizes?);
                Some(match m {
                    Measure::Length => l,
                    Measure::Width => w,
                    Measure::Height => h,
                    Measure::Girth => girth,
                    Measure::LengthPlusGirth => length_plus_girth,
                    _ => volume,
                })
            }
        }
    }
}

/// The sides, longest first, in three compare-and-swaps, where `sort_unstable_by` inlined
/// 0.3 KB of std's heapsort (std is built with `optimize_for_size` for WebAssembly). Two
/// equal sides of different scales (`1`, `1.0`) keep the order that heapsort gave them
/// (compared on every arrangement of such sides when this was written; natively std's
/// insertion sort could order them the other way): measures combine them by value, so
/// only a message quoting the side could show which came first.
fn longest_first(mut s: [Decimal; 3]) -> [Decimal; 3] {
    // (i, swapped also when equal)
    for (i, ties) in [(0, true), (1, true), (0, false)] {
        if let (Some(&x), Some(&y)) = (s.get(i), s.get(i + 1)) {
            let o = order(x, y);
            if o.is_lt() || (ties && o.is_eq()) {
                s.swap(i, i + 1);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_come_out_longest_first_and_unchanged() {
        // Every arrangement of three of these sides (equal values of different scales
        // among them): the same decimals, bit for bit, in an order of non-increasing length.
        let values: Vec<Decimal> =
            ["1", "1.0", "1.00", "2", "2.0", "3", "0", "0.0"].iter().map(|s| s.parse().unwrap()).collect();
        let bits = |v: &[Decimal]| {
            let mut b: Vec<[u8; 16]> = v.iter().map(|d| d.serialize()).collect();
            b.sort();
            b
        };
        let mut n = 0;
        for &a in &values {
            for &b in &values {
                for &c in &values {
                    let s = longest_first([a, b, c]);
                    assert_eq!(bits(&s), bits(&[a, b, c]), "{a} {b} {c}: the same sides");
                    assert!(s[0] >= s[1] && s[1] >= s[2], "{a} {b} {c}: {s:?}");
                    n += 1;
                }
            }
        }
        assert_eq!(n, 512);
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(longest_first([d("2"), d("5"), d("3")]), [d("5"), d("3"), d("2")]);
        assert_eq!(longest_first([d("12"), d("10"), d("6")]), [d("12"), d("10"), d("6")]);
        assert_eq!(longest_first([d("6"), d("10"), d("12")]), [d("12"), d("10"), d("6")]);
    }
}
