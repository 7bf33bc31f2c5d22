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
    /// rows of every service ask for them); `None` without dimensions. One beyond what a
    /// decimal holds is the largest decimal, which is over any limit.
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
