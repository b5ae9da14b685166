//! Exercise 8: recovering the cross-entropy by integrating the gradient we wished for.

use super::kit::{chart, input, int, logit, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::Cost;
use crate::book::cost::cross_entropy_from_z;
use crate::format;

const INPUTS: &[Input] = &[
    input("y", "target", 0.0, 0.0, 1.0, 0.05),
    input(
        "a0",
        "where the integral starts (the constant is C(a0))",
        0.5,
        0.05,
        0.95,
        0.05,
    ),
    input(
        "z_max",
        "integrate a over [sigma(-z_max), sigma(z_max)]",
        8.0,
        1.0,
        20.0,
        1.0,
    ),
    whole(
        "points",
        "grid points (each segment: 5-point Gauss-Legendre)",
        200.0,
        20.0,
        2000.0,
        20.0,
    ),
];

/// 5-point Gauss-Legendre nodes and weights on [-1, 1].
const GAUSS: [(f64, f64); 5] = [
    (0.0, 0.568_888_888_888_888_9),
    (-0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
    (0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
    (-0.906_179_845_938_664, 0.236_926_885_056_189_1),
    (0.906_179_845_938_664, 0.236_926_885_056_189_1),
];

/// The wished-for dC/da of Eq. (75), taken from the engine (Cost::dc_da).
fn dc_da(a: f64, y: f64) -> f64 {
    let z = logit(a);
    Cost::CrossEntropy.dc_da(z, a, y)
}

/// The integral of dC/da over [lo, hi] in the variable a.
fn integrate(lo: f64, hi: f64, y: f64) -> f64 {
    let (mid, half) = (0.5 * (lo + hi), 0.5 * (hi - lo));
    GAUSS
        .iter()
        .map(|&(t, w)| w * dc_da(mid + half * t, y))
        .sum::<f64>()
        * half
}

/// Integrate dC/da = (a - y) / (a (1 - a)) (Eq. 75) and compare with Eq. (76).
pub const EXERCISE: Exercise = Exercise {
    id: "derive-cross-entropy",
    title: "Deriving the cross-entropy from the gradient we want",
    equations: "Eq. (71)-(77)",
    statement: "Ask for a cost whose gradients are dC/dw_j = x_j (a - y) and dC/db = a - y (Eq. 71-72), with no \
         sigma'. By the chain rule dC/db = dC/da sigma'(z) = dC/da a (1 - a) (Eq. 73-74), so the cost must \
         satisfy dC/da = (a - y) / (a (1 - a)) (Eq. 75). Integrating that in a gives the cross-entropy \
         up to a constant (Eq. 76-77). Here the integral is done numerically, in the variable a itself, \
         from a0 to every a on a grid, and compared with C(a) - C(a0).",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let y = values.get("y");
    let a0 = values.get("a0");
    let z_max = values.get("z_max");
    let n = int(values, "points", 20, 2000);
    let c0 = cross_entropy_from_z(logit(a0), y);
    // Grid uniform in z, so segments shrink where the integrand is steep (near 0 and 1).
    // The integral itself is taken in a: each segment [a_i, a_{i+1}] by Gauss-Legendre.
    let grid: Vec<f64> = (0..=n)
        .map(|i| -z_max + 2.0 * z_max * i as f64 / n as f64)
        .map(crate::book::sigmoid)
        .collect();
    let start = grid.partition_point(|&a| a < a0);
    let mut integral = vec![0.0; grid.len()];
    // Forward from a0.
    let mut acc = 0.0;
    let mut prev = a0;
    for i in start..grid.len() {
        acc += integrate(prev, grid[i], y);
        integral[i] = acc;
        prev = grid[i];
    }
    acc = 0.0;
    prev = a0;
    for i in (0..start).rev() {
        acc -= integrate(grid[i], prev, y);
        integral[i] = acc;
        prev = grid[i];
    }
    let mut max_error: f64 = 0.0;
    let mut ce_curve = Vec::new();
    let mut int_curve = Vec::new();
    let mut t = table(&[
        "a",
        "integral of dC/da from a0",
        "C(a) - C(a0) (Eq. 76)",
        "|difference|",
    ]);
    let every = (n / 10).max(1);
    for (i, (&a, &v)) in grid.iter().zip(&integral).enumerate() {
        let exact = cross_entropy_from_z(logit(a), y) - c0;
        let err = (v - exact).abs() / exact.abs().max(1.0);
        max_error = max_error.max(err);
        ce_curve.push((a, exact + c0));
        int_curve.push((a, v + c0));
        if i % every == 0 || i == n {
            t.rows.push(vec![
                format::table(a),
                format::table(v),
                format::table(exact),
                format::table(err),
            ]);
        }
    }
    let holds = max_error < 1e-8;
    Outcome {
        holds,
        verdict: format!(
            "Integrating Eq. (75) from a0 = {a0} reproduces the cross-entropy minus its value at a0 \
             to {max_error:.1e} over a in [{}, {}]: the constant of Eq. (76) is C(a0) = {}.",
            format::table(grid[0]),
            format::table(grid[n]),
            format::table(c0)
        ),
        max_error,
        table: t,
        chart: chart(
            "a",
            "cost",
            vec![("integral + C(a0)", int_curve), ("cross-entropy", ce_curve)],
        ),
    }
}
