//! Exercise 6: the output-layer error of a many-layer network, quadratic vs cross-entropy.

use super::kit::{
    Batch, backprop, failed, finite_difference, grad_diff, int, random_net, rel_err, rng, table,
    whole,
};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{Cost, OutputError, OutputLayer, sigmoid_prime};
use crate::format;
use nalgebra::DMatrix;
use rand::Rng;

const INPUTS: &[Input] = &[
    whole("seed", "random network and example", 1.0, 0.0, 1000.0, 1.0),
    whole("inputs", "input neurons", 3.0, 1.0, 8.0, 1.0),
    whole(
        "hidden",
        "neurons in each of the two hidden layers",
        4.0,
        1.0,
        10.0,
        1.0,
    ),
    whole("outputs", "output neurons", 3.0, 1.0, 6.0, 1.0),
];

/// Eq. (65) vs Eq. (66)-(67) on a random network.
pub const EXERCISE: Exercise = Exercise {
    id: "many-layers",
    title: "Many layers: sigma'(z^L) in the quadratic gradient, not in the cross-entropy one",
    equations: "Eq. (63), (65)-(67)",
    statement: "For a network with several sigmoid output neurons, the quadratic cost's gradient with respect to \
         an output weight is a^{L-1}_k (a^L_j - y_j) sigma'(z^L_j) (Eq. 65): the sigma' factor is still \
         there, so saturated output neurons learn slowly. With the cross-entropy of Eq. (63) the output \
         error is delta^L = a^L - y (Eq. 66) and the weight gradient is a^{L-1}_k (a^L_j - y_j) (Eq. 67). \
         On a random network with N(0, 1) weights, the engine's backprop is compared with these formulas \
         and every weight and bias gradient with central differences.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let seed = int(values, "seed", 0, 1000);
    let sizes = [
        int(values, "inputs", 1, 8),
        int(values, "hidden", 1, 10),
        int(values, "hidden", 1, 10),
        int(values, "outputs", 1, 6),
    ];
    let net = match random_net(&sizes, OutputLayer::Sigmoid, seed) {
        Ok(n) => n,
        Err(e) => return failed(e),
    };
    let mut r = rng(seed + 7919);
    let x: Vec<f64> = (0..sizes[0]).map(|_| r.random_range(-1.0..1.0)).collect();
    let y: Vec<f64> = (0..sizes[3])
        .map(|_| f64::from(r.random_bool(0.5)))
        .collect();
    let batch = Batch {
        x: DMatrix::from_column_slice(sizes[0], 1, &x),
        y: DMatrix::from_column_slice(sizes[3], 1, &y),
    };
    let (zs, acts) = net.forward(&x);
    let last = net.depth() - 1;
    let (z, a, prev) = (&zs[last], &acts[last + 1], &acts[last]);
    let mut t = table(&[
        "j",
        "a^L_j",
        "y_j",
        "sigma'(z^L_j)",
        "quadratic dC/db^L_j",
        "cross-entropy dC/db^L_j",
    ]);
    let mut max_error: f64 = 0.0;
    for (cost, with_sp) in [(Cost::Quadratic, true), (Cost::CrossEntropy, false)] {
        let bp = backprop(&net, cost, OutputError::Gradient, &batch);
        let fd = finite_difference(&net, cost, &batch, 1e-6);
        max_error = max_error.max(grad_diff(&bp, &fd));
        for j in 0..a.len() {
            let delta = (a[j] - y[j]) * if with_sp { sigmoid_prime(z[j]) } else { 1.0 };
            max_error = max_error.max(rel_err(bp.biases[last][j], delta));
            for k in 0..prev.len() {
                max_error = max_error.max(rel_err(bp.weights[last][(j, k)], prev[k] * delta));
            }
        }
    }
    for j in 0..a.len() {
        let sp = sigmoid_prime(z[j]);
        t.rows.push(vec![
            (j + 1).to_string(),
            format::table(a[j]),
            format::table(y[j]),
            format::table(sp),
            format::table((a[j] - y[j]) * sp),
            format::table(a[j] - y[j]),
        ]);
    }
    let holds = max_error < 1e-6;
    Outcome {
        holds,
        verdict: format!(
            "On a {sizes:?} network, backprop matches Eq. (65) for the quadratic cost and \
             delta^L = a^L - y (Eq. 66-67) for the cross-entropy, and finite differences for every \
             parameter, to {max_error:.1e}."
        ),
        max_error,
        table: t,
        chart: None,
    }
}
