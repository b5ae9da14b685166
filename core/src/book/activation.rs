//! Activation functions and their derivatives, in numerically stable forms.
//!
//! Every function here is finite for every finite input: the logarithms of sigma are computed
//! from z through softplus, never from a rounded sigma(z).

/// The logistic sigmoid, sigma(z) = 1 / (1 + e^{-z}) (the book's Eq. (3) of chapter 1).
///
/// Evaluated so that e^x never overflows: for z < 0 it uses e^z / (1 + e^z).
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    sigmoid_from(z, (-z.abs()).exp())
}

/// sigma(z) from e = e^{-|z|} already taken (e^{-z} for z >= 0, e^z below): 1 / (1 + e) or
/// e / (1 + e).
#[inline]
pub fn sigmoid_from(z: f64, e: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

/// sigma'(z) = sigma(z) (1 - sigma(z)), the factor behind the learning slowdown (Eq. 55-56).
///
/// Computed as e^{-|z|} / (1 + e^{-|z|})^2, which is symmetric and exact for large |z|
/// (no cancellation in 1 - sigma). Its maximum is 1/4 at z = 0.
///
/// ```
/// use nnlab_core::book::sigmoid_prime;
/// assert_eq!(sigmoid_prime(0.0), 0.25);
/// // The badly wrong neuron of section 3.1 (w = b = 2, x = 1): z = 4.
/// assert!((sigmoid_prime(4.0) - 0.017_662_706_213_291).abs() < 1e-15);
/// assert!(sigmoid_prime(700.0) > 0.0 && sigmoid_prime(-700.0) == sigmoid_prime(700.0));
/// ```
#[inline]
pub fn sigmoid_prime(z: f64) -> f64 {
    let e = (-z.abs()).exp();
    let d = 1.0 + e;
    e / (d * d)
}

/// softplus(x) = ln(1 + e^x), stable for every finite x.
#[inline]
pub fn softplus(x: f64) -> f64 {
    softplus_from(x, (-x.abs()).exp())
}

/// softplus(x) with e = e^{-|x|} already taken (the one exp both branches need).
#[inline]
pub fn softplus_from(x: f64, e: f64) -> f64 {
    if x > 0.0 { x + e.ln_1p() } else { e.ln_1p() }
}

/// ln sum_k e^{x_k}, with the maximum subtracted first so that nothing overflows.
/// Returns negative infinity for an empty slice.
pub fn log_sum_exp(x: &[f64]) -> f64 {
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    let sum: f64 = x.iter().map(|&v| (v - max).exp()).sum();
    max + sum.ln()
}

/// Softmax with scale c (Eq. 83; c = 1 is Eq. 78): a_j = e^{c z_j} / sum_k e^{c z_k}.
///
/// The maximum of c z is subtracted first, so the result is finite and sums to 1 for every
/// finite input and finite c.
///
/// ```
/// use nnlab_core::book::softmax;
/// let a = softmax(&[0.0, 3f64.ln()], 1.0);
/// assert!((a[0] - 0.25).abs() < 1e-15 && (a[1] - 0.75).abs() < 1e-15);
/// // Large inputs do not overflow; c = 2 sharpens: e^{2 ln 3} = 9, so 9/10.
/// assert!((softmax(&[1000.0, 1000.0 + 3f64.ln()], 2.0)[1] - 0.9).abs() < 1e-12);
/// ```
pub fn softmax(z: &[f64], c: f64) -> Vec<f64> {
    let mut a = vec![0.0; z.len()];
    softmax_into(z, c, &mut a);
    a
}

/// [`softmax`] written into `out` (same length as `z`), for hot loops that reuse a buffer.
pub fn softmax_into(z: &[f64], c: f64, out: &mut [f64]) {
    debug_assert_eq!(z.len(), out.len());
    let max = z.iter().map(|&v| c * v).fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for (o, &v) in out.iter_mut().zip(z) {
        *o = (c * v - max).exp();
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_is_finite_and_symmetric() {
        for &z in &[-800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0] {
            let s = sigmoid(z);
            assert!(s.is_finite());
            assert!((s + sigmoid(-z) - 1.0).abs() < 1e-15);
        }
        assert_eq!(sigmoid(0.0), 0.5);
    }

    #[test]
    fn softplus_is_finite_and_matches_its_definition() {
        for &x in &[-800.0, -40.0, 0.0, 40.0, 800.0] {
            assert!(softplus(x).is_finite());
        }
        assert!((softplus(800.0) - 800.0).abs() < 1e-9);
        assert!((softplus(2.0) - (1.0 + 2f64.exp()).ln()).abs() < 1e-15);
        assert!((softplus(-2.0) - (1.0 + (-2f64).exp()).ln()).abs() < 1e-15);
    }

    #[test]
    fn sigmoid_prime_peaks_at_a_quarter() {
        assert_eq!(sigmoid_prime(0.0), 0.25);
        let s = sigmoid(3.0);
        assert!((sigmoid_prime(3.0) - s * (1.0 - s)).abs() < 1e-15);
    }

    #[test]
    fn softmax_sums_to_one_for_huge_inputs() {
        let a = softmax(&[1000.0, 999.0, -1000.0], 1.0);
        assert!((a.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert!(a.iter().all(|v| v.is_finite()));
    }
}
