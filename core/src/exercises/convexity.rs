//! Exercise 21: the cross-entropy of a logistic neuron is convex in (w, b); the quadratic is not.

use super::kit::{chart, input, int, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{Cost, OutputLayer, sigmoid};
use crate::format;

const INPUTS: &[Input] = &[
    input("x", "the neuron's input", 1.0, -3.0, 3.0, 0.1),
    input("y", "the target", 0.0, 0.0, 1.0, 0.05),
    input(
        "range",
        "sample w and b in [-range, range]",
        4.0,
        2.0,
        10.0,
        0.5,
    ),
    whole("grid", "grid points per axis", 15.0, 3.0, 41.0, 2.0),
];

/// The gradient (dC/dw, dC/db) from the engine's output error delta = dC/dz.
fn gradient(cost: Cost, w: f64, b: f64, x: f64, y: f64) -> [f64; 2] {
    let z = w * x + b;
    let a = sigmoid(z);
    let mut delta = [0.0];
    cost.delta(OutputLayer::Sigmoid, &[z], &[a], &[y], &mut delta);
    [delta[0] * x, delta[0]]
}

/// The smallest eigenvalue of the Hessian, by central differences of the gradient.
fn min_eigen(cost: Cost, w: f64, b: f64, x: f64, y: f64) -> f64 {
    let h = 1e-5;
    let gw = |s: f64| gradient(cost, w + s, b, x, y);
    let gb = |s: f64| gradient(cost, w, b + s, x, y);
    let (wp, wm, bp, bm) = (gw(h), gw(-h), gb(h), gb(-h));
    let hww = (wp[0] - wm[0]) / (2.0 * h);
    let hbb = (bp[1] - bm[1]) / (2.0 * h);
    let hwb = 0.5 * ((wp[1] - wm[1]) + (bp[0] - bm[0])) / (2.0 * h);
    let mean = 0.5 * (hww + hbb);
    let radius = (0.25 * (hww - hbb).powi(2) + hwb * hwb).sqrt();
    mean - radius
}

/// Hessian eigenvalues of both costs over a grid of (w, b).
pub const EXERCISE: Exercise = Exercise {
    id: "convexity",
    title: "Convexity: cross-entropy yes, quadratic with a sigmoid no",
    equations: "Eq. (54), (57)",
    statement: "For one sigmoid neuron the cross-entropy's Hessian in (w, b) is sigma'(z) times the outer \
         product of (x, 1) with itself: never negative in any direction, so the cost is convex and has \
         no spurious valleys. The quadratic cost's Hessian is the same outer product times \
         d/dz[(a - y) sigma'(z)], which turns negative where the neuron saturates on the wrong side; there \
         the surface bends down and gradient descent can stall on a plateau. The smallest Hessian \
         eigenvalue of each cost is computed on a grid of (w, b) by differentiating the engine's \
         gradient numerically; the chart shows d^2C/dz^2 of both along z.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let (x, y, range) = (values.get("x"), values.get("y"), values.get("range"));
    let grid = int(values, "grid", 3, 41);
    let mut worst = [(f64::INFINITY, 0.0, 0.0); 2];
    let mut largest_ce: f64 = 0.0;
    for i in 0..grid {
        let w = -range + 2.0 * range * i as f64 / (grid - 1) as f64;
        for j in 0..grid {
            let b = -range + 2.0 * range * j as f64 / (grid - 1) as f64;
            for (k, cost) in [Cost::CrossEntropy, Cost::Quadratic]
                .into_iter()
                .enumerate()
            {
                let e = min_eigen(cost, w, b, x, y);
                if e < worst[k].0 {
                    worst[k] = (e, w, b);
                }
                if k == 0 {
                    // The cross-entropy Hessian's other eigenvalue, sigma'(z) (x^2 + 1).
                    largest_ce =
                        largest_ce.max(crate::book::sigmoid_prime(w * x + b) * (x * x + 1.0));
                }
            }
        }
    }
    // The cross-entropy's smallest eigenvalue is exactly 0 (rank-one Hessian): what the
    // differences give instead is rounding, which must stay tiny next to the scale.
    let tol = 1e-7 * largest_ce.max(1e-3);
    let ce_convex = worst[0].0 >= -tol;
    let quad_negative = worst[1].0 < -tol.max(1e-6);
    let mut t = table(&[
        "cost",
        "smallest eigenvalue on the grid",
        "at w",
        "at b",
        "convex?",
    ]);
    for (k, name) in ["cross-entropy", "quadratic"].iter().enumerate() {
        t.rows.push(vec![
            name.to_string(),
            format::table(worst[k].0),
            format::table(worst[k].1),
            format::table(worst[k].2),
            if worst[k].0 >= -tol {
                "yes (>= 0 up to rounding)"
            } else {
                "no"
            }
            .into(),
        ]);
    }
    let z_lim = range * (x.abs() + 1.0);
    let mut ce_curve = Vec::new();
    let mut quad_curve = Vec::new();
    for i in 0..=120 {
        let z = -z_lim + 2.0 * z_lim * f64::from(i) / 120.0;
        let d2 = |cost: Cost| {
            let h = 1e-5;
            (gradient(cost, 0.0, z + h, x, y)[1] - gradient(cost, 0.0, z - h, x, y)[1]) / (2.0 * h)
        };
        ce_curve.push((z, d2(Cost::CrossEntropy)));
        quad_curve.push((z, d2(Cost::Quadratic)));
    }
    let holds = ce_convex && quad_negative;
    Outcome {
        holds,
        verdict: format!(
            "Cross-entropy: smallest eigenvalue {} (zero up to rounding: convex). Quadratic: {} at \
             (w, b) = ({}, {}), a direction in which the surface bends down.",
            format::table(worst[0].0),
            format::table(worst[1].0),
            format::table(worst[1].1),
            format::table(worst[1].2)
        ),
        max_error: worst[0].0.min(0.0).abs(),
        table: t,
        chart: chart(
            "z",
            "d2C/dz2",
            vec![("cross-entropy", ce_curve), ("quadratic", quad_curve)],
        ),
    }
}
