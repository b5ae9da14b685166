//! The book layer's formulas at general points, where a wrong formula cannot hide: targets
//! strictly between 0 and 1, softmax scales c != 1, weighted inputs of both signs and large
//! size. Each derivative is checked against central differences of the value it differentiates
//! (h = 1e-6, relative tolerance 1e-6: truncation ~1e-12 and rounding ~1e-10 for values of
//! order 1), each value against an independent formula, and each rule of `rules` at and around
//! its boundary.

use nnlab_core::book::{
    Cost, OutputLayer, log_sum_exp, sigmoid, sigmoid_prime, softmax, softmax_into, softplus,
};
use nnlab_core::rules::{self, RuleError};
use nnlab_core::run::Update;

const H: f64 = 1e-6;

fn near(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * (1.0 + want.abs())
}

const ZS: [f64; 7] = [-6.0, -1.3, -0.2, 0.0, 0.7, 2.5, 9.0];
const YS: [f64; 3] = [0.2, 0.5, 0.85];

/// The cost of one example as a function of its weighted inputs, through the output layer.
fn cost_of_z(cost: Cost, output: OutputLayer, z: &[f64], y: &[f64]) -> f64 {
    let mut a = vec![0.0; z.len()];
    output.activate(z, &mut a);
    cost.value(output, z, &a, y)
}

#[test]
fn sigmoid_and_its_slope_match_independent_formulas() {
    for z in ZS {
        let direct = 1.0 / (1.0 + (-z).exp());
        assert!(near(sigmoid(z), direct, 1e-15), "sigma({z})");
        let fd = (sigmoid(z + H) - sigmoid(z - H)) / (2.0 * H);
        assert!(
            near(sigmoid_prime(z), fd, 1e-8),
            "sigma'({z}) = {} vs {fd}",
            sigmoid_prime(z)
        );
        assert!(
            near(sigmoid_prime(z), direct * (1.0 - direct), 1e-14),
            "sigma(1 - sigma) at {z}"
        );
        let sp = (1.0 + z.exp()).ln();
        assert!(near(softplus(z), sp, 1e-14), "softplus({z})");
    }
}

#[test]
fn softmax_and_log_sum_exp_with_a_scale() {
    let z = [0.3, -1.2, 2.0, 0.9];
    for c in [0.5, 1.0, 2.5] {
        let e: Vec<f64> = z.iter().map(|v: &f64| (c * v).exp()).collect();
        let sum: f64 = e.iter().sum();
        let a = softmax(&z, c);
        let mut b = [0.0; 4];
        softmax_into(&z, c, &mut b);
        for j in 0..4 {
            assert!(near(a[j], e[j] / sum, 1e-14), "softmax c={c} j={j}");
            assert_eq!(a[j], b[j]);
        }
    }
    assert!(near(
        log_sum_exp(&z),
        z.iter().map(|v| v.exp()).sum::<f64>().ln(),
        1e-15
    ));
    assert_eq!(log_sum_exp(&[]), f64::NEG_INFINITY);
}

#[test]
fn values_match_the_books_formulas_at_general_targets() {
    for z in ZS {
        for y in YS {
            let a = sigmoid(z);
            let s = OutputLayer::Sigmoid;
            let q = Cost::Quadratic.value(s, &[z], &[a], &[y]);
            assert!(
                near(q, 0.5 * (a - y) * (a - y), 1e-14),
                "Eq. 54 at z={z} y={y}"
            );
            let ce = Cost::CrossEntropy.value(s, &[z], &[a], &[y]);
            let book = -(y * a.ln() + (1.0 - y) * (1.0 - a).ln());
            assert!(
                near(ce, book, 1e-12),
                "Eq. 57 at z={z} y={y}: {ce} vs {book}"
            );
            let lin = Cost::Quadratic.value(OutputLayer::Linear, &[z], &[z], &[y]);
            assert!(near(lin, 0.5 * (z - y) * (z - y), 1e-14));
        }
    }
    // The log-likelihood of a target distribution, with a scale c != 1 (Eq. 80, 83).
    let z = [0.4, -0.9, 1.6];
    let y = [0.2, 0.3, 0.5];
    for c in [0.7, 1.0, 3.0] {
        let out = OutputLayer::Softmax { c };
        let a = softmax(&z, c);
        let ll = Cost::LogLikelihood.value(out, &z, &a, &y);
        let book: f64 = -(0..3).map(|j| y[j] * a[j].ln()).sum::<f64>();
        assert!(near(ll, book, 1e-13), "c={c}: {ll} vs {book}");
    }
}

