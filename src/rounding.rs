//! Rounding rules: money to the cent, and the card-defined roundings of weights,
//! dimensions and volumes.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

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

crate::json_struct!(Rounding {
    mode: "mode" req,
    increment: "increment" req,
});

impl Rounding {
    /// Applies the rounding; `None` when the result is beyond what a decimal holds
    /// (cards bound increments to 0.0001–1,000,000, so only absurd values get there).
    pub fn try_apply(&self, value: Decimal) -> Option<Decimal> {
        if !positive(self.increment) {
            return Some(value);
        }
        if let Some(r) = self.ratio_in_integers(value, Decimal::ONE) {
            return Some(r);
        }
        let q = div(value, self.increment)?;
        let r = match self.mode {
            RoundMode::Up => round(q, 0, Rule::Ceil),
            RoundMode::Down => round(q, 0, Rule::Floor),
            RoundMode::Nearest => round(q, 0, Rule::HalfAway),
        };
        Some(normalize(mul(r, self.increment).ok()?))
    }

    /// `try_apply(num / den)`: the same answer, without dividing when both are small.
    pub fn try_apply_ratio(&self, num: Decimal, den: Decimal) -> Option<Decimal> {
        if let Some(r) = self.ratio_in_integers(num, den) {
            return Some(r);
        }
        self.try_apply(div(num, den)?)
    }

    /// [`try_apply_ratio`](Self::try_apply_ratio) (and [`try_apply`](Self::try_apply), with
    /// `den` = 1) in 64-bit integers, for non-negative operands of 64-bit mantissas:
    /// `num / den / increment` is `a / b` (whole numbers), taken when `b` is below 10¹²
    /// and the quotient below 10⁹; `None` otherwise. When `a / b` is whole or ends in .5,
    /// `num / den` is a decimal of a few digits and Decimal's divisions are exact.
    /// Otherwise each of them is within 10⁻²⁷ of the true quotient relatively (28
    /// significant digits), so Decimal's `num / den / increment` is within 10⁻¹⁷ of
    /// `a / b`, whose fraction is at least 1 / (2b) > 5 × 10⁻¹³ from 0, ½ and 1: both round
    /// to the same whole number, and its product by the increment is exact in both.
    fn ratio_in_integers(&self, num: Decimal, den: Decimal) -> Option<Decimal> {
        const LIMIT: u64 = 1_000_000_000;
        if num.is_sign_negative() || den.is_sign_negative() || !positive(self.increment) {
            return None;
        }
        let (m, d) = (u64::try_from(num.mantissa()).ok()?, u64::try_from(den.mantissa()).ok()?);
        let i = u64::try_from(self.increment.mantissa()).ok()?;
        let (s, u, t) = (num.scale(), den.scale(), self.increment.scale());
        // num / den / inc = (m / 10^s) / (d / 10^u) / (i / 10^t) = m·10^(u+t) / (d·i·10^s)
        // The products are bounded by comparisons, not checked multiplications (each of which
        // is a 128-bit multiplication in WebAssembly): `a` below 10¹⁹ (`m` below 10^(19−u−t));
        // `b` below 10¹² (`d·i` below 10^(12−s), `d ≤ (10^(12−s) − 1) / i`).
        let a = m * bound(m, u + t)?;
        let room = *POW10.get(12usize.checked_sub(s as usize)?)?;
        if d == 0 || i == 0 || d > (room - 1) / i {
            return None;
        }
        let b = d * i * *POW10.get(s as usize)?;
        let (n, r) = (a / b, a % b);
        if n >= LIMIT {
            return None;
        }
        let up = match self.mode {
            RoundMode::Up => r != 0,
            RoundMode::Down => false,
            // Half away from zero: r / b ≥ ½.
            RoundMode::Nearest => r >= b - r,
        };
        // n·i ≤ n·b ≤ a < 10¹⁹ and i < 10¹²: (n + 1)·i fits 64 bits.
        let product = (n + u64::from(up)) * i;
        Some(normalize(Decimal::from_parts(product as u32, (product >> 32) as u32, 0, false, t)))
    }

    /// Applies the rounding, leaving the value as it is when the result would be out of
    /// range (see [`try_apply`](Self::try_apply)). `increment` is validated when the
    /// card is loaded.
    pub fn apply(&self, value: Decimal) -> Decimal {
        self.try_apply(value).unwrap_or(value)
    }
}

/// Powers of ten that fit a `u64`.
pub(crate) const POW10: [u64; 20] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
    10_000_000_000_000_000_000,
];

/// `10^k` when `m·10^k` is surely below 10¹⁹ (`m` below `10^(19−k)`), so that it fits a `u64`
/// without a checked multiplication (a 128-bit multiplication in WebAssembly); `None`
/// otherwise, also for some products that would fit.
fn bound(m: u64, k: u32) -> Option<u64> {
    let p = *POW10.get(k as usize)?;
    (m < *POW10.get(19usize.checked_sub(k as usize)?)?).then_some(p)
}

/// `a.cmp(&b)`: the decimals' numeric order (a zero of either sign equals every other
/// zero; `1.0` equals `1.00`), without rust_decimal's comparison (0.9 KB of WebAssembly).
/// One path for all (a 64-bit path for small non-negative numbers, dropped in the
/// nineteenth session, cost 0.1 KB of code to save 0.4 % of a JS quote). Out of line in
/// WebAssembly, as [`add`]: limits, conditions, billable weights and quotes all compare.
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn order(a: Decimal, b: Decimal) -> Ordering {
    // The signs first (a zero counts as positive), then the sizes.
    let negative = |d: Decimal| d.is_sign_negative() && !d.is_zero();
    match (negative(a), negative(b)) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (both, _) => {
            let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
            let (sa, sb) = (a.scale(), b.scale());
            // One call for both ways round: the operand of the smaller scale is brought up.
            let (x, k, y, flip) = if sa <= sb { (ma, sb - sa, mb, both) } else { (mb, sa - sb, ma, !both) };
            let size = scaled_order(x, k, y);
            if flip {
                size.reverse()
            } else {
                size
            }
        }
    }
}

/// `d > 0` (a zero of either sign is not), without comparing.
pub fn positive(d: Decimal) -> bool {
    !d.is_sign_negative() && !d.is_zero()
}

/// `d >= 0` (a zero of either sign is), without comparing.
pub fn non_negative(d: Decimal) -> bool {
    !d.is_sign_negative() || d.is_zero()
}

/// `m × 10^k` against `n`, for mantissas below 2⁹⁶ and `k` at most 28: the product is
/// built nine digits at a time only while it is not already larger than `n` (so it stays
/// below 2¹²⁶).
fn scaled_order(mut m: u128, mut k: u32, n: u128) -> Ordering {
    while k > 0 {
        if m > n {
            return Ordering::Greater;
        }
        let step = k.min(9);
        // m ≤ n < 2⁹⁶ and the factor is below 2³⁰: no overflow.
        m = m.wrapping_mul(u128::from(POW10.get(step as usize).copied().unwrap_or(1)));
        k -= step;
    }
    m.cmp(&n)
}

