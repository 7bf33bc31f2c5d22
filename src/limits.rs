//! Service limits (§5): outside them a service cannot take the parcel, with a reason.

use crate::card::format::{LimitDef, Measure};
use crate::error::{ErrorCode, Result};
use crate::json::{append, Path};
use crate::parcel::Parcel;
use crate::rounding::{normalize, plain};
use rust_decimal::Decimal;

/// A compiled limit: its definition, once checked ([`LimitDef::check_def`]), kept as written
/// (the default code is the measure's, chosen when the limit is exceeded): a service's
/// limits are then a copy of the card's, where building limits of their own one by one
/// took code of its own in the compiling of a service.
pub type Limit = LimitDef;

/// A limit that was exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded {
    /// Reason code.
    pub code: String,
    /// Sentence.
    pub message: String,
}

/// Per measure (in declaration order, `m as usize`): how a message names it, and the
/// reason code of a limit without its own. One table for both, where each had a match.
const MEASURES: [(&str, &str); 9] = [
    ("weight", "over_max_weight"),
    ("billable weight", "over_max_weight"),
    ("length (longest side)", "over_max_length"),
    ("second-longest side", "over_max_length"),
    ("shortest side", "over_max_length"),
    ("girth", "over_max_size"),
    ("length + girth", "over_max_size"),
    ("volume", "over_max_volume"),
    ("declared value", "over_max_value"),
];

/// The name and default code of measure `m` (see [`MEASURES`]).
fn names(m: Measure) -> (&'static str, &'static str) {
    MEASURES.get(m as usize).copied().unwrap_or_default()
}

fn default_code(m: Measure) -> &'static str {
    names(m).1
}

fn describe(m: Measure) -> &'static str {
    names(m).0
}

impl LimitDef {
    /// Checks a limit (at `path`): a copy of it is then the compiled limit.
    pub fn check_def(&self, path: Path<'_>) -> Result<()> {
        if !crate::rounding::positive(self.max) {
            return Err(crate::card::error_at(&path, "max", ErrorCode::InvalidValue, "must be greater than 0"));
        }
        Ok(())
    }

    /// The limit's measure.
    pub fn measure(&self) -> Measure {
        self.measure
    }

    /// Checks the parcel (billable weight given for billable-weight limits).
    pub fn check(&self, p: &Parcel<'_>, billable: Decimal, units: (&str, &str)) -> Option<Exceeded> {
        let v = p.measure(self.measure, billable)?;
        if crate::rounding::order(v, self.max).is_le() {
            return None;
        }
        Some(self.exceeded(v, units))
    }

    /// The answer for a value `v` over the limit (out of line: the rare case).
    #[cold]
    #[inline(never)]
    fn exceeded(&self, v: Decimal, units: (&str, &str)) -> Exceeded {
        let message = match &self.message {
            Some(m) => m.clone(),
            None => {
                // "weight 80 lb is over the maximum of 70 lb"; "declared value 900 is over
                // the maximum of 500" (no unit).
                let unit = match self.measure {
                    Measure::Weight | Measure::BillableWeight => units.0,
                    Measure::Volume => units.1,
                    Measure::DeclaredValue => "",
                    _ => units.1,
                };
                let cube = if self.measure == Measure::Volume { "³" } else { "" };
                // Appended to an empty string (one call of the shared `extend_from_slice`),
                // where `String::from` inlined an allocation and a copy.
                let mut m = String::new();
                append(&mut m, describe(self.measure));
                for (i, n) in [plain(v), normalize(self.max)].iter().enumerate() {
                    append(&mut m, if i == 0 { " " } else { " is over the maximum of " });
                    crate::json::write_decimal(&mut m, n);
                    if !unit.is_empty() {
                        append(&mut m, " ");
                        append(&mut m, unit);
                        append(&mut m, cube);
                    }
                }
                m
            }
        };
        // One copy from whichever text applies (not a clone, or else a second copy), appended
        // as the message's first part is.
        let mut code = String::new();
        append(&mut code, self.code.as_deref().unwrap_or_else(|| default_code(self.measure)));
        Exceeded { code, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each measure's name and default code, written out (the table is in the enum's
    /// order: a measure added or moved shows here).
    #[test]
    fn measures_have_their_names_and_codes() {
        let want = [
            (Measure::Weight, "weight", "over_max_weight"),
            (Measure::BillableWeight, "billable weight", "over_max_weight"),
            (Measure::Length, "length (longest side)", "over_max_length"),
            (Measure::Width, "second-longest side", "over_max_length"),
            (Measure::Height, "shortest side", "over_max_length"),
            (Measure::Girth, "girth", "over_max_size"),
            (Measure::LengthPlusGirth, "length + girth", "over_max_size"),
            (Measure::Volume, "volume", "over_max_volume"),
            (Measure::DeclaredValue, "declared value", "over_max_value"),
        ];
        for (m, name, code) in want {
            assert_eq!((describe(m), default_code(m)), (name, code), "{m:?}");
        }
        let limit = Limit { measure: Measure::Girth, max: Decimal::ONE, code: None, message: None };
        let e = limit.exceeded(Decimal::TWO, ("lb", "in"));
        assert_eq!((e.code.as_str(), e.message.as_str()), ("over_max_size", "girth 2 in is over the maximum of 1 in"));
    }

    #[test]
    fn messages_name_the_measure_value_and_maximum() {
        let all = [
            Measure::Weight,
            Measure::BillableWeight,
            Measure::Length,
            Measure::Width,
            Measure::Height,
            Measure::Girth,
            Measure::LengthPlusGirth,
            Measure::Volume,
            Measure::DeclaredValue,
        ];
        for measure in all {
            for (v, max) in [("71.00004", "70.0"), ("3", "2.5"), ("1234.56789", "1000")] {
                let (v, max): (Decimal, Decimal) = (v.parse().unwrap(), max.parse().unwrap());
                let limit = Limit { measure, max, code: Some("c".into()), message: None };
                // The sentence as it was first written, with format! and a clean-up.
                let unit = match measure {
                    Measure::Weight | Measure::BillableWeight => "lb".to_string(),
                    Measure::Volume => "in³".to_string(),
                    Measure::DeclaredValue => String::new(),
                    _ => "in".to_string(),
                };
                let want = format!(
                    "{} {} {unit} is over the maximum of {} {unit}",
                    describe(measure),
                    v.round_dp(4).normalize(),
                    max.normalize()
                )
                .replace("  ", " ")
                .trim_end()
                .to_string();
                assert_eq!(limit.exceeded(v, ("lb", "in")), Exceeded { code: "c".into(), message: want });
            }
        }
    }
}
