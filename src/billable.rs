//! Billable weight (§4): dimensional weight, the larger of actual and dim, and the
//! card's weight roundings by weight band.

use crate::card::format::{BillableDef, WeightRoundingDef};
use crate::error::{ErrorCode, Result};
use crate::json::Path;
use crate::rounding::{div, mul, normalize, order, Rounding};
use crate::units::LengthUnit;
use rust_decimal::Decimal;

/// Compiled billable-weight rules of a service.
#[derive(Debug, Clone, Default)]
pub struct Billable {
    dim: Option<DimRule>,
    /// (over, rounding), increasing `over`.
    bands: Vec<(Decimal, Rounding)>,
}

impl Billable {
    /// No rules: the actual weight (its `Default`, as a constant).
    pub(crate) const NONE: Billable = Billable { dim: None, bands: Vec::new() };
}

#[derive(Debug, Clone)]
struct DimRule {
    divisor: Decimal,
    threshold: Option<Decimal>,
    dim_rounding: Option<Rounding>,
    result_rounding: Option<Rounding>,
    zones: Option<Vec<String>>,
}

/// The outcome for one parcel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BillableWeight {
    /// Billable weight, in the card's unit.
    pub value: Decimal,
    /// Dimensional weight, where it was computed.
    pub dim: Option<Decimal>,
}

// Out of line: five callers (a table's cubic rules, a service's dimensional rules and
// weight rounding), each otherwise inlining the check's path and call.
#[inline(never)]
pub(crate) fn check_rounding(r: &Rounding, path: Path<'_>) -> Result<()> {
    crate::card::check_step(&r.increment, ErrorCode::InvalidValue, path.key("increment"))?;
    Ok(())
}

impl Billable {
    /// Compiles and checks the rules; `path` (a [`Path`], or text such as `billable`)
    /// prefixes error paths.
    pub fn compile<'p>(def: &BillableDef, path: impl Into<Path<'p>>) -> Result<Billable> {
        let mut b = Billable::NONE;
        b.compile_into(def, path.into())?;
        Ok(b)
    }

    /// Compiles and checks the rules into `self`, [`Billable::NONE`] (a service's, in its
    /// list): the bands are pushed where they stay and the dimensional rule put in place,
    /// where a `Billable` returned was copied out of its `Result` and again into the service
    /// (84 bytes twice).
    pub(crate) fn compile_into(&mut self, def: &BillableDef, path: Path<'_>) -> Result<()> {
        // Every check before anything is copied: an error drops no copy of the zones.
        if let Some(d) = &def.dim_weight {
            let p = path.key("dimWeight");
            crate::card::check_step(&d.divisor, ErrorCode::InvalidValue, p.key("divisor"))?;
            if d.threshold.is_some_and(crate::card::negative) {
                return Err(crate::card::error_at(&p, "threshold", ErrorCode::InvalidValue, "must not be negative"));
            }
            if let Some(r) = &d.dim_rounding {
                check_rounding(r, p.key("dimRounding"))?;
            }
            if let Some(r) = &d.result_rounding {
                check_rounding(r, p.key("resultRounding"))?;
            }
        }
        let bands = &mut self.bands;
        let rounding_path = path.key("rounding");
        for (i, WeightRoundingDef { over, mode, increment }) in def.rounding.iter().enumerate() {
            let p = rounding_path.index(i);
            let r = Rounding { mode: *mode, increment: *increment };
            check_rounding(&r, p)?;
            if bands.last().is_some_and(|(prev, _): &(Decimal, Rounding)| crate::rounding::order(*over, *prev).is_le())
                || crate::card::negative(*over)
            {
                return Err(crate::card::error_at(
                    &p,
                    "over",
                    ErrorCode::OverlappingBrackets,
                    "must increase from rule to rule and not be negative",
                ));
            }
            bands.push((*over, r));
        }
        if let Some(d) = &def.dim_weight {
            // Put in the empty field: nothing to drop (see `json::fill`).
            crate::json::fill(
                &mut self.dim,
                Some(DimRule {
                    divisor: d.divisor,
                    threshold: d.threshold,
                    dim_rounding: d.dim_rounding,
                    result_rounding: d.result_rounding,
                    zones: crate::card::copy_opt(&d.zones),
                }),
            );
        }
        Ok(())
    }

    /// Billable weight for a parcel of `weight` with sorted `dims` going to `zone`;
    /// `None` when a volume or weight is beyond what a decimal holds.
    pub fn compute(&self, weight: Decimal, dims: Option<&[Decimal; 3]>, zone: &str) -> Option<BillableWeight> {
        self.compute_scoped(weight, dims, self.dim_in_scope(zone))
    }

    /// Whether dimensional weight applies to `zone` (when the rules have one).
    pub(crate) fn dim_in_scope(&self, zone: &str) -> bool {
        self.dim.as_ref().and_then(|r| r.zones.as_ref()).is_none_or(|zs| crate::listed(zs, zone))
    }

    /// [`compute`](Self::compute), told whether dimensional weight applies to the zone.
    pub(crate) fn compute_scoped(
        &self,
        weight: Decimal,
        dims: Option<&[Decimal; 3]>,
        in_scope: bool,
    ) -> Option<BillableWeight> {
        let mut dim = None;
        if let (Some(rule), Some(&[a, b, c])) = (&self.dim, dims) {
            if in_scope {
                let volume = volume(&[a, b, c], (LengthUnit::In, LengthUnit::In), rule.dim_rounding)?;
                if rule.threshold.is_none_or(|t| order(volume, t).is_gt()) {
                    let rounded = match rule.result_rounding {
                        Some(r) => r.try_apply_ratio(volume, rule.divisor),
                        None => div(volume, rule.divisor),
                    };
                    dim = Some(normalize(rounded?));
                }
            }
        }
        let heavier = match dim {
            Some(d) if order(d, weight).is_gt() => d,
            _ => weight,
        };
        Some(BillableWeight { value: self.round(heavier)?, dim })
    }

    /// Applies the weight rounding of the band the weight falls in; `None` when the
    /// result is beyond what a decimal holds.
    pub fn round(&self, w: Decimal) -> Option<Decimal> {
        match self.bands.iter().rev().find(|(over, _)| order(w, *over).is_gt()) {
            Some((_, r)) => r.try_apply(w),
            None => Some(normalize(w)),
        }
    }
}