#[test]
fn every_output_error_is_the_derivative_of_its_cost() {
    let pairs = [
        (Cost::Quadratic, OutputLayer::Sigmoid),
        (Cost::CrossEntropy, OutputLayer::Sigmoid),
        (Cost::Quadratic, OutputLayer::Linear),
        (Cost::Quadratic, OutputLayer::Softmax { c: 1.8 }),
        (Cost::LogLikelihood, OutputLayer::Softmax { c: 0.6 }),
        (Cost::LogLikelihood, OutputLayer::Softmax { c: 2.4 }),
    ];
    let zs = [[0.4, -1.1, 2.2], [-3.0, 0.5, 0.1], [6.0, -0.7, 1.3]];
    let ys = [[0.2, 0.3, 0.5], [0.7, 0.1, 0.2]];
    for (cost, output) in pairs {
        for z in &zs {
            for y in &ys {
                let mut a = [0.0; 3];
                output.activate(z, &mut a);
                let mut delta = [0.0; 3];
                cost.delta(output, z, &a, y, &mut delta);
                for j in 0..3 {
                    let (mut up, mut down) = (*z, *z);
                    up[j] += H;
                    down[j] -= H;
                    let fd = (cost_of_z(cost, output, &up, y) - cost_of_z(cost, output, &down, y))
                        / (2.0 * H);
                    assert!(
                        near(delta[j], fd, 1e-6),
                        "{cost} {output:?} z={z:?} y={y:?} j={j}: delta {} vs {fd}",
                        delta[j]
                    );
                }
            }
        }
    }
}

#[test]
fn dc_da_is_the_derivative_of_the_cost_in_a() {
    for z in ZS {
        for y in YS {
            let a = sigmoid(z);
            // The quadratic cost in a: (a - y)^2 / 2.
            let q = |a: f64| 0.5 * (a - y) * (a - y);
            let fd = (q(a + H) - q(a - H)) / (2.0 * H);
            assert!(
                near(Cost::Quadratic.dc_da(z, a, y), fd, 1e-6),
                "quadratic z={z} y={y}"
            );
            // The cross-entropy in a: -[y ln a + (1 - y) ln(1 - a)]; its derivative is Eq. 75's
            // (a - y) / (a (1 - a)). A step in a small against a and 1 - a.
            let ce = |a: f64| -(y * a.ln() + (1.0 - y) * (1.0 - a).ln());
            let h = H * a.min(1.0 - a);
            let fd = (ce(a + h) - ce(a - h)) / (2.0 * h);
            let got = Cost::CrossEntropy.dc_da(z, a, y);
            assert!(
                near(got, fd, 1e-5),
                "cross-entropy z={z} y={y}: {got} vs {fd}"
            );
            assert!(near(got, (a - y) / (a * (1.0 - a)), 1e-9));
        }
    }
    // The end points drop a term whose factor is zero, and stay finite for large |z|.
    assert!(
        Cost::CrossEntropy
            .dc_da(40.0, sigmoid(40.0), 0.0)
            .is_finite()
    );
    assert!(near(
        Cost::CrossEntropy.dc_da(2.0, sigmoid(2.0), 1.0),
        -(1.0 + (-2f64).exp()),
        1e-14
    ));
    assert!(near(
        Cost::CrossEntropy.dc_da(2.0, sigmoid(2.0), 0.0),
        1.0 + 2f64.exp(),
        1e-14
    ));
    assert!(Cost::LogLikelihood.dc_da(0.3, sigmoid(0.3), 0.2).is_nan());
}

