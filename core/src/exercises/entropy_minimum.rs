//! Exercise 5: for 0 < y < 1 the cross-entropy is minimised at a = y, where it is the binary entropy.

use super::kit::{chart, input, int, logit, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::cost::cross_entropy_from_z;
use crate::format;

const INPUTS: &[Input] = &[
    input(
        "y",
        "target strictly between 0 and 1",
        0.3,
        0.01,
        0.99,
        0.01,
    ),
    whole(
        "points",
        "values of a scanned in (0, 1)",
        2001.0,
        101.0,
        20001.0,
        100.0,
    ),
];

/// Binary entropy -[y ln y + (1 - y) ln(1 - y)], with 0 ln 0 = 0.
pub fn binary_entropy(y: f64) -> f64 {
    let term = |p: f64| if p > 0.0 { p * p.ln() } else { 0.0 };
    -(term(y) + term(1.0 - y))
}

/// The minimum of the cross-entropy over a is the binary entropy of y (Eq. 64).
pub const EXERCISE: Exercise = Exercise {
    id: "entropy-minimum",
    title: "Targets between 0 and 1: the minimum is the binary entropy",
    equations: "Eq. (57), (64)",
    statement: "When the target y is strictly between 0 and 1 the cross-entropy does not reach 0. As a function \
         of the output a its derivative is (a - y) / (a (1 - a)), which vanishes only at a = sigma(z) = y, \
         and there the cost equals -[y ln y + (1 - y) ln(1 - y)], the binary entropy of Eq. (64). The \
         exercise scans a over (0, 1), locates the smallest cost and compares its position with y and \
         its value with the entropy.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let y = values.get("y");
    let n = int(values, "points", 101, 20001);
    let spacing = 1.0 / (n + 1) as f64;
    let mut best = (f64::NAN, f64::INFINITY);
    let mut curve = Vec::with_capacity(n);
    for i in 1..=n {
        let a = i as f64 * spacing;
        let c = cross_entropy_from_z(logit(a), y);
        if c < best.1 {
            best = (a, c);
        }
        curve.push((a, c));
    }
    let h = binary_entropy(y);
    let engine_at_y = cross_entropy_from_z(logit(y), y);
    let pos_err = (best.0 - y).abs();
    let val_err = (best.1 - h).abs();
    // Near the minimum C(a) - H = (a - y)^2 / (2 y (1 - y)) + ..., so a grid of this spacing
    // can miss the value by at most about spacing^2 / (8 y (1 - y)).
    let val_bound = spacing * spacing / (y * (1.0 - y)) + 1e-12;
    let exact_err = (engine_at_y - h).abs();
    let mut t = table(&["quantity", "value"]);
    for (k, v) in [
        ("target y", y),
        ("a at the smallest scanned cost", best.0),
        ("|a_min - y|", pos_err),
        ("smallest scanned cost", best.1),
        ("binary entropy H(y) (Eq. 64)", h),
        ("cost at a = y exactly", engine_at_y),
        ("|cost(a = y) - H(y)|", exact_err),
    ] {
        t.rows.push(vec![k.into(), format::table(v)]);
    }
    let holds = pos_err <= spacing && val_err <= val_bound && exact_err < 1e-12;
    let flat: Vec<(f64, f64)> = vec![(spacing, h), (1.0 - spacing, h)];
    // Keep the chart readable: the cost blows up at the ends, so show a in [0.01, 0.99].
    let shown: Vec<(f64, f64)> = curve
        .iter()
        .copied()
        .filter(|(a, _)| (0.01..=0.99).contains(a))
        .step_by((n / 400).max(1))
        .collect();
    Outcome {
        holds,
        verdict: format!(
            "The scanned minimum sits at a = {} (y = {}), and its value {} matches the entropy {} \
             to {}.",
            format::table(best.0),
            format::table(y),
            format::table(best.1),
            format::table(h),
            format::table(val_err)
        ),
        max_error: exact_err.max(val_err),
        table: t,
        chart: chart("a", "cost", vec![("cross-entropy", shown), ("H(y)", flat)]),
    }
}
