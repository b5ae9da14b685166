//! The cross-entropy and its gradient stay finite for every finite weighted input.

use nnlab::book::cost::cross_entropy_from_z;
use nnlab::book::{Cost, OutputLayer, sigmoid};

#[test]
fn cross_entropy_is_finite_at_large_z() {
    for z in [40.0, -40.0, 800.0, -800.0] {
        for y in [0.0, 0.5, 1.0] {
            let a = [sigmoid(z)];
            let c = Cost::CrossEntropy.value(OutputLayer::Sigmoid, &[z], &a, &[y]);
            assert!(c.is_finite(), "C(z={z}, y={y}) = {c}");
            assert!(c >= 0.0);
            let mut d = [0.0];
            Cost::CrossEntropy.delta(OutputLayer::Sigmoid, &[z], &a, &[y], &mut d);
            assert!(d[0].is_finite() && d[0].abs() <= 1.0, "delta {}", d[0]);
        }
    }
    // At z = 800 the output rounds to exactly 1, yet the cost of y = 0 is 800, not infinity:
    // ln(1 - sigma(z)) = -softplus(z) = -800.
    assert_eq!(sigmoid(800.0), 1.0);
    assert!((cross_entropy_from_z(800.0, 0.0) - 800.0).abs() < 1e-9);
    assert!((cross_entropy_from_z(-800.0, 1.0) - 800.0).abs() < 1e-9);
    // Nearly right costs nearly nothing.
    assert!(cross_entropy_from_z(-40.0, 0.0) < 1e-17);
}

#[test]
fn log_likelihood_is_finite_for_huge_weighted_inputs() {
    let z = [900.0, -900.0, 0.0];
    let a = nnlab::book::softmax(&z, 1.0);
    let c = Cost::LogLikelihood.value(OutputLayer::Softmax { c: 1.0 }, &z, &a, &[0.0, 1.0, 0.0]);
    assert!((c - 1800.0).abs() < 1e-9, "{c}");
}
