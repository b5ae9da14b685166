//! Equals [`crate::book::activation::sigmoid`] and [`crate::book::activation::sigmoid_prime`] (and
//! `f64::exp`) bit for bit; tested by this file's tests on 80,000 arguments and every edge.
//!
//! e^{-|z|} and sigma(z) four at a time, with exactly the bits of `f64::exp` and
//! [`super::sigmoid`], one value at a time.
//!
//! On x86-64 Linux, `f64::exp` is the C library's `exp`. glibc (2.28 and later) computes it as
//! 2^(k/128) e^r with a 128-entry table and a degree-5 polynomial in r, and on a CPU with FMA
//! it runs a build whose every multiply-add is fused. This module does the same operations in
//! the same order with AVX2 and FMA vector instructions, so each lane gets the library's bits.
//! The table and three constants are computed from their definitions by `tools/exp_table.py`;
//! the four polynomial coefficients are glibc's (minimax values that no definition gives).
//!
//! Whether this machine's `exp` really is that function is checked once per process: the
//! vector path is used only if it gives `f64::exp`'s bits on 40,000 arguments spread over every
//! exponent and every table entry ([`vector_path`]); otherwise, and for arguments outside
//! [2^-54, 512) in size (where the library takes another path), every value goes through
//! `f64::exp`. Either way the numbers are the ones the scalar code gives.

use crate::book::activation::{sigmoid, sigmoid_prime};

#[allow(clippy::unreadable_literal)]
mod table {
    include!("exp_table.rs");
}

/// The polynomial's coefficients C2..C5 (of r^2..r^5), glibc's `__exp_data.poly`.
#[cfg(target_arch = "x86_64")]
const POLY: [u64; 4] = [
    0x3fdf_ffff_ffff_fdbd,
    0x3fc5_5555_5555_543c,
    0x3fa5_5555_cf17_2b91,
    0x3f81_1111_67a4_d017,
];
/// 1.5 * 2^52: adding it rounds to an integer held in the low bits.
#[cfg(target_arch = "x86_64")]
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// Whether the vector path is on: the CPU has AVX2 and FMA, and the check of [`vector_path`]
/// found the C library's `exp` to be the function this module computes.
pub fn vector_path() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                return agrees_with_the_library();
            }
        }
        false
    })
}

/// Arguments for the check: 40,000 values -2^u m with u over [-55, 10] and m in [1, 2), from a
/// fixed xorshift sequence, so every exponent, table entry and both edges of the fast range
/// are met.
fn check_arguments() -> impl Iterator<Item = f64> {
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..40_000).map(move |i| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let exponent = i % 66 - 55;
        let mantissa = 1.0 + (s >> 11) as f64 / (1u64 << 53) as f64;
        -mantissa * 2f64.powi(exponent)
    })
}

#[cfg(target_arch = "x86_64")]
fn agrees_with_the_library() -> bool {
    let x: Vec<f64> = check_arguments().collect();
    let mut fast = vec![0.0; x.len()];
    // SAFETY: called only after AVX2 and FMA were detected on the running CPU.
    unsafe { avx2::exp_neg_abs(&x, &mut fast) };
    x.iter()
        .zip(&fast)
        .all(|(&x, &e)| x.exp().to_bits() == e.to_bits())
}

/// What [`each`] computes of every z.
#[derive(Clone, Copy)]
enum Of {
    ExpNegAbs,
    Sigmoid,
    Slope,
}

/// out_i = f(z_i) for each i: four at a time where the vector path is on, else one at a time
/// through the scalar function, with the same bits either way.
fn each(of: Of, z: &[f64], out: &mut [f64]) {
    assert_eq!(
        z.len(),
        out.len(),
        "exp_vector: the slices differ in length"
    );
    #[cfg(target_arch = "x86_64")]
    if vector_path() {
        // SAFETY: vector_path() is true only on a CPU with AVX2 and FMA.
        unsafe {
            match of {
                Of::ExpNegAbs => avx2::exp_neg_abs(z, out),
                Of::Sigmoid => avx2::sigmoids(z, out),
                Of::Slope => avx2::sigmoid_primes(z, out),
            }
        }
        return;
    }
    one_at_a_time(of, z, out);
}

