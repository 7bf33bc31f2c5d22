//! A shipment's parcel seen in one card's units: weight, sorted sides, and the size
//! measures of §5 (length = longest side, girth = 2 × the other two).

use crate::card::format::Measure;
use crate::rounding::{add, mul};
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
    /// rows of every service ask for them); `None` without dimensions, or when one is
    /// beyond what a decimal holds (then [`measure`](Self::measure) computes it as asked).
    sizes: Option<[Decimal; 3]>,
}

impl<'s> Parcel<'s> {
    /// Converts the shipment's parcel into `weight_unit` and `dim_unit`.
    pub fn new(shipment: &'s Shipment, weight_unit: WeightUnit, dim_unit: LengthUnit) -> Parcel<'s> {
        let weight = shipment.weight.unit.convert(shipment.weight.value, weight_unit);
        let dims = shipment.dims.as_ref().map(|d| {
            let mut s = d.sides.map(|v| d.unit.convert(v, dim_unit));
            s.sort_unstable_by(|a, b| crate::rounding::order(*b, *a));
            s
        });
        let sizes = dims.and_then(|[l, w, h]| {
            let girth = mul(Decimal::TWO, add(w, h).ok()?).ok()?;
            Some([girth, add(l, girth).ok()?, mul(mul(l, w).ok()?, h).ok()?])
        });
        Parcel { weight, dims, shipment, sizes }
    }

    /// The value of a size or weight measure; `None` when it needs dimensions the
    /// shipment does not give (then size limits and size conditions do not apply).
    #[inline]
    pub fn measure(&self, m: Measure, billable: Decimal) -> Option<Decimal> {
        let two = Decimal::TWO;
        let sat = |r: Result<Decimal, crate::rounding::OutOfRange>| r.unwrap_or(Decimal::MAX);
        match m {
            Measure::Weight => Some(self.weight),
            Measure::BillableWeight => Some(billable),
            Measure::DeclaredValue => self.shipment.options.declared_value,
            _ => {
                let [l, w, h] = self.dims?;
                Some(match (m, self.sizes) {
                    (Measure::Length, _) => l,
                    (Measure::Width, _) => w,
                    (Measure::Height, _) => h,
                    (Measure::Girth, Some([girth, _, _])) => girth,
                    (Measure::LengthPlusGirth, Some([_, lpg, _])) => lpg,
                    (_, Some([_, _, volume])) => volume,
                    // Only when a size is beyond what a decimal holds (`new`): the
                    // largest decimal then, which is over any limit.
                    (Measure::Girth, None) => sat(add(w, h).and_then(|s| mul(two, s))),
                    (Measure::LengthPlusGirth, None) => {
                        sat(add(w, h).and_then(|s| mul(two, s)).and_then(|g| add(l, g)))
                    }
                    (_, None) => sat(mul(l, w).and_then(|p| mul(p, h))),
                })
            }
        }
    }
}
