//! The three 128-bit integer intrinsics zonerate's WebAssembly build calls, defined for
//! LLVM's multi-value ABI ("experimental-mv", set by `scripts/build-wasm.sh`).
//!
//! Under that ABI LLVM calls its 128-bit helpers (`__multi3` for a multiplication, `__ashlti3`
//! and `__lshrti3` for shifts by a variable count) as functions taking the halves of each
//! operand and returning the two halves of the result as two values. The copies in std's
//! `compiler_builtins` were compiled with the C ABI, which returns them through a pointer
//! instead: linked as they are, the linker would replace every call with a trap. These
//! definitions, in the "unadjusted" ABI (LLVM's own types, so an `i128` is passed and
//! returned as two `i64` values under the multi-value ABI), take their place:
//! `compiler_builtins` marks its own weak. `scripts/build-wasm.sh` refuses a linked module
//! with a call of mismatched signature.
//!
//! The symbols exist only with `--cfg zonerate_mv_abi` on wasm32 (the build script's flag).
//! The arithmetic ([`mul`], [`shl`], [`shr`]) is plain Rust everywhere, so it is tested
//! natively against Rust's own `u128` operations (`tests/mv_intrinsics.rs`). No 128-bit
//! operation appears in it: it works on 64-bit halves, and a product on 32-bit quarters,
//! so the symbols cannot end up calling themselves.

#![no_std]
// The ABI that hands LLVM its own types unchanged (the one std's intrinsics use on some
// targets; nightly-only, and only asked for on the build-std route, which has it).
// rustc calls the feature internal ("strongly discouraged"): compiler_builtins itself uses
// that ABI for 128-bit helpers (`__muloti4`, on Windows x86-64), the same job as here.
#![cfg_attr(all(target_arch = "wasm32", zonerate_mv_abi), feature(abi_unadjusted), allow(internal_features))]

/// The halves (low, high) of a 128-bit value.
#[inline(always)]
fn split(a: u128) -> (u64, u64) {
    (a as u64, (a >> 64) as u64)
}

/// A 128-bit value from its halves.
#[inline(always)]
fn join(lo: u64, hi: u64) -> u128 {
    (u128::from(hi) << 64) | u128::from(lo)
}

/// `x × y` in full, as (low, high) 64-bit halves, from four 32 × 32 → 64-bit products.
#[inline(always)]
fn wide(x: u64, y: u64) -> (u64, u64) {
    const M: u64 = 0xFFFF_FFFF;
    let (x0, x1, y0, y1) = (x & M, x >> 32, y & M, y >> 32);
    let (p00, p01, p10, p11) = (x0 * y0, x0 * y1, x1 * y0, x1 * y1);
    // At most 3 × (2^32 − 1): no overflow.
    let mid = (p00 >> 32) + (p01 & M) + (p10 & M);
    ((p00 & M) | (mid << 32), p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32))
}

/// `a × b` modulo 2^128: the low 128 bits of the product (the same bits for signed values).
#[inline(always)]
pub fn mul(a: u128, b: u128) -> u128 {
    let ((a0, a1), (b0, b1)) = (split(a), split(b));
    let (lo, hi) = wide(a0, b0);
    join(lo, hi.wrapping_add(a0.wrapping_mul(b1)).wrapping_add(a1.wrapping_mul(b0)))
}

/// `a << b` for `b` below 128 (as the intrinsic, only the low 7 bits of `b` count).
#[inline(always)]
pub fn shl(a: u128, b: u32) -> u128 {
    let (lo, hi) = split(a);
    let s = b & 63;
    if b & 64 != 0 {
        join(0, lo << s)
    } else if s == 0 {
        a
    } else {
        join(lo << s, (hi << s) | (lo >> (64 - s)))
    }
}

/// `a >> b`, logical, for `b` below 128 (only the low 7 bits of `b` count).
#[inline(always)]
pub fn shr(a: u128, b: u32) -> u128 {
    let (lo, hi) = split(a);
    let s = b & 63;
    if b & 64 != 0 {
        join(hi >> s, 0)
    } else if s == 0 {
        a
    } else {
        join((lo >> s) | (hi << (64 - s)), hi >> s)
    }
}

#[cfg(all(target_arch = "wasm32", zonerate_mv_abi))]
mod symbols {
    #[unsafe(no_mangle)]
    pub extern "unadjusted" fn __multi3(a: i128, b: i128) -> i128 {
        super::mul(a as u128, b as u128) as i128
    }

    #[unsafe(no_mangle)]
    pub extern "unadjusted" fn __ashlti3(a: u128, b: u32) -> u128 {
        super::shl(a, b)
    }

    #[unsafe(no_mangle)]
    pub extern "unadjusted" fn __lshrti3(a: u128, b: u32) -> u128 {
        super::shr(a, b)
    }
}
