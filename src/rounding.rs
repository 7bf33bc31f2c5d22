//! Rounding rules: money to the cent, and the card-defined roundings of weights,
//! dimensions and volumes.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Which way a rounding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RoundMode {
    /// Up to the next multiple (ceiling).
    Up,
    /// Down to the multiple below (floor).
    Down,
    /// To the nearest multiple, halves away from zero.
    Nearest,
}

crate::json_enum!(RoundMode { Up => "up", Down => "down", Nearest => "nearest" });

/// Round to a multiple of `increment` in the given direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rounding {
    /// Direction.
    pub mode: RoundMode,
    /// The multiple, such as `1` (whole inch) or `0.25` (quarter inch). Must be > 0.
    pub increment: Decimal,
}

crate::json_struct!(Rounding "struct Rounding" {
    mode: "mode" req,
    increment: "increment" req,
});

impl Rounding {
    /// Applies the rounding; `None` when the result is beyond what a decimal holds
    /// (cards bound increments to 0.0001–1,000,000, so only absurd values get there).
    pub fn try_apply(&self, value: Decimal) -> Option<Decimal> {
        if self.increment <= Decimal::ZERO {
            return Some(value);
        }
        let q = value.checked_div(self.increment)?;
        let r = match self.mode {
            RoundMode::Up => q.ceil(),
            RoundMode::Down => q.floor(),
            RoundMode::Nearest => q.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
        };
        Some(r.checked_mul(self.increment)?.normalize())
    }

    /// Applies the rounding, leaving the value as it is when the result would be out of
    /// range (see [`try_apply`](Self::try_apply)). `increment` is validated when the
    /// card is loaded.
    pub fn apply(&self, value: Decimal) -> Decimal {
        self.try_apply(value).unwrap_or(value)
    }
}

/// An amount, weight or size beyond what a decimal holds (about 7.9 × 10²⁸): the
/// service cannot price the parcel, rather than the engine panicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange;

/// `a + b`, or [`OutOfRange`].
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    a.checked_add(b).ok_or(OutOfRange)
}

/// `a × b`, or [`OutOfRange`].
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    a.checked_mul(b).ok_or(OutOfRange)
}

/// The sum of the amounts, or [`OutOfRange`].
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, OutOfRange> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// Money to the cent, half away from zero.
pub fn cents(value: Decimal) -> Decimal {
    let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v
}

/// `ceil(a / b)` for positive b, as a whole number (0 when b is not positive; callers
/// guarantee b > 0), or [`OutOfRange`].
pub fn ceil_div(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    if b <= Decimal::ZERO {
        return Ok(Decimal::ZERO);
    }
    Ok(a.checked_div(b).ok_or(OutOfRange)?.ceil())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(cents(d("1.005")).to_string(), "1.01");
        assert_eq!(cents(d("1.0049")).to_string(), "1.00");
        assert_eq!(cents(d("-1.005")).to_string(), "-1.01");
        assert_eq!(cents(d("7")).to_string(), "7.00");
    }

    #[test]
    fn roundings() {
        let up = Rounding { mode: RoundMode::Up, increment: d("1") };
        assert_eq!(up.apply(d("1.01")), d("2"));
        assert_eq!(up.apply(d("2")), d("2"));
        let near = Rounding { mode: RoundMode::Nearest, increment: d("1") };
        assert_eq!(near.apply(d("12.5")), d("13"));
        assert_eq!(near.apply(d("12.49")), d("12"));
        let quarter = Rounding { mode: RoundMode::Down, increment: d("0.25") };
        assert_eq!(quarter.apply(d("10.74")), d("10.5"));
        let tenth = Rounding { mode: RoundMode::Up, increment: d("0.1") };
        assert_eq!(tenth.apply(d("0.2001")), d("0.3"));
    }

    #[test]
    fn ceil_div_counts_partial_steps() {
        assert_eq!(ceil_div(d("1.3"), d("0.5")), Ok(d("3")));
        assert_eq!(ceil_div(d("1.0"), d("0.5")), Ok(d("2")));
    }

    #[test]
    fn out_of_range_is_an_answer_not_a_panic() {
        assert_eq!(ceil_div(Decimal::MAX, d("0.0000000000000000000000000001")), Err(OutOfRange));
        let fine = Rounding { mode: RoundMode::Up, increment: d("0.0000000000000000000000000001") };
        assert_eq!(fine.try_apply(Decimal::MAX), None);
        assert_eq!(fine.apply(d("1e20")), d("1e20"));
        let huge = Rounding { mode: RoundMode::Up, increment: Decimal::MAX };
        // 1 / MAX is below 10⁻²⁸: a nonsense answer but not a panic (cards bound increments).
        assert!(huge.try_apply(d("1")).is_some());
        assert_eq!(mul(Decimal::MAX, d("2")), Err(OutOfRange));
        assert_eq!(sum([Decimal::MAX, Decimal::ONE]), Err(OutOfRange));
        assert_eq!(cents(Decimal::MAX), cents(Decimal::MAX));
    }
}