/// An amount, weight or size beyond what a decimal holds (about 7.9 × 10²⁸): the
/// service cannot price the parcel, rather than the engine panicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange;

/// `a + b`, or [`OutOfRange`]: what `Decimal::checked_add` answers, bit for bit, in a
/// fraction of its code (rust_decimal's addition is 5 KB of WebAssembly: fast paths for 32-
/// and 64-bit mantissas inlined at every call, then 96- and 192-bit long arithmetic). Out of
/// line in WebAssembly.
///
/// rust_decimal adds at the larger scale, the other operand brought up to it; a sum that
/// passes 2⁹⁶ loses as few trailing digits as bring it below, rounded half to even on all
/// it dropped, and one rounded up to 2⁹⁶ loses one more (rounded up); out of range when that
/// takes more digits than the scale has. A zero operand gives the other one as it is (`a + b`
/// is `b` when `a` is zero, signed zeros and scales kept); a zero sum is positive.
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    const U96: u128 = 1 << 96;
    if a.is_zero() {
        return Ok(b);
    }
    if b.is_zero() {
        return Ok(a);
    }
    let (sa, sb) = (a.scale() as i32, b.scale() as i32);
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let (na, nb) = (a.is_sign_negative(), b.is_sign_negative());
    // `x`, of the smaller scale, is brought up by `k` digits to the scale of `y`.
    let (mut x, nx, mut y, ny, mut k) = if sa < sb { (ma, na, mb, nb, sb - sa) } else { (mb, nb, ma, na, sa - sb) };
    let mut scale = sa.max(sb);
    let sub = nx != ny;
    while k > 0 && x < 1 << 97 {
        let step = k.min(9);
        x *= ten_to(step);
        k -= step;
    }
    // Digits still to come: x·10^k ± y is at least 2^97·10^k − 2^96, more than 2^96·10^k,
    // so the sum loses more than the last k digits; they only count as a tie-breaker.
    // x·10^k − y is (x·10^(k−s) − ⌈y / 10^s⌉)·10^s plus what is left below.
    let mut sticky = false;
    while k > 0 {
        let step = k.min(9);
        let (q, r) = div_small(y, ten_to(step) as u32);
        y = q + u128::from(sub && r != 0);
        sticky |= r != 0;
        (k, scale) = (k - step, scale - step);
    }
    let (mut t, neg) = if !sub {
        (x + y, nx)
    } else if x >= y {
        (x - y, nx)
    } else {
        (y - x, ny)
    };
    while t >= U96 {
        if scale < 1 {
            return Err(OutOfRange);
        }
        let (q, r) = div_small(t, 10);
        // The last digit dropped rounds, half to even, unless the sum is still too large.
        let up = q < U96 && (r > 5 || (r == 5 && (sticky || q & 1 == 1)));
        sticky |= r != 0;
        (t, scale) = (q + u128::from(up), scale - 1);
    }
    Ok(from_u128(t, neg, scale as u32))
}

/// `a × b`, or [`OutOfRange`]: what `Decimal::checked_mul` answers, bit for bit, in a
/// fraction of its code (rust_decimal's multiplication and the 192-bit rescaling it keeps
/// linked are 2 KB of WebAssembly). Out of line in WebAssembly, as [`add`].
///
/// rust_decimal multiplies the mantissas exactly (192 bits) at the sum of the scales; a
/// product past 2⁹⁶ or a scale past 28 loses as few trailing digits as bring both back,
/// rounded half to even on all it dropped, and one rounded up to 2⁹⁶ loses one more
/// (rounded up); out of range when that takes more digits than the scale has. A zero
/// operand gives `0` (scale 0, positive); a product rounded to zero is at scale 28 and keeps
/// its sign, except that of two 32-bit mantissas: positive, and `0` at a scale past 47.
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    const U96: u128 = 1 << 96;
    const LOW32: u128 = (1 << 32) - 1;
    const LOW64: u128 = (1 << 64) - 1;
    let (x, y) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let mut scale = (a.scale() + b.scale()) as i32;
    let small = (x | y) < 1 << 32;
    if x == 0 || y == 0 || (small && scale > 47) {
        return Ok(Decimal::ZERO);
    }
    // The product, h·2^96 + l with l < 2^96: by 64-bit halves (the high ones below 2^32)
    // unless both fit 32 bits. x·y = a·2^128 + mid·2^64 + low, and t = x·y >> 64 (< 2^128).
    let (mut h, mut l) = if small {
        (0, u128::from(x as u64 * y as u64))
    } else {
        let (xh, xl, yh, yl) = ((x >> 64) as u64, x as u64, (y >> 64) as u64, y as u64);
        let wide = |a: u64, b: u64| u128::from(a) * u128::from(b);
        let (low, mid) = (wide(xl, yl), wide(xh, yl) + wide(xl, yh));
        let t = ((u128::from(xh * yh) + (mid >> 64)) << 64) + (low >> 64) + (mid & LOW64);
        (t >> 32, (t & LOW32) << 64 | (low & LOW64))
    };
    if h != 0 || scale > 28 {
        // All digits to drop but the last (only whether they are zero counts), 9 at a time:
        // at least the scale past 28, and those that surely go to bring the product below
        // 2^96 (it has 224 − h.leading_zeros() bits, and 10^k < 2^(k / log₁₀2)).
        let bits = if h == 0 { 0 } else { 224 - h.leading_zeros() as i32 - 97 };
        let surely = ((bits * 77) >> 8) + i32::from(h != 0);
        let mut k = (scale - 28).max(surely) - 1;
        if k >= scale {
            return Err(OutOfRange);
        }
        let mut sticky = false;
        while k > 0 {
            let step = k.min(9);
            let rest;
            (h, l, rest) = div192(h, l, ten_to(step) as u32);
            (sticky, k, scale) = (sticky || rest != 0, k - step, scale - step);
        }
        // Then a digit at a time, as many as it takes, the last one rounding.
        while h != 0 || scale > 28 {
            if scale < 1 {
                return Err(OutOfRange);
            }
            let digit;
            (h, l, digit) = div192(h, l, 10);
            let up = h == 0 && scale <= 29 && (digit > 5 || (digit == 5 && (sticky || l & 1 == 1)));
            sticky |= digit != 0;
            l += u128::from(up);
            (h, l, scale) = (h + (l >> 96), l % U96, scale - 1);
        }
    }
    let neg = a.is_sign_negative() != b.is_sign_negative();
    let mut d = from_u128(l, neg, scale as u32);
    if !small {
        // (Its 32-bit path makes a zero positive, the others keep the sign.)
        d.set_sign_negative(neg);
    }
    Ok(d)
}