/// [`each`] without the vector path: out_i = f(z_i) through the scalar functions.
fn one_at_a_time(of: Of, z: &[f64], out: &mut [f64]) {
    fn apply(z: &[f64], out: &mut [f64], f: impl Fn(f64) -> f64) {
        for (o, &z) in out.iter_mut().zip(z) {
            *o = f(z);
        }
    }
    match of {
        Of::ExpNegAbs => apply(z, out, |z| (-z.abs()).exp()),
        Of::Sigmoid => apply(z, out, sigmoid),
        Of::Slope => apply(z, out, sigmoid_prime),
    }
}

/// e_i = e^{-|z_i|} for each i, the factor both [`sigmoid`] and the softplus of the
/// cross-entropy take; the bits of `(-z.abs()).exp()`.
///
/// # Panics
/// When the two slices differ in length.
pub fn exp_neg_abs(z: &[f64], e: &mut [f64]) {
    each(Of::ExpNegAbs, z, e);
}

/// a_i = sigma(z_i) for each i, with the bits of [`sigmoid`].
///
/// # Panics
/// When the two slices differ in length.
pub fn sigmoids(z: &[f64], a: &mut [f64]) {
    each(Of::Sigmoid, z, a);
}

/// s_i = sigma'(z_i) for each i, with the bits of [`sigmoid_prime`].
///
/// # Panics
/// When the two slices differ in length.
pub fn sigmoid_primes(z: &[f64], s: &mut [f64]) {
    each(Of::Slope, z, s);
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::table::{INV_LN2_N, NEG_LN2_HI_N, NEG_LN2_LO_N, TABLE};
    use super::{POLY, SHIFT, sigmoid, sigmoid_prime};
    use std::arch::x86_64::{
        __m256d, _CMP_GE_OQ, _mm256_add_epi64, _mm256_add_pd, _mm256_and_si256, _mm256_blendv_pd,
        _mm256_castpd_si256, _mm256_castsi256_pd, _mm256_cmp_pd, _mm256_cmpgt_epi64, _mm256_div_pd,
        _mm256_fmadd_pd, _mm256_i64gather_epi64, _mm256_loadu_pd, _mm256_mul_pd, _mm256_or_pd,
        _mm256_or_si256, _mm256_set1_epi64x, _mm256_set1_pd, _mm256_setzero_pd, _mm256_slli_epi64,
        _mm256_srli_epi64, _mm256_storeu_pd, _mm256_sub_pd, _mm256_testz_si256,
    };

    /// Four lanes of e^{-|z|}, or None when a lane is outside the library's fast range
    /// (|z| in [2^-54, 512)) or not a number.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn lanes(z: __m256d) -> Option<__m256d> {
        let c = |bits: u64| _mm256_set1_pd(f64::from_bits(bits));
        // x = -|z|: the sign bit set.
        let x = _mm256_or_pd(z, _mm256_set1_pd(-0.0));
        let xi = _mm256_castpd_si256(x);
        let abstop = _mm256_and_si256(_mm256_srli_epi64::<52>(xi), _mm256_set1_epi64x(0x7ff));
        // Fast when 0x3c9 <= abstop <= 0x407 (NaN has 0x7ff).
        let low = _mm256_cmpgt_epi64(_mm256_set1_epi64x(0x3c9), abstop);
        let high = _mm256_cmpgt_epi64(abstop, _mm256_set1_epi64x(0x407));
        if _mm256_testz_si256(_mm256_or_si256(low, high), _mm256_set1_epi64x(-1)) == 0 {
            return None;
        }
        let shift = _mm256_set1_pd(SHIFT);
        let kd = _mm256_fmadd_pd(x, c(INV_LN2_N), shift);
        let ki = _mm256_castpd_si256(kd);
        let kd = _mm256_sub_pd(kd, shift);
        let r = _mm256_fmadd_pd(kd, c(NEG_LN2_HI_N), x);
        let r = _mm256_fmadd_pd(kd, c(NEG_LN2_LO_N), r);
        let idx = _mm256_slli_epi64::<1>(_mm256_and_si256(ki, _mm256_set1_epi64x(127)));
        let top = _mm256_slli_epi64::<45>(ki);
        let base = TABLE.as_ptr().cast::<i64>();
        // SAFETY: idx is 2 (ki mod 128) <= 254, so idx and idx + 1 index the 256 entries.
        let (tail, sbits) = unsafe {
            (
                _mm256_i64gather_epi64::<8>(base, idx),
                _mm256_i64gather_epi64::<8>(base.add(1), idx),
            )
        };
        let p23 = _mm256_fmadd_pd(r, c(POLY[1]), c(POLY[0]));
        let s1 = _mm256_add_pd(r, _mm256_castsi256_pd(tail));
        let sbits = _mm256_add_epi64(top, sbits);
        let r2 = _mm256_mul_pd(r, r);
        let p45 = _mm256_fmadd_pd(r, c(POLY[3]), c(POLY[2]));
        let s2 = _mm256_fmadd_pd(p23, r2, s1);
        let r4 = _mm256_mul_pd(r2, r2);
        let tmp = _mm256_fmadd_pd(r4, p45, s2);
        let scale = _mm256_castsi256_pd(sbits);
        Some(_mm256_fmadd_pd(scale, tmp, scale))
    }

    /// out = f(z, e^{-|z|}) four lanes at a time, `scalar(z)` for lanes outside the fast
    /// range and after the last group of four.
    #[inline(always)]
    fn map(
        z: &[f64],
        out: &mut [f64],
        vector: impl Fn(__m256d, __m256d) -> __m256d,
        scalar: impl Fn(f64) -> f64,
    ) {
        let mut zc = z.chunks_exact(4);
        let mut oc = out.chunks_exact_mut(4);
        for (z4, o4) in (&mut zc).zip(&mut oc) {
            // SAFETY: both chunks hold exactly four f64; the caller enabled AVX2 and FMA.
            unsafe {
                let v = _mm256_loadu_pd(z4.as_ptr());
                match lanes(v) {
                    Some(e) => _mm256_storeu_pd(o4.as_mut_ptr(), vector(v, e)),
                    None => {
                        for (o, &z) in o4.iter_mut().zip(z4) {
                            *o = scalar(z);
                        }
                    }
                }
            }
        }
        for (o, &z) in oc.into_remainder().iter_mut().zip(zc.remainder()) {
            *o = scalar(z);
        }
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) fn exp_neg_abs(z: &[f64], e: &mut [f64]) {
        map(z, e, |_, e| e, |z| (-z.abs()).exp());
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) fn sigmoids(z: &[f64], a: &mut [f64]) {
        let one = _mm256_set1_pd(1.0);
        // z >= 0: 1 / (1 + e); otherwise e / (1 + e).
        let vector = |z, e| {
            let nonnegative = _mm256_cmp_pd::<_CMP_GE_OQ>(z, _mm256_setzero_pd());
            _mm256_div_pd(_mm256_blendv_pd(e, one, nonnegative), _mm256_add_pd(one, e))
        };
        map(z, a, vector, sigmoid);
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) fn sigmoid_primes(z: &[f64], s: &mut [f64]) {
        let one = _mm256_set1_pd(1.0);
        // e / (1 + e)^2
        let vector = |_, e| {
            let d = _mm256_add_pd(one, e);
            _mm256_div_pd(e, _mm256_mul_pd(d, d))
        };
        map(z, s, vector, sigmoid_prime);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::activation::sigmoid_from;

    /// Values of every size the networks meet, the fast range's edges, and the odd ones.
    fn arguments() -> Vec<f64> {
        let mut v: Vec<f64> = check_arguments().map(|x| x * 1.37).collect();
        v.extend(check_arguments().map(|x| -x * 0.61));
        v.extend([
            0.0,
            -0.0,
            1e-300,
            -1e-17,
            2f64.powi(-54),
            -(2f64.powi(-54)),
            511.999,
            -512.0,
            700.0,
            -745.2,
            -800.0,
            1e308,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
        ]);
        v
    }

    #[test]
    fn exp_neg_abs_has_the_bits_of_the_scalar_exp() {
        let z = arguments();
        let mut e = vec![0.0; z.len()];
        exp_neg_abs(&z, &mut e);
        for (&z, &e) in z.iter().zip(&e) {
            let want = (-z.abs()).exp();
            assert!(
                want.to_bits() == e.to_bits() || (want.is_nan() && e.is_nan()),
                "z = {z:e}: {e:e} != {want:e}"
            );
        }
    }

    #[test]
    fn sigmoids_and_their_slopes_have_the_bits_of_the_scalar_functions() {
        // Every length, so that the tail after the last group of four is covered too.
        let z = arguments();
        for len in [0, 1, 3, 4, 5, 30, z.len()] {
            let z = &z[z.len() - len..];
            let mut a = vec![0.0; len];
            sigmoids(z, &mut a);
            let mut s = vec![0.0; len];
            sigmoid_primes(z, &mut s);
            for (&z, &s) in z.iter().zip(&s) {
                let want = sigmoid_prime(z);
                assert!(
                    want.to_bits() == s.to_bits() || (want.is_nan() && s.is_nan()),
                    "sigma'({z:e}): {s:e} != {want:e}"
                );
            }
            for (&z, &a) in z.iter().zip(&a) {
                let want = sigmoid(z);
                assert!(
                    want.to_bits() == a.to_bits() || (want.is_nan() && a.is_nan()),
                    "z = {z:e}: {a:e} != {want:e}"
                );
                let from = sigmoid_from(z, (-z.abs()).exp());
                assert!(from.to_bits() == want.to_bits() || (from.is_nan() && want.is_nan()));
            }
        }
    }

    /// On glibc with AVX2 and FMA the vector path must be the one in use, and it must give
    /// the library's bits on its own (not through the scalar fallback): this fails on a C
    /// library whose exp is another function, where nnlab still gives the same numbers, only
    /// more slowly.
    #[test]
    #[cfg(all(target_arch = "x86_64", target_env = "gnu"))]
    fn on_glibc_with_fma_the_vector_path_is_on_and_exact() {
        if !(std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma"))
        {
            return;
        }
        assert!(
            vector_path(),
            "exp_vector's check failed against this C library's exp"
        );
        let z = arguments();
        let mut e = vec![0.0; z.len()];
        // SAFETY: AVX2 and FMA were detected above.
        unsafe { avx2::exp_neg_abs(&z, &mut e) };
        let fast = z
            .iter()
            .filter(|z| (2f64.powi(-54)..512.0).contains(&z.abs()))
            .count();
        assert!(fast > 70_000, "only {fast} arguments in the fast range");
        for (&z, &e) in z.iter().zip(&e) {
            let want = (-z.abs()).exp();
            assert!(want.to_bits() == e.to_bits() || (want.is_nan() && e.is_nan()));
        }
    }

    /// The path of a machine without the vector exp gives what the public functions give here.
    #[test]
    fn the_one_at_a_time_path_agrees() {
        let z = arguments();
        for (of, public) in [
            (Of::ExpNegAbs, exp_neg_abs as fn(&[f64], &mut [f64])),
            (Of::Sigmoid, sigmoids),
            (Of::Slope, sigmoid_primes),
        ] {
            let (mut slow, mut fast) = (vec![0.0; z.len()], vec![0.0; z.len()]);
            one_at_a_time(of, &z, &mut slow);
            public(&z, &mut fast);
            for (a, b) in slow.iter().zip(&fast) {
                assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
            }
        }
    }
}
