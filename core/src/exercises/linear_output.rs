//! Exercise 7: linear output neurons with the quadratic cost have delta^L = a^L - y.

use super::kit::{
    check_output_error_is_a_minus_y, failed, input, int, random_net, rng, table, whole,
};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{Cost, OutputLayer};
use crate::format;
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
    at_inputs: None,
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
    let check = check_output_error_is_a_minus_y(&net, Cost::Quadratic, &x, &y);
    let (z, a, max_error) = (&check.z, &check.a, check.max_error);
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
        t.rows.push(vec![
            (j + 1).to_string(),
            format::table(z[j]),
            format::table(a[j]),
            format::table(y[j]),
            format::table(check.delta[j]),
            format::table(check.bp.biases[1][j]),
            format::table(check.fd.biases[1][j]),
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
