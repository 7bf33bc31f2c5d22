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

/// Round to a multiple of `increment` in the given direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rounding {
    /// Direction.
    pub mode: RoundMode,
    /// The multiple, such as `1` (whole inch) or `0.25` (quarter inch). Must be > 0.
    pub increment: Decimal,
}

impl Rounding {
    /// Applies the rounding. `increment` is validated > 0 when the card is loaded.
    pub fn apply(&self, value: Decimal) -> Decimal {
        if self.increment <= Decimal::ZERO {
            return value;
        }
        let q = value / self.increment;
        let r = match self.mode {
            RoundMode::Up => q.ceil(),
            RoundMode::Down => q.floor(),
            RoundMode::Nearest => q.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
        };
        (r * self.increment).normalize()
    }
}

/// Money to the cent, half away from zero.
pub fn cents(value: Decimal) -> Decimal {
    let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v
}

/// `ceil(a / b)` for positive b, as a whole number. Callers guarantee b > 0.
pub fn ceil_div(a: Decimal, b: Decimal) -> Decimal {
    if b <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    (a / b).ceil()
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
        assert_eq!(ceil_div(d("1.3"), d("0.5")), d("3"));
        assert_eq!(ceil_div(d("1.0"), d("0.5")), d("2"));
    }
}
