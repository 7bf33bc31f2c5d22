//! A shipment's parcel seen in one card's units: weight, sorted sides, and the size
//! measures of §5 (length = longest side, girth = 2 × the other two).

use crate::card::format::Measure;
use crate::rounding::{add, mul, order};
use crate::shipment::Shipment;
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
    /// Converts the shipment's parcel into `weight_unit` and `dim_unit`.
    pub fn new(shipment: &'s Shipment, weight_unit: WeightUnit, dim_unit: LengthUnit) -> Parcel<'s> {
        let weight = shipment.weight.unit.convert(shipment.weight.value, weight_unit);
        let dims = shipment.dims.as_ref().map(|d| longest_first(d.sides.map(|v| d.unit.convert(v, dim_unit))));
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

/// The sides, longest first, in three compare-and-swaps: what `sort_unstable_by` (longest
/// first) gives in the WebAssembly build, equal sides of different scales (`1`, `1.0`)
/// included (std's `optimize_for_size` sorts by heapsort there; its code was 0.3 KB inlined).
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

    /// core's `slice::sort::unstable::heapsort` (Rust 1.96), as std built with
    /// `optimize_for_size` sorts: the order `longest_first` must reproduce.
    fn heapsort<T>(v: &mut [T], is_less: impl Fn(&T, &T) -> bool) {
        let len = v.len();
        for i in (0..len + len / 2).rev() {
            let mut node = if i >= len {
                i - len
            } else {
                v.swap(0, i);
                0
            };
            let end = i.min(len);
            loop {
                let mut child = 2 * node + 1;
                if child >= end {
                    break;
                }
                if child + 1 < end {
                    child += is_less(&v[child], &v[child + 1]) as usize;
                }
                if !is_less(&v[node], &v[child]) {
                    break;
                }
                v.swap(node, child);
                node = child;
            }
        }
    }

    #[test]
    fn sides_are_sorted_as_the_wasm_builds_heapsort_sorts_them() {
        let values: Vec<Decimal> =
            ["1", "1.0", "1.00", "2", "2.0", "3", "0", "0.0"].iter().map(|s| s.parse().unwrap()).collect();
        let bits = |v: &[Decimal]| v.iter().map(|d| d.serialize()).collect::<Vec<_>>();
        let mut n = 0;
        for &a in &values {
            for &b in &values {
                for &c in &values {
                    let mut want = [a, b, c];
                    heapsort(&mut want, |x, y| order(*y, *x).is_lt());
                    assert_eq!(bits(&longest_first([a, b, c])), bits(&want), "{a} {b} {c}");
                    n += 1;
                }
            }
        }
        assert_eq!(n, 512);
        // Plainly: longest first.
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(longest_first([d("2"), d("5"), d("3")]), [d("5"), d("3"), d("2")]);
    }
}
