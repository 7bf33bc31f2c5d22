//! The 128-bit arithmetic behind the multi-value wasm build's `__multi3`, `__ashlti3` and
//! `__lshrti3` (crates/mv-intrinsics), checked natively against Rust's own `u128`
//! operations: the oracle is the compiler's arithmetic, not the crate's.

use proptest::prelude::*;
use zonerate_mv_intrinsics::{mul, shl, shr};

/// Values at the edges of each 32-bit quarter and 64-bit half, where carries cross.
fn edges() -> Vec<u128> {
    let mut v = vec![0, 1, 2, 3, u128::MAX, u128::MAX - 1, 1 << 127, (1 << 127) - 1];
    for k in [31, 32, 33, 63, 64, 65, 95, 96, 97, 126] {
        v.extend([1u128 << k, (1u128 << k) - 1, (1u128 << k) + 1]);
    }
    v.extend([0xFFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_0000_0000, 0x8000_0000_8000_0000]);
    // Decimal-sized values: 10^k and 10^k − 1 (the engine multiplies mantissas by powers of ten).
    let mut p: u128 = 1;
    for _ in 0..38 {
        v.extend([p, p - 1]);
        p *= 10;
    }
    v
}

#[test]
fn products_and_shifts_at_the_edges() {
    let e = edges();
    for &a in &e {
        for &b in &e {
            assert_eq!(mul(a, b), a.wrapping_mul(b), "{a:#x} × {b:#x}");
            // The same bits as signed numbers' product.
            assert_eq!(mul(a, b) as i128, (a as i128).wrapping_mul(b as i128), "{a:#x} × {b:#x} signed");
        }
        for s in 0..128 {
            assert_eq!(shl(a, s), a << s, "{a:#x} << {s}");
            assert_eq!(shr(a, s), a >> s, "{a:#x} >> {s}");
        }
    }
}

proptest! {
    #[test]
    fn products_are_u128_products(a: u128, b: u128) {
        prop_assert_eq!(mul(a, b), a.wrapping_mul(b));
    }

    #[test]
    fn shifts_are_u128_shifts(a: u128, s in 0u32..128) {
        prop_assert_eq!(shl(a, s), a << s);
        prop_assert_eq!(shr(a, s), a >> s);
    }
}