/// The decimal of mantissa `m` (below 2^96), sign and scale: the 96 bits as the three
/// words `Decimal::from_parts` takes (which makes a zero positive).
fn from_u128(m: u128, negative: bool, scale: u32) -> Decimal {
    Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, negative, scale)
}

/// `(h·2^96 + l) / d` as the same two parts (`l` below 2^96), and the remainder.
fn div192(h: u128, l: u128, d: u32) -> (u128, u128, u32) {
    let (qh, r) = div_small(h, d);
    let (ql, r) = div_small(u128::from(r) << 96 | l, d);
    (qh, ql, r)
}

/// `a / b`: what `Decimal::checked_div` answers, bit for bit (the same mantissa, scale and
/// sign; `None` for a zero divisor or a quotient beyond what a decimal holds), in a fraction
/// of its code: rust_decimal's division is 5 KB of WebAssembly (long division written three
/// times, for 32-, 64- and 96-bit divisors), this one is 128-bit integers. Out of line in
/// WebAssembly, as [`add`].
///
/// rust_decimal divides as .NET's decimal does: the whole quotient of the mantissas at
/// scale `a.scale − b.scale`; then, while a remainder is left, up to 9 more digits at a
/// time, as many as the 96-bit mantissa and the scale (at most 28) take; when no digit
/// fits, the last is rounded half to even on the remainder. A quotient that passes 2⁹⁶
/// while digits are added loses its last digit again (rounded half to even, the dropped
/// remainder counting as a tie-breaker), and one rounded up to 2⁹⁶ is divided by ten and
/// rounded up. A whole quotient of a negative scale is brought to scale 0. Where digits
/// were added, trailing zeros are dropped as its `unscale` drops them: eight at a time
/// while the low 32 bits are zero, then four, two and one, once each. A zero dividend
/// gives `0` (scale 0, positive), a zero quotient is never negative.
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    const U96: u128 = 1 << 96;
    if b.is_zero() {
        return None;
    }
    if a.is_zero() {
        return Some(Decimal::ZERO);
    }
    let d = b.mantissa().unsigned_abs();
    let (mut q, mut r) = div_rem(a.mantissa().unsigned_abs(), d);
    let mut scale = a.scale() as i32 - b.scale() as i32;
    let mut added = false;
    loop {
        let whole = r == 0;
        let x = if whole {
            if scale >= 0 {
                break;
            }
            // A whole quotient of a negative scale, on to scale 0 (out of range when it
            // passes 2^96, below).
            (-scale).min(9)
        } else {
            added = true;
            // The digits that fit: q·10^x < 2^96. With n bits free above q, 10^x < 2^n
            // surely fits (x ≤ n·log₁₀2, 1233/4096 just below it) and 10^x ≥ 2^(n+1) surely
            // does not: one more digit at most.
            let most = if scale >= 28 { 0 } else { (28 - scale).min(9) };
            let n = q.leading_zeros().saturating_sub(32) as i32;
            let mut x = ((n * 1233) >> 12).min(most);
            if x < most && q * ten_to(x + 1) < U96 {
                x += 1;
            }
            // (rust_decimal lets 9 digits through at any scale, the next pass checks again.)
            if x < 9 && x + scale < 0 {
                return None;
            }
            if x == 0 {
                if 2 * r > d || (2 * r == d && q & 1 == 1) {
                    q += 1;
                    if q == U96 {
                        (q, scale) = tenth(q, scale, true)?;
                    }
                }
                break;
            }
            x
        };
        let (digits, rest) = div_rem(r * ten_to(x), d);
        (q, r, scale) = (q * ten_to(x) + digits, rest, scale + x);
        if q >= U96 {
            if whole {
                return None;
            }
            (q, scale) = tenth(q, scale, r != 0)?;
            break;
        }
    }
    if added {
        for (k, low) in [(8, u32::MAX), (8, u32::MAX), (8, u32::MAX), (4, 0xF), (2, 3), (1, 1)] {
            if q as u32 & low == 0 && scale >= k {
                let (t, rest) = div_small(q, ten_to(k) as u32);
                if rest == 0 {
                    (q, scale) = (t, scale - k);
                }
            }
        }
    }
    let neg = a.is_sign_negative() != b.is_sign_negative();
    Some(from_u128(q, neg, scale as u32))
}

/// `v / 100` (a percentage as a factor), through [`div`]: as Decimal's `/` answers, which
/// is never out of range here (the quotient is smaller than `v`), so `v` itself is never
/// the answer.
pub fn hundredth(v: Decimal) -> Decimal {
    div(v, Decimal::ONE_HUNDRED).unwrap_or(v)
}

/// `10^x` for `x` in 0..=19.
fn ten_to(x: i32) -> u128 {
    POW10.get(x as usize).map_or(0, |p| u128::from(*p))
}

/// `v / 10` at one scale less, rounded half to even (`sticky`: something was dropped below
/// `v`, so that a 5 rounds up); `None` below scale 0.
fn tenth(v: u128, scale: i32, sticky: bool) -> Option<(u128, i32)> {
    if scale < 1 {
        return None;
    }
    let (t, rest) = div_small(v, 10);
    Some((t + u128::from(rest > 5 || (rest == 5 && (sticky || t & 1 == 1))), scale - 1))
}

/// `n / d` and `n % d`: by 32-bit steps for a divisor below 2^32 (the divisors of quotes:
/// 139, 166, 2.54, 0.45359237, 0.25), bit by bit above it (a 128-bit division is a 1 KB
/// routine in WebAssembly, see `json::div10`).
fn div_rem(n: u128, d: u128) -> (u128, u128) {
    if let Ok(small) = u32::try_from(d) {
        let (q, r) = div_small(n, small);
        return (q, u128::from(r));
    }
    let (mut q, mut r, mut s, mut bits) = (0, n, d, 0);
    while s <= r >> 1 {
        s <<= 1;
        bits += 1;
    }
    for _ in 0..=bits {
        q <<= 1;
        if r >= s {
            r -= s;
            q |= 1;
        }
        s >>= 1;
    }
    (q, r)
}

/// `n / d` and `n % d` for `d` below 2^32: the high 64 bits at once, then the low ones a
/// 32-bit digit at a time (the remainder below `d` and a digit fit 64 bits).
fn div_small(n: u128, d: u32) -> (u128, u32) {
    let d = u64::from(d);
    let high = (n >> 64) as u64;
    let (mut q, mut r) = (u128::from(high / d), high % d);
    for digit in [(n >> 32) as u32, n as u32] {
        let part = r << 32 | u64::from(digit);
        q = q << 32 | u128::from(part / d);
        r = part % d;
    }
    (q, r as u32)
}

/// `a.saturating_add(b)` (the largest or smallest decimal, by the sign of `a`, when the
/// sum is out of range), through the one out-of-line [`add`].
pub fn saturating_add(a: Decimal, b: Decimal) -> Decimal {
    add(a, b).unwrap_or(if a.is_sign_positive() { Decimal::MAX } else { Decimal::MIN })
}