/// The product of the sides `dims` as (a × b) × c, each converted from `units.0` to
/// `units.1` and rounded by `side` when given; `None` when a value is beyond what a decimal
/// holds. One loop for dimensional weights and cubic tiers (`quote::cubic_size`).
#[inline(never)]
pub(crate) fn volume(dims: &[Decimal; 3], units: (LengthUnit, LengthUnit), side: Option<Rounding>) -> Option<Decimal> {
    let mut volume = None;
    for &v in dims {
        let v = units.0.try_convert(v, units.1)?;
        let v = match side {
            Some(r) => r.try_apply(v)?,
            None => v,
        };
        volume = Some(match volume {
            Some(p) => mul(p, v).ok()?,
            None => v,
        });
    }
    volume
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::format::DimWeightDef;
    use crate::rounding::RoundMode;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn usps(divisor: &str, side: RoundMode) -> Billable {
        Billable::compile(
            &BillableDef {
                dim_weight: Some(DimWeightDef {
                    divisor: d(divisor),
                    threshold: Some(d("1728")),
                    dim_rounding: Some(Rounding { mode: side, increment: d("1") }),
                    result_rounding: Some(Rounding { mode: RoundMode::Up, increment: d("1") }),
                    zones: None,
                }),
                rounding: vec![WeightRoundingDef { over: d("1"), mode: RoundMode::Up, increment: d("1") }],
            },
            "billable",
        )
        .unwrap()
    }

    #[test]
    fn usps_2025_dim_weight_by_hand() {
        let b = usps("166", RoundMode::Nearest);
        // 13 × 13 × 13 = 2197 in³ > 1728; 2197 / 166 = 13.23… → 14 lb.
        let r = b.compute(d("2.5"), Some(&[d("13"), d("13"), d("13")]), "5").unwrap();
        assert_eq!(r, BillableWeight { value: d("14"), dim: Some(d("14")) });
        // 12.4 × 12.4 × 12 rounds to 12 × 12 × 12 = 1728: not over the threshold.
        let r = b.compute(d("2.5"), Some(&[d("12.4"), d("12.4"), d("12")]), "5").unwrap();
        assert_eq!(r, BillableWeight { value: d("3"), dim: None });
    }

    #[test]
    fn usps_2026_rounds_sides_up_and_divides_by_139() {
        let b = usps("139", RoundMode::Up);
        // 12.1 × 12 × 12 → 13 × 12 × 12 = 1872 > 1728; 1872 / 139 = 13.47 → 14 lb.
        let r = b.compute(d("3"), Some(&[d("12.1"), d("12"), d("12")]), "1").unwrap();
        assert_eq!(r.value, d("14"));
    }

    #[test]
    fn ounces_are_not_rounded_but_pounds_are() {
        let b = usps("166", RoundMode::Nearest);
        assert_eq!(b.compute(d("0.3"), None, "1").unwrap().value, d("0.3"));
        assert_eq!(b.compute(d("1"), None, "1").unwrap().value, d("1"));
        assert_eq!(b.compute(d("1.01"), None, "1").unwrap().value, d("2"));
    }

    #[test]
    fn zero_divisor_is_refused() {
        let def = BillableDef {
            dim_weight: Some(DimWeightDef {
                divisor: d("0"),
                threshold: None,
                dim_rounding: None,
                result_rounding: None,
                zones: None,
            }),
            rounding: vec![],
        };
        assert_eq!(Billable::compile(&def, "s").unwrap_err().path(), "s.dimWeight.divisor");
    }
}
