//! Exercise 7: linear output neurons with the quadratic cost have delta^L = a^L - y.

use super::kit::{
    Batch, backprop, failed, finite_difference, grad_diff, input, int, random_net, rel_err, rng,
    table, whole,
};
use super::{Exercise, Input, Outcome, Values, fmt_num};
use crate::math::{Cost, OutputLayer};
use crate::net::backprop::OutputError;
use nalgebra::DMatrix;
use rand::Rng;

const INPUTS: &[Input] = &[
    whole("seed", "random network and example", 2.0, 0.0, 1000.0, 1.0),
    whole("hidden", "neurons in the hidden layer", 4.0, 1.0, 10.0, 1.0),
    whole("outputs", "output neurons", 2.0, 1.0, 6.0, 1.0),
    input(
        "y_scale",
        "targets drawn from [-y_scale, y_scale]",
        2.0,
        0.0,
        10.0,
        0.5,
    ),
];

/// Eq. (68)-(70) on a random network with a linear output layer.
pub const EXERCISE: Exercise = Exercise {
    id: "linear-output",
    title: "Linear output neurons: the quadratic cost without sigma'",
    equations: "Eq. (68)-(70)",
    statement: "If the output neurons are linear, a^L = z^L, then the quadratic cost's output error has no \
         sigma' factor at all: delta^L = a^L - y (Eq. 68), so dC/dw^L_jk = a^{L-1}_k (a^L_j - y_j) and \
         dC/db^L_j = a^L_j - y_j (Eq. 69-70). The slowdown of sigmoid outputs does not arise (hidden \
         layers still carry their own sigma'). Checked with the engine's backprop and central \
         differences on a random network; targets may be any real numbers.",
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let seed = int(values, "seed", 0, 1000);
    let sizes = [
        3,
        int(values, "hidden", 1, 10),
        int(values, "outputs", 1, 6),
    ];
    let y_scale = values.get("y_scale");
    let net = match random_net(&sizes, OutputLayer::Linear, seed) {
        Ok(n) => n,
        Err(e) => return failed(e),
    };
    let mut r = rng(seed + 104_729);
    let x: Vec<f64> = (0..sizes[0]).map(|_| r.random_range(-1.0..1.0)).collect();
    let y: Vec<f64> = (0..sizes[2])
        .map(|_| y_scale * r.random_range(-1.0..=1.0))
        .collect();
    let batch = Batch {
        x: DMatrix::from_column_slice(sizes[0], 1, &x),
        y: DMatrix::from_column_slice(sizes[2], 1, &y),
    };
    let (zs, acts) = net.forward(&x);
    let (z, a, prev) = (&zs[1], &acts[2], &acts[1]);
    let bp = backprop(&net, Cost::Quadratic, OutputError::Gradient, &batch);
    let fd = finite_difference(&net, Cost::Quadratic, &batch, 1e-6);
    let mut max_error = grad_diff(&bp, &fd);
    let mut t = table(&[
        "j",
        "z^L_j",
        "a^L_j",
        "y_j",
        "a - y (Eq. 68)",
        "backprop dC/db^L_j",
        "finite diff",
    ]);
    for j in 0..a.len() {
        let delta = a[j] - y[j];
        max_error = max_error.max(rel_err(bp.biases[1][j], delta));
        for k in 0..prev.len() {
            max_error = max_error.max(rel_err(bp.weights[1][(j, k)], prev[k] * delta));
        }
        t.rows.push(vec![
            (j + 1).to_string(),
            fmt_num(z[j]),
            fmt_num(a[j]),
            fmt_num(y[j]),
            fmt_num(delta),
            fmt_num(bp.biases[1][j]),
            fmt_num(fd.biases[1][j]),
        ]);
    }
    let holds = max_error < 1e-6;
    Outcome {
        holds,
        verdict: format!(
            "With linear outputs the output error is a^L - y: formula (Eq. 68-70), backprop and \
             finite differences agree to {max_error:.1e}."
        ),
        max_error,
        table: t,
        chart: None,
    }
}