/// `a − b`, or [`OutOfRange`]: `a + (−b)` through the one out-of-line [`add`], so that
/// neither `Decimal`'s `-` nor its inlined `checked_sub` is in the module. rust_decimal
/// subtracts by adding the negation, so the answer is the same bit for bit; only for
/// `0 − 0`, where `checked_sub` answers `b` itself, would the sign of the zero differ.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    if a.is_zero() && b.is_zero() {
        return Ok(b);
    }
    add(a, -b)
}

/// `a.saturating_sub(b)`, through [`sub`].
pub fn saturating_sub(a: Decimal, b: Decimal) -> Decimal {
    sub(a, b).unwrap_or(if a.is_sign_positive() { Decimal::MAX } else { Decimal::MIN })
}

/// The sum of the amounts, or [`OutOfRange`].
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, OutOfRange> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// Money to the cent, half away from zero.
pub fn cents(value: Decimal) -> Decimal {
    if value.scale() == 2 {
        // What rounding to two places and rescaling to two leave as it is.
        return value;
    }
    let v = round(value, 2, Rule::HalfAway);
    // Then to two places as `rescale(2)` brings it (inlined, 0.5 KB of WebAssembly): a zero
    // to scale 2, its sign kept; others a trailing zero at a time while the mantissa takes it.
    let (mut m, mut scale, neg) = (v.mantissa().unsigned_abs(), v.scale(), v.is_sign_negative());
    while scale < 2 && m * 10 < 1 << 96 {
        (m, scale) = (m * 10, scale + 1);
    }
    let mut d = from_u128(m, neg, scale);
    d.set_sign_negative(neg);
    d
}

/// `ceil(a / b)` for positive b, as a whole number (0 when b is not positive; callers
/// guarantee b > 0), or [`OutOfRange`].
pub fn ceil_div(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    if !positive(b) {
        return Ok(Decimal::ZERO);
    }
    Ok(round(div(a, b).ok_or(OutOfRange)?, 0, Rule::Ceil))
}

/// How [`round`] rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Halves away from zero (`RoundingStrategy::MidpointAwayFromZero`).
    HalfAway,
    /// Halves to the even digit (`RoundingStrategy::MidpointNearestEven`, `round_dp`).
    HalfEven,
    /// Up (`ceil`, with `dp` 0).
    Ceil,
    /// Down (`floor`, with `dp` 0).
    Floor,
}

/// `v` rounded to `dp` decimals: what `round_dp_with_strategy`, `round_dp`, `ceil` and
/// `floor` (with `dp` 0) answer, bit for bit, in one function of 128-bit integers instead
/// of rust_decimal's 2.5 KB of them (out of line in WebAssembly, as [`add`]). A value of
/// `dp` decimals or fewer is answered as it is; a zero keeps its sign; a nonzero value
/// rounded to zero is positive, except that `ceil` and `floor` keep the sign of what they
/// cut (`ceil(-0.5)` is `-0`).
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn round(v: Decimal, dp: u32, rule: Rule) -> Decimal {
    let scale = v.scale();
    if scale <= dp {
        return v;
    }
    let neg = v.is_sign_negative();
    let m = v.mantissa().unsigned_abs();
    // All digits dropped but the first, 9 at a time (only whether they are zero counts),
    // then the first dropped digit.
    let (mut q, mut sticky, mut k) = (m, false, (scale - dp) as i32 - 1);
    while k > 0 {
        let step = k.min(9);
        let (t, rest) = div_small(q, ten_to(step) as u32);
        (q, sticky, k) = (t, sticky || rest != 0, k - step);
    }
    let (mut q, digit) = div_small(q, 10);
    let up = match rule {
        Rule::HalfAway => digit >= 5,
        Rule::HalfEven => digit > 5 || (digit == 5 && (sticky || q & 1 == 1)),
        Rule::Ceil => !neg && (sticky || digit != 0),
        Rule::Floor => neg && (sticky || digit != 0),
    };
    q += u128::from(up);
    let mut d = from_u128(q, neg, dp);
    if q == 0 && (m == 0 || matches!(rule, Rule::Ceil | Rule::Floor)) {
        d.set_sign_negative(neg);
    }
    d
}

/// `v.normalize()`, bit for bit: trailing zeros dropped, a zero `0` (scale 0, positive).
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn normalize(v: Decimal) -> Decimal {
    if v.is_zero() {
        return Decimal::ZERO;
    }
    let (mut m, mut scale) = (v.mantissa().unsigned_abs(), v.scale());
    // (An odd mantissa has no trailing zero.)
    while scale > 0 && m & 1 == 0 {
        let (q, r) = div_small(m, 10);
        if r != 0 {
            break;
        }
        (m, scale) = (q, scale - 1);
    }
    from_u128(m, v.is_sign_negative(), scale)
}