#[test]
fn the_softmax_scale_rule_takes_finite_positive_c_only() {
    for c in [1e-9, 0.5, 1.0, 7.0] {
        assert!(
            rules::check_output(OutputLayer::Softmax { c }).is_ok(),
            "c = {c}"
        );
    }
    for c in [0.0, -0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        match rules::check_output(OutputLayer::Softmax { c }) {
            Err(RuleError::SoftmaxScale { got }) => {
                assert!(got == c || (got.is_nan() && c.is_nan()));
            }
            other => panic!("c = {c} accepted or wrong error: {other:?}"),
        }
    }
    assert!(rules::check_output(OutputLayer::Sigmoid).is_ok());
    assert!(rules::check_output(OutputLayer::Linear).is_ok());
}

#[test]
fn rules_hold_at_their_boundaries() {
    assert!(rules::check_eta(rules::MAX_ETA).is_ok());
    assert!(rules::check_eta(rules::MAX_ETA * (1.0 + 1e-15)).is_err());
    assert!(rules::check_eta(f64::MIN_POSITIVE).is_ok());
    for bad in [0.0, -1e-9, f64::NAN, f64::INFINITY] {
        assert!(rules::check_eta(bad).is_err(), "eta {bad}");
    }
    assert_eq!(rules::parse_eta(" 0.25 ").ok(), Some(0.25));
    assert!(rules::parse_eta("fast").is_err());
    assert!(rules::check_mini_batch(1).is_ok() && rules::check_mini_batch(0).is_err());
    assert!(rules::check_mini_batch(rules::MAX_MINI_BATCH).is_ok());
    assert!(rules::check_mini_batch(rules::MAX_MINI_BATCH + 1).is_err());
    assert!(rules::check_epochs(rules::MIN_EPOCHS).is_ok());
    assert!(rules::check_epochs(rules::MIN_EPOCHS - 1).is_err());
    assert!(rules::check_epochs(rules::MAX_EPOCHS).is_ok());
    assert!(rules::check_epochs(rules::MAX_EPOCHS + 1).is_err());
    assert_eq!(rules::parse_epochs("300").ok(), Some(300));
    assert!(rules::parse_epochs("-3").is_err() && rules::parse_epochs("0").is_err());
    assert_eq!(rules::parse_seed("42").ok(), Some(42));
    assert!(rules::parse_seed("x").is_err());
    assert!(rules::check_start("w", rules::MAX_START).is_ok());
    assert!(rules::check_start("w", -rules::MAX_START).is_ok());
    assert!(rules::check_start("w", rules::MAX_START * (1.0 + 1e-15)).is_err());
    assert!(rules::check_start("b", f64::NAN).is_err());
    assert_eq!(rules::parse_start("b", "-1.5").ok(), Some(-1.5));
    // The book-demo step is dC/da of a sigmoid output under the cross-entropy or quadratic cost.
    let s = OutputLayer::Sigmoid;
    assert!(rules::check_update(Update::BookDemo, s, Cost::CrossEntropy).is_ok());
    assert!(rules::check_update(Update::Gradient, OutputLayer::Linear, Cost::Quadratic).is_ok());
    assert!(rules::check_update(Update::BookDemo, OutputLayer::Linear, Cost::Quadratic).is_err());
}

#[test]
fn costs_and_output_layers_carry_the_names_files_and_messages_use() {
    // The names written in CSV and JSON, the tables, the editor and presets' messages.
    let names: Vec<&str> = Cost::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(names, ["quadratic", "cross-entropy", "log-likelihood"]);
    for c in Cost::ALL {
        assert_eq!(c.to_string(), c.name(), "Display writes the name");
    }
    let outputs = [
        OutputLayer::Sigmoid,
        OutputLayer::Linear,
        OutputLayer::Softmax { c: 1.0 },
    ];
    let names: Vec<&str> = outputs.iter().map(|o| o.name()).collect();
    assert_eq!(names, ["sigmoid", "linear", "softmax"]);
    // A refusal names both, in words.
    let err = Cost::CrossEntropy
        .check_output(OutputLayer::Linear)
        .expect_err("the cross-entropy needs sigmoid outputs");
    let text = err.to_string();
    assert!(
        text.starts_with("the cross-entropy cost cannot be used with a linear output layer: "),
        "{text}"
    );
}
