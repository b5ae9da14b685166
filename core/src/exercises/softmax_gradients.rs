//! Exercise 16: the log-likelihood's gradients for a softmax output layer.

use super::kit::{check_output_error_is_a_minus_y, failed, int, random_net, rng, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{Cost, OutputLayer};
use crate::format;
use rand::Rng;

const INPUTS: &[Input] = &[
    whole("seed", "random network and example", 3.0, 0.0, 1000.0, 1.0),
    whole("hidden", "neurons in the hidden layer", 5.0, 1.0, 10.0, 1.0),
    whole("outputs", "output neurons (classes)", 4.0, 2.0, 10.0, 1.0),
    whole(
        "label",
        "the correct class (1-based; clamped to the outputs)",
        2.0,
        1.0,
        10.0,
        1.0,
    ),
];

/// Eq. (81)-(82) and (84) on a random softmax network.
pub const EXERCISE: Exercise = Exercise {
    id: "softmax-gradients",
    title: "Log-likelihood gradients and the softmax error a - y",
    equations: "Eq. (80)-(82), (84)",
    statement: "With a softmax output layer and the log-likelihood cost C = -ln a^L_y (Eq. 80), the output error \
         is again delta^L = a^L - y, with y the one-hot vector of the correct class (Eq. 84). Hence \
         dC/db^L_j = a^L_j - y_j (Eq. 81) and dC/dw^L_jk = a^{L-1}_k (a^L_j - y_j) (Eq. 82). The softmax \
         Jacobian and the derivative of -ln cancel just as sigma' cancelled for the cross-entropy. \
         Checked with the engine's backprop and central differences of -ln a_y on a random network.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let seed = int(values, "seed", 0, 1000);
    let outputs = int(values, "outputs", 2, 10);
    let label = int(values, "label", 1, 10).min(outputs) - 1;
    let sizes = [3, int(values, "hidden", 1, 10), outputs];
    let net = match random_net(&sizes, OutputLayer::Softmax { c: 1.0 }, seed) {
        Ok(n) => n,
        Err(e) => return failed(e),
    };
    let mut r = rng(seed + 15_485_863);
    let x: Vec<f64> = (0..sizes[0]).map(|_| r.random_range(-1.0..1.0)).collect();
    let mut y = vec![0.0; outputs];
    y[label] = 1.0;
    let check = check_output_error_is_a_minus_y(&net, Cost::LogLikelihood, &x, &y);
    let (a, max_error) = (&check.a, check.max_error);
    let mut t = table(&[
        "j",
        "a^L_j",
        "y_j",
        "a - y (Eq. 84)",
        "backprop dC/db^L_j",
        "finite diff",
    ]);
    for j in 0..outputs {
        t.rows.push(vec![
            (j + 1).to_string(),
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
            "For class {} of {outputs}, the cost is {}; backprop, Eq. (81)-(82) and finite \
             differences agree to {max_error:.1e}.",
            label + 1,
            format::table(-a[label].ln())
        ),
        max_error,
        table: t,
        chart: None,
    }
}
