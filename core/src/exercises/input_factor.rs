//! Exercise 9: no cost removes the x_j factor from dC/dw_j.

use super::kit::{input, rel_err, table};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{Cost, OutputLayer, sigmoid};
use crate::format;

const INPUTS: &[Input] = &[
    input(
        "x1",
        "first input (try values near 0)",
        0.01,
        -5.0,
        5.0,
        0.01,
    ),
    input("x2", "second input", 1.0, -5.0, 5.0, 0.1),
    input("w1", "weight of x1", 1.5, -5.0, 5.0, 0.1),
    input("w2", "weight of x2", 1.5, -5.0, 5.0, 0.1),
    input("b", "bias", 0.5, -5.0, 5.0, 0.1),
    input("y", "target", 0.0, 0.0, 1.0, 0.05),
];

/// The costs tried: the engine's two, and two made-up ones.
const COSTS: [&str; 4] = [
    "quadratic",
    "cross-entropy",
    "quartic (a - y)^4",
    "Hellinger (sqrt a - sqrt y)^2",
];

fn cost(k: usize, z: f64, y: f64) -> f64 {
    let a = sigmoid(z);
    match k {
        0 => Cost::Quadratic.value(OutputLayer::Sigmoid, &[z], &[a], &[y]),
        1 => Cost::CrossEntropy.value(OutputLayer::Sigmoid, &[z], &[a], &[y]),
        2 => (a - y).powi(4),
        _ => (a.sqrt() - y.sqrt()).powi(2),
    }
}

/// dC/dw_j = x_j dC/db for any cost of a = sigma(w . x + b).
pub const EXERCISE: Exercise = Exercise {
    id: "input-factor",
    title: "No cost can remove the x_j factor",
    equations: "Eq. (61), (71)",
    statement: "The cross-entropy removes sigma'(z) from the gradient but leaves x_j in dC/dw_j (Eq. 61). No \
         choice of cost can do better: any cost that depends on the weights only through the output \
         a = sigma(z), with z = sum_j w_j x_j + b, has dC/dw_j = dC/dz x_j and dC/db = dC/dz, so \
         dC/dw_j = x_j dC/db always. A weight whose input is near 0 therefore learns slowly under \
         every cost. Checked by central differences for four different costs.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let x = [values.get("x1"), values.get("x2")];
    let w = [values.get("w1"), values.get("w2")];
    let b = values.get("b");
    let y = values.get("y");
    let h = 1e-6;
    let z_of = |w: [f64; 2], b: f64| w[0] * x[0] + w[1] * x[1] + b;
    let mut t = table(&[
        "cost", "dC/db", "dC/dw1", "x1 dC/db", "dC/dw2", "x2 dC/db", "|error|",
    ]);
    let mut max_error: f64 = 0.0;
    for (k, name) in COSTS.iter().enumerate() {
        let c = |w: [f64; 2], b: f64| cost(k, z_of(w, b), y);
        let db = (c(w, b + h) - c(w, b - h)) / (2.0 * h);
        let dw1 = (c([w[0] + h, w[1]], b) - c([w[0] - h, w[1]], b)) / (2.0 * h);
        let dw2 = (c([w[0], w[1] + h], b) - c([w[0], w[1] - h], b)) / (2.0 * h);
        let err = rel_err(dw1, x[0] * db).max(rel_err(dw2, x[1] * db));
        max_error = max_error.max(err);
        t.rows.push(vec![
            name.to_string(),
            format::table(db),
            format::table(dw1),
            format::table(x[0] * db),
            format::table(dw2),
            format::table(x[1] * db),
            format::table(err),
        ]);
    }
    let holds = max_error < 1e-6;
    Outcome {
        holds,
        verdict: format!(
            "For all four costs dC/dw_j = x_j dC/db to {max_error:.1e}: with x1 = {} the weight w1 gets \
             {} of the bias's gradient, whatever the cost.",
            format::table(x[0]),
            format::table(x[0].abs())
        ),
        max_error,
        table: t,
        chart: None,
    }
}