/// `v.round_dp(4).normalize()`: a number as quotes and messages write it, four decimals at most.
pub fn plain(v: Decimal) -> Decimal {
    normalize(round(v, 4, Rule::HalfEven))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::RoundingStrategy;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(cents(d("1.005")).to_string(), "1.01");
        assert_eq!(cents(d("1.0049")).to_string(), "1.00");
        assert_eq!(cents(d("-1.005")).to_string(), "-1.01");
        assert_eq!(cents(d("7")).to_string(), "7.00");
        for v in ["1.23", "-0.00", "0.00", "1.2", "1.234", "-7.10", "79228162514264337593543950.33"] {
            let mut want = d(v).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            want.rescale(2);
            assert_eq!(cents(d(v)).serialize(), want.serialize(), "{v}");
        }
    }

    #[test]
    fn cents_is_rounding_then_rescale_on_a_grid_and_edges() {
        let grid = (0..6).flat_map(|s| (-3000i64..3000).map(move |m| Decimal::new(m, s)));
        for v in grid.chain(edge_values()) {
            let mut want = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            want.rescale(2);
            assert_eq!(bits(Some(cents(v))), bits(Some(want)), "{v:?}");
        }
        // Named cases: signed zeros keep their sign; a mantissa too large for 2 places gets what fits.
        assert_eq!(bits(Some(cents(-d("0.0")))), Some((0, 2, true)));
        assert_eq!(bits(Some(cents(-d("0.001")))), Some((0, 2, false)));
        assert_eq!(bits(Some(cents(Decimal::MAX))), Some(((1 << 96) - 1, 0, false)));
        let big = Decimal::from_i128_with_scale(10i128.pow(27), 0);
        assert_eq!(bits(Some(cents(big))), Some((10i128.pow(28), 1, false)));
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

    /// A xorshift64 generator: the same numbers on every run.
    fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    /// A decimal of any size and scale (small, 7-digit, 64-bit and 96-bit mantissas),
    /// negative one time in `negative_one_in`.
    fn random_decimal(next: &mut impl FnMut() -> u64, negative_one_in: u64) -> Decimal {
        let (a, b) = (next(), next());
        let m = match a % 4 {
            0 => i128::from(b % 1000),
            1 => i128::from(b % 10_000_000),
            2 => i128::from(b),
            _ => (i128::from(b) << 32 | i128::from(a >> 32)) % (1i128 << 96),
        };
        let m = if a % negative_one_in == 0 { -m } else { m };
        Decimal::try_from_i128_with_scale(m, (next() % 29) as u32).unwrap()
    }

    #[test]
    fn shortcuts_round_as_the_division_does() {
        // The scale shortcut agrees with the division on values of every scale and size.
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut values = vec![Decimal::ZERO, Decimal::MAX, Decimal::MIN, d("-0.00"), d("0.5"), d("-2.5"), d("1e20")];
        for _ in 0..20_000 {
            values.push(random_decimal(&mut next, 7));
            // Weights and sizes as written: a few digits, a few places.
            values.push(Decimal::new((next() % 100_000) as i64, (next() % 5) as u32));
        }
        let increments = (0..=28)
            .map(|k| Decimal::new(1, k))
            .chain(["0.25", "0.5", "0.3", "2", "5", "7", "0.125", "0.0001", "1000000", "1.0", "0.10"].map(d));
        for inc in increments {
            for mode in [RoundMode::Up, RoundMode::Down, RoundMode::Nearest] {
                let r = Rounding { mode, increment: inc };
                let reference = |v: Decimal| {
                    let q = v.checked_div(r.increment)?;
                    let w = match mode {
                        RoundMode::Up => q.ceil(),
                        RoundMode::Down => q.floor(),
                        RoundMode::Nearest => q.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
                    };
                    Some(w.checked_mul(r.increment)?.normalize())
                };
                for v in &values {
                    let want = reference(*v);
                    let got = r.try_apply(*v);
                    assert_eq!(got.map(|g| g.serialize()), want.map(|w| w.serialize()), "{v} {mode:?} {inc}");
                }
            }
        }
    }

    #[test]
    fn ratios_round_as_dividing_first_does() {
        let mut next = xorshift(0x1234_5678_9ABC_DEF1);
        let dens = ["1728", "166", "139", "194", "6000", "5000", "1", "0.3", "1728.0", "7"].map(d);
        let incs = ["0.1", "1", "0.25", "0.5", "0.01", "0.3", "2"].map(d);
        let mut nums: Vec<Decimal> = vec![Decimal::ZERO, d("1728"), d("3456"), d("864"), d("172.8"), Decimal::MAX];
        for _ in 0..4000 {
            nums.push(Decimal::new((next() % 10_000_000) as i64, (next() % 7) as u32));
            let side = |v: u64| Decimal::new((v % 400) as i64 * 25, 2);
            nums.push(side(next()) * side(next()) * side(next()));
        }
        for den in dens {
            for inc in incs {
                for mode in [RoundMode::Up, RoundMode::Down, RoundMode::Nearest] {
                    let r = Rounding { mode, increment: inc };
                    for n in &nums {
                        let want = n.checked_div(den).and_then(|v| r.try_apply(v));
                        let got = r.try_apply_ratio(*n, den);
                        assert_eq!(got.map(|g| g.serialize()), want.map(|w| w.serialize()), "{n}/{den} {mode:?} {inc}");
                    }
                }
            }
        }
    }

    #[test]
    fn order_is_the_decimal_order() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let mut values = vec![Decimal::ZERO, Decimal::MAX, Decimal::MIN, d("-0.00"), d("0.00"), d("1"), d("1.000")];
        for _ in 0..3000 {
            values.push(random_decimal(&mut next, 9));
        }
        for v in values.clone() {
            values.push(v.normalize());
            values.push(v.round_dp(2));
        }
        for a in &values {
            for b in values.iter().step_by(7) {
                assert_eq!(order(*a, *b), a.cmp(b), "{a} {b}");
            }
        }
        every_pair(&edge_values(), |a, b| assert_eq!(order(a, b), a.cmp(&b), "{a:?} {b:?}"));
        // By hand: zeros of either sign and any scale are equal; scale does not order.
        assert_eq!(order(d("-0.000"), d("0")), Ordering::Equal);
        assert_eq!(order(d("1.10"), d("1.1")), Ordering::Equal);
        assert_eq!(order(d("-2"), d("-10.5")), Ordering::Greater);
        assert_eq!(order(Decimal::MAX, d("79228162514264337593543950334")), Ordering::Greater);
        assert_eq!(order(d("7922816251426433759354395033.4"), d("7922816251426433759354395033.5")), Ordering::Less);
        assert_eq!(order(d("0.0000000000000000000000000001"), d("-79228162514264337593543950335")), Ordering::Greater);
        assert_eq!(order(d("7922816251426433759354395033.5"), Decimal::MAX), Ordering::Less);
    }

    #[test]
    fn sub_is_checked_sub_bit_for_bit() {
        let mut next = xorshift(0x0DDB_1A5E_5BAD_5EED);
        let mut values =
            vec![Decimal::ZERO, d("-0"), d("0.00"), d("-0.000"), Decimal::MAX, Decimal::MIN, d("1"), d("-1")];
        for _ in 0..3000 {
            values.push(random_decimal(&mut next, 3));
            values.push(Decimal::new((next() % 100_000) as i64, (next() % 5) as u32));
        }
        for a in &values {
            for b in values.iter().step_by(5) {
                let want = a.checked_sub(*b);
                assert_eq!(sub(*a, *b).ok().map(|v| v.serialize()), want.map(|v| v.serialize()), "{a} - {b}");
                assert_eq!(saturating_sub(*a, *b).serialize(), a.saturating_sub(*b).serialize(), "{a} - {b}");
            }
        }
    }

    /// The arithmetic proptests' settings: 50,000 cases each, no file of failures kept.
    fn many_cases() -> proptest::prelude::ProptestConfig {
        proptest::prelude::ProptestConfig { cases: 50_000, failure_persistence: None, ..Default::default() }
    }

    /// `check(a, b)` for every ordered pair of `values`.
    fn every_pair(values: &[Decimal], check: fn(Decimal, Decimal)) {
        for a in values {
            for b in values {
                check(*a, *b);
            }
        }
    }

    /// What a division answered, bit for bit: mantissa, scale and sign (of zeros too).
    fn bits(v: Option<Decimal>) -> Option<(i128, u32, bool)> {
        v.map(|v| (v.mantissa(), v.scale(), v.is_sign_negative()))
    }

    /// `div(a, b)` against rust_decimal's own `checked_div`.
    fn same_as_checked_div(a: Decimal, b: Decimal) {
        assert_eq!(bits(div(a, b)), bits(a.checked_div(b)), "{a:?} / {b:?}");
    }

    #[test]
    fn div_is_checked_div_on_a_grid() {
        // Every a / b of -3.00 to 3.00 in steps of 0.01, and of -300 to 300, at scales 0 to 3.
        let values: Vec<Decimal> = (0..4).flat_map(|s| (-300i64..300).map(move |m| Decimal::new(m, s))).collect();
        every_pair(&values, same_as_checked_div);
    }

    #[test]
    fn hundredth_is_decimal_division_by_100() {
        let mut next = xorshift(0x5DEE_CE66_D1CE_4E5B);
        let mut values = vec![Decimal::ZERO, d("-0.00"), Decimal::MAX, Decimal::MIN, Decimal::new(1, 28), d("12.5")];
        for _ in 0..20_000 {
            values.push(random_decimal(&mut next, 3));
        }
        for v in values {
            assert_eq!(bits(Some(hundredth(v))), bits(Some(v / Decimal::ONE_HUNDRED)), "{v:?}");
        }
    }

    #[test]
    fn div_edge_cases_are_checked_div() {
        let tiny = Decimal::new(1, 28);
        let third = d("0.3333333333333333333333333333");
        let u64_max = Decimal::from(u64::MAX);
        let u32_max = Decimal::from(u32::MAX);
        let mut values = vec![
            Decimal::ZERO,
            d("-0"),
            d("0.00"),
            d("-0.0000"),
            Decimal::MAX,
            Decimal::MIN,
            tiny,
            -tiny,
            third,
            d("1"),
            d("-1"),
            d("3"),
            d("7"),
            d("0.5"),
            d("2.5"),
            d("1.5"),
            d("10"),
            d("1e20"),
            d("1e-20"),
            d("79228162514264337593543950334"),
            d("7922816251426433759354395033.5"),
            d("7.922816251426433759354395034"),
            d("39614081257132168796771975168"),
            d("0.0000000000000000000000000002"),
            d("0.0000000000000000000000000005"),
            d("9999999999999999999999999999"),
            d("0.9999999999999999999999999999"),
            d("1.0000000000000000000000000001"),
            d("1000000000000000000000000000"),
            d("4294967296"),
            d("4294967295"),
            d("4294967297"),
            d("18446744073709551616"),
            u64_max,
            u32_max,
            d("0.4294967295"),
            d("18446744073.709551615"),
            d("2.54"),
            d("0.45359237"),
            d("453.59237"),
            d("1728"),
            d("139"),
            d("166"),
        ];
        for v in values.clone() {
            values.push(-v);
        }
        for k in 0..=28 {
            values.push(Decimal::new(1, k));
            values.push(Decimal::new(5, k));
            values.push(Decimal::from_i128_with_scale(10i128.pow(k), k));
            values.push(Decimal::from_i128_with_scale(10i128.pow(k) * 7, 0));
        }
        every_pair(&values, same_as_checked_div);
        // Named cases, the expected answers written out.
        assert_eq!(div(d("1"), Decimal::ZERO), None);
        assert_eq!(div(Decimal::ZERO, Decimal::ZERO), None);
        assert_eq!(bits(div(d("-0.00"), d("-3"))), Some((0, 0, false)));
        assert_eq!(div(d("1"), d("3")), Some(d("0.3333333333333333333333333333")));
        assert_eq!(div(d("2"), d("3")), Some(d("0.6666666666666666666666666667")));
        assert_eq!(div(Decimal::MAX, tiny), None);
        assert_eq!(div(Decimal::MAX, d("0.5")), None);
        assert_eq!(div(Decimal::MAX, d("2")), Some(d("39614081257132168796771975167.5")));
        assert_eq!(div(Decimal::MAX, Decimal::MIN), Some(d("-1")));
        assert_eq!(bits(div(tiny, Decimal::MAX)), Some((0, 0, false)));
        assert_eq!(bits(div(-tiny, d("3"))), Some((0, 0, false)));
        // A tie at the 28th decimal goes to the even digit.
        assert_eq!(div(d("0.0000000000000000000000000005"), d("2")), Some(d("0.0000000000000000000000000002")));
        assert_eq!(div(d("0.0000000000000000000000000003"), d("2")), Some(d("0.0000000000000000000000000002")));
        assert_eq!(div(d("1.00"), d("1")), Some(d("1.00")));
        assert_eq!(bits(div(d("100"), d("0.10"))), Some((1000, 0, false)));
        assert_eq!(bits(div(d("10.000"), d("4"))), Some((2500, 3, false)));
        // 2.500000000 has its low 32 bits nonzero: four zeros go, then two, then one, not the last.
        assert_eq!(bits(div(d("10"), d("4"))), Some((250, 2, false)));
        assert_eq!(bits(div(d("1"), d("8"))), Some((125, 3, false)));
    }

    /// A decimal from its parts: any 96-bit mantissa or one of a few digits, any scale, any sign.
    fn any_decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        (
            prop_oneof![
                any::<u128>().prop_map(|m| m >> 32),
                any::<u64>().prop_map(u128::from),
                (0u128..1 << 32),
                (0u128..100_000),
                (0u128..1 << 20).prop_map(|k| (1u128 << 96) - 1 - k),
            ],
            0u32..=28,
            any::<bool>(),
        )
            .prop_map(|(m, s, neg)| Decimal::from_i128_with_scale(if neg { -(m as i128) } else { m as i128 }, s))
    }

    /// A weight, size, volume or amount as quotes have them: a few digits, a few places.
    fn realistic() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        prop_oneof![
            (0i64..100_000, 0u32..5).prop_map(|(m, s)| Decimal::new(m, s)),
            // Products of three sides of 0.25-inch steps (dimensional volumes).
            (1i64..400, 1i64..400, 1i64..400).prop_map(|(a, b, c)| Decimal::new(a * b * c * 25 * 25 * 25, 6)),
            (0i64..1 << 40, 0u32..12).prop_map(|(m, s)| Decimal::new(m, s)),
        ]
    }

    /// The divisors of quotes: dimensional divisors, unit factors, rounding increments.
    fn divisor() -> impl proptest::strategy::Strategy<Value = Decimal> {
        let all =
            "139 166 194 250 16 1000 2.54 0.45359237 453.59237 28.349523125 0.01 0.5 1 0.25 0.1 1728 5000 0.3 1.0 0.10";
        proptest::sample::select(all.split(' ').map(d).collect::<Vec<_>>())
    }

    proptest::proptest! {
        #![proptest_config(many_cases())]

        /// Any decimals, of every size, scale and sign.
        #[test]
        fn div_is_checked_div_on_any_decimals(a in any_decimal(), b in any_decimal()) {
            same_as_checked_div(a, b);
        }

        /// Quote-sized numbers by quote divisors, by any decimal, and any decimal by them.
        #[test]
        fn div_is_checked_div_on_quote_numbers(a in realistic(), b in divisor(), c in any_decimal()) {
            same_as_checked_div(a, b);
            same_as_checked_div(a, c);
            same_as_checked_div(c, b);
            same_as_checked_div(a, a + b);
        }
    }

    /// `add(a, b)` against rust_decimal's own `checked_add`, and `sub` against `checked_sub`.
    fn same_as_checked_add(a: Decimal, b: Decimal) {
        assert_eq!(bits(add(a, b).ok()), bits(a.checked_add(b)), "{a:?} + {b:?}");
        assert_eq!(bits(sub(a, b).ok()), bits(a.checked_sub(b)), "{a:?} - {b:?}");
    }

    /// Values at the edges of what a decimal holds, of every scale: zeros, ±MAX, mantissas
    /// next to 2^96, 2^64 and 2^32, ties (5s) and powers of ten.
    fn edge_values() -> Vec<Decimal> {
        let mut values = vec![Decimal::ZERO, d("-0"), d("0.00"), d("-0.0000"), Decimal::MAX, Decimal::MIN];
        let near = |m: i128| [m - 1, m, m + 1];
        let mantissas = [
            (1i128 << 96) - 1,
            (1i128 << 96) - 2,
            (1i128 << 96) - 5,
            (1i128 << 96) - 6,
            (1i128 << 95) + 3,
            79_228_162_514_264_337_593_543_950_330,
            7_922_816_251_426_433_759_354_395_034,
            10i128.pow(28),
            10i128.pow(28) * 5,
            5 * 10i128.pow(27) - 1,
        ];
        for k in 0..=28 {
            for m in
                mantissas.into_iter().chain(near(1 << 64)).chain(near(1 << 32)).chain(near(1 << 97).map(|m| m >> 2))
            {
                values.push(Decimal::from_i128_with_scale(m, k));
            }
            for m in [1, 5, 15, 25, 49_999, 50_000, 50_001, 10i128.pow(k), 10i128.pow(k) * 5, 10i128.pow(k) - 1] {
                values.push(Decimal::from_i128_with_scale(m, k));
            }
            values.push(Decimal::from_i128_with_scale(0, k));
        }
        for v in values.clone() {
            values.push(-v);
        }
        values
    }

    #[test]
    fn add_is_checked_add_on_a_grid() {
        // Every a + b of -2.00 to 2.00 in steps of 0.01, and of -200 to 200, at scales 0 to 4.
        let values: Vec<Decimal> = (0..5).flat_map(|s| (-200i64..200).map(move |m| Decimal::new(m, s))).collect();
        every_pair(&values, same_as_checked_add);
    }

    #[test]
    fn add_edge_cases_are_checked_add() {
        let values = edge_values();
        every_pair(&values, same_as_checked_add);
        // Named cases, the expected answers written out.
        assert_eq!(add(Decimal::MAX, d("1")), Err(OutOfRange));
        assert_eq!(add(Decimal::MAX, d("0.5")), Err(OutOfRange));
        assert_eq!(add(Decimal::MAX, d("0.4")), Ok(Decimal::MAX));
        assert_eq!(add(Decimal::MIN, d("-0.5")), Err(OutOfRange));
        // A zero operand gives the other as it is (parsing forgets the sign of a zero, negation does not).
        assert_eq!(bits(add(-d("0.00"), d("0.0")).ok()), Some((0, 1, false)));
        assert_eq!(bits(add(-d("0.00"), -d("0.0")).ok()), Some((0, 1, true)));
        assert_eq!(bits(add(d("0.0"), -d("0.00")).ok()), Some((0, 2, true)));
        assert_eq!(bits(add(-d("0.0"), d("2.50")).ok()), Some((250, 2, false)));
        assert_eq!(bits(add(d("1.5"), d("-1.50")).ok()), Some((0, 2, false)));
        // 2^96 − 1 at scale 1, plus 0.5: the sum 79228162514264337593543950340 (scale 1) loses its
        // last digit, a 0; plus 0.1: it loses a 6, rounding up.
        let top = Decimal::from_i128_with_scale((1 << 96) - 1, 1);
        assert_eq!(add(top, d("0.5")), Ok(d("7922816251426433759354395034")));
        assert_eq!(add(top, d("0.1")), Ok(d("7922816251426433759354395034")));
        // Ties go to the even digit: ...034.5 to ...034, ...035.5 to ...036.
        assert_eq!(add(top, d("1")), Ok(d("7922816251426433759354395034")));
        assert_eq!(add(top, d("2")), Ok(d("7922816251426433759354395036")));
        assert_eq!(
            add(d("5000000000000000000000000000.5"), d("5000000000000000000000000000")),
            Ok(d("10000000000000000000000000000"))
        );
        assert_eq!(
            add(d("5000000000000000000000000001.5"), d("5000000000000000000000000000")),
            Ok(d("10000000000000000000000000002"))
        );
    }

    proptest::proptest! {
        #![proptest_config(many_cases())]

        /// Any decimals, of every size, scale and sign.
        #[test]
        fn order_is_the_decimal_order_on_any_decimals(a in any_decimal(), b in any_decimal()) {
            proptest::prop_assert_eq!(order(a, b), a.cmp(&b));
            proptest::prop_assert_eq!(order(b, a), b.cmp(&a));
        }

        /// Any decimals, of every size, scale and sign.
        #[test]
        fn add_is_checked_add_on_any_decimals(a in any_decimal(), b in any_decimal()) {
            same_as_checked_add(a, b);
        }

        /// Quote-sized numbers, with each other and with any decimal.
        #[test]
        fn add_is_checked_add_on_quote_numbers(a in realistic(), b in realistic(), c in any_decimal()) {
            same_as_checked_add(a, b);
            same_as_checked_add(a, c);
            same_as_checked_add(c, -a);
        }
    }

    /// `mul(a, b)` against rust_decimal's own `checked_mul`, both ways round.
    fn same_as_checked_mul(a: Decimal, b: Decimal) {
        assert_eq!(bits(mul(a, b).ok()), bits(a.checked_mul(b)), "{a:?} * {b:?}");
        assert_eq!(bits(mul(b, a).ok()), bits(b.checked_mul(a)), "{b:?} * {a:?}");
    }

    #[test]
    fn mul_is_checked_mul_on_a_grid() {
        // Every a × b of -2.00 to 2.00 in steps of 0.01, and of -200 to 200, at scales 0 to 4,
        // and of them at scales 12 to 16 (products past scale 28).
        let values: Vec<Decimal> =
            (0..5).chain(12..17).flat_map(|s| (-200i64..200).map(move |m| Decimal::new(m, s))).collect();
        for a in &values {
            for b in values.iter().step_by(3) {
                same_as_checked_mul(*a, *b);
            }
        }
    }

    #[test]
    fn mul_edge_cases_are_checked_mul() {
        let values = edge_values();
        for a in &values {
            for b in values.iter().skip(values.len() / 2) {
                same_as_checked_mul(*a, *b);
            }
        }
        // Named cases, the expected answers written out.
        let top = |scale| Decimal::from_i128_with_scale((1 << 96) - 1, scale);
        assert_eq!(mul(Decimal::MAX, d("2")), Err(OutOfRange));
        assert_eq!(mul(Decimal::MAX, d("1.5")), Err(OutOfRange));
        assert_eq!(mul(Decimal::MAX, Decimal::MAX), Err(OutOfRange));
        assert_eq!(bits(mul(Decimal::MAX, d("1.0")).ok()), Some(((1 << 96) - 1, 0, false)));
        assert_eq!(mul(Decimal::MAX, d("0.1")), Ok(d("7922816251426433759354395033.5")));
        // 39614081257132168796771975167.5 goes to the even digit.
        assert_eq!(mul(Decimal::MAX, d("0.5")), Ok(d("39614081257132168796771975168")));
        assert_eq!(mul(Decimal::MIN, d("0.5")), Ok(d("-39614081257132168796771975168")));
        assert_eq!(mul(top(28), top(28)), Ok(d("62.771017353866807638357894230")));
        // 7922816251426433759354395032.8 × 1.0000000000000000000000000001 = 7922816251426433759354395033.59…
        // is 2^96 at scale 1: one digit less.
        let one_plus = d("1.0000000000000000000000000001");
        assert_eq!(
            mul(Decimal::from_i128_with_scale((1 << 96) - 8, 1), one_plus),
            Ok(d("7922816251426433759354395034"))
        );
        assert_eq!(mul(Decimal::from_i128_with_scale((1 << 96) - 8, 0), one_plus), Err(OutOfRange));
        // Scales past 28: 0.0000000000000000000000000025 × 0.1 is a tie, to the even digit.
        let tiny = |m| Decimal::from_i128_with_scale(m, 28);
        assert_eq!(bits(mul(tiny(25), d("0.1")).ok()), Some((2, 28, false)));
        assert_eq!(bits(mul(tiny(35), d("-0.1")).ok()), Some((-4, 28, true)));
        assert_eq!(bits(mul(tiny(4_294_967_305), d("0.1")).ok()), Some((429_496_730, 28, false)));
        assert_eq!(bits(mul(tiny(4_294_967_315), d("0.1")).ok()), Some((429_496_732, 28, false)));
        // Zeros: a zero operand, and products rounded to zero (32-bit ones positive, scale 0 past 47).
        assert_eq!(bits(mul(-d("0.00"), d("-3.5")).ok()), Some((0, 0, false)));
        assert_eq!(bits(mul(tiny(1), d("-0.1")).ok()), Some((0, 28, false)));
        assert_eq!(bits(mul(tiny(1), -tiny(1)).ok()), Some((0, 0, false)));
        assert_eq!(bits(mul(tiny(1 << 40), -tiny(1)).ok()), Some((0, 28, true)));
        assert_eq!(mul(d("1.5"), d("-2")), Ok(d("-3.0")));
        assert_eq!(bits(mul(d("2.54"), d("0.45359237")).ok()), Some((11_521_246_198, 10, false)));
    }

    proptest::proptest! {
        #![proptest_config(many_cases())]

        /// Any decimals, of every size, scale and sign.
        #[test]
        fn mul_is_checked_mul_on_any_decimals(a in any_decimal(), b in any_decimal()) {
            same_as_checked_mul(a, b);
        }

        /// Quote-sized numbers, with each other, with quote factors and with any decimal.
        #[test]
        fn mul_is_checked_mul_on_quote_numbers(a in realistic(), b in realistic(), c in any_decimal(), f in divisor()) {
            same_as_checked_mul(a, b);
            same_as_checked_mul(a, c);
            same_as_checked_mul(a, f);
            same_as_checked_mul(c, f);
        }
    }

    /// `round` and `normalize` against rust_decimal's own, bit for bit.
    fn same_roundings(v: Decimal) {
        for dp in [0, 1, 2, 4, 27, 28, v.scale(), v.scale().saturating_sub(1), v.scale().saturating_sub(10)] {
            let strategy = |s| bits(Some(v.round_dp_with_strategy(dp, s)));
            assert_eq!(
                bits(Some(round(v, dp, Rule::HalfAway))),
                strategy(RoundingStrategy::MidpointAwayFromZero),
                "{v:?} {dp}"
            );
            assert_eq!(bits(Some(round(v, dp, Rule::HalfEven))), bits(Some(v.round_dp(dp))), "{v:?} {dp}");
        }
        assert_eq!(bits(Some(round(v, 0, Rule::Ceil))), bits(Some(v.ceil())), "{v:?} ceil");
        assert_eq!(bits(Some(round(v, 0, Rule::Floor))), bits(Some(v.floor())), "{v:?} floor");
        assert_eq!(bits(Some(normalize(v))), bits(Some(v.normalize())), "{v:?} normalize");
        assert_eq!(bits(Some(plain(v))), bits(Some(v.round_dp(4).normalize())), "{v:?} plain");
    }

    #[test]
    fn round_is_rust_decimal_rounding_on_a_grid_and_edges() {
        for s in 0..=6 {
            for m in -3000i64..3000 {
                same_roundings(Decimal::new(m, s));
            }
        }
        for v in edge_values() {
            same_roundings(v);
        }
        // Named cases, the expected answers written out.
        assert_eq!(bits(Some(round(d("-0.5"), 0, Rule::Ceil))), Some((0, 0, true)));
        assert_eq!(bits(Some(round(d("0.5"), 0, Rule::Floor))), Some((0, 0, false)));
        assert_eq!(bits(Some(round(d("-0.4"), 0, Rule::HalfAway))), Some((0, 0, false)));
        assert_eq!(bits(Some(round(-d("0.000"), 2, Rule::HalfAway))), Some((0, 2, true)));
        assert_eq!(round(d("2.5"), 0, Rule::HalfAway), d("3"));
        assert_eq!(round(d("-2.5"), 0, Rule::HalfAway), d("-3"));
        assert_eq!(round(d("2.5"), 0, Rule::HalfEven), d("2"));
        assert_eq!(round(d("-1.5"), 0, Rule::Floor), d("-2"));
        assert_eq!(round(d("1.00005"), 4, Rule::HalfEven), d("1.0000"));
        assert_eq!(round(d("1.00015"), 4, Rule::HalfEven), d("1.0002"));
        assert_eq!(bits(Some(normalize(-d("0.00")))), Some((0, 0, false)));
        assert_eq!(bits(Some(normalize(d("-1.2300")))), Some((-123, 2, true)));
    }

    proptest::proptest! {
        #![proptest_config(many_cases())]

        /// Any decimals, of every size, scale and sign, and quote-sized ones.
        #[test]
        fn round_is_rust_decimal_rounding_on_any_decimals(a in any_decimal(), b in realistic()) {
            same_roundings(a);
            same_roundings(b);
            same_roundings(-b);
        }
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
