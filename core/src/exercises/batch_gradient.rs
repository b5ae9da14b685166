//! Exercise 19: the batch gradient (1/n) sum_x x_j (sigma(z) - y) for an n-by-k input matrix.

use super::kit::{Batch, backprop, failed, finite_difference, int, rel_err, rng, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{Cost, Init, Network, OutputError, OutputLayer, sigmoid};
use crate::format;
use nalgebra::DMatrix;
use rand::Rng;

const INPUTS: &[Input] = &[
    whole(
        "seed",
        "random inputs, targets and weights",
        5.0,
        0.0,
        1000.0,
        1.0,
    ),
    whole(
        "n",
        "training examples (rows of the input matrix)",
        4.0,
        1.0,
        20.0,
        1.0,
    ),
    whole(
        "k",
        "inputs per example (columns; weights w_1..w_k)",
        3.0,
        1.0,
        6.0,
        1.0,
    ),
];

/// Eq. (61)-(62) over a batch, with every symbol shown.
pub const EXERCISE: Exercise = Exercise {
    id: "batch-gradient",
    title: "The batch gradient: what w_j, x_j and sigma(z) are",
    equations: "Eq. (61)-(62)",
    statement: "Stack the n training inputs as the rows of an n-by-k matrix X. One sigmoid neuron has k weights \
         w_1..w_k (one per column) and a bias b. For row x, z = sum_j w_j x_j + b is one number and \
         sigma(z) is that example's output. Eq. (61) says dC/dw_j = (1/n) sum_x x_j (sigma(z) - y): for \
         weight j, take column j of X, multiply it entrywise by the vector of errors sigma(z) - y, and \
         average; in matrix form the gradient is X^T (sigma(Xw + b) - y) / n. Eq. (62) is the same without \
         x_j. The table lists each example's inputs, z, sigma(z) and y, then each gradient by the formula, \
         by the engine's batched backprop and by central differences.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

#[allow(clippy::too_many_lines)] // one table of three methods, built row by row
fn evaluate(values: &Values) -> Outcome {
    let seed = int(values, "seed", 0, 1000);
    let n = int(values, "n", 1, 20);
    let k = int(values, "k", 1, 6);
    let mut r = rng(seed + 77);
    let xs = DMatrix::from_fn(n, k, |_, _| r.random_range(-2.0..2.0));
    let ys: Vec<f64> = (0..n).map(|_| f64::from(r.random_bool(0.5))).collect();
    let w: Vec<f64> = (0..k).map(|_| r.random_range(-1.0..1.0)).collect();
    let b: f64 = r.random_range(-1.0..1.0);
    let net = match Network::new(
        &[k, 1],
        OutputLayer::Sigmoid,
        &Init::Neuron { w: w.clone(), b },
        &mut r,
    ) {
        Ok(net) => net,
        Err(e) => return failed(e.to_string()),
    };
    let batch = Batch {
        x: xs.transpose(),
        y: DMatrix::from_row_slice(1, n, &ys),
    };
    let mut t = table(&[
        "row",
        "symbol",
        "value(s)",
        "engine (backprop)",
        "finite difference",
        "error / max(|a|,|b|,1)",
    ]);
    t.rows.push(vec![
        "weights".into(),
        "w_1..w_k, b".into(),
        format!(
            "{}; b = {}",
            w.iter()
                .map(|&v| format::table(v))
                .collect::<Vec<_>>()
                .join(", "),
            format::table(b)
        ),
        String::new(),
        String::new(),
        String::new(),
    ]);
    let mut errors = vec![0.0; n];
    for i in 0..n {
        let z: f64 = (0..k).map(|j| w[j] * xs[(i, j)]).sum::<f64>() + b;
        let s = sigmoid(z);
        errors[i] = s - ys[i];
        t.rows.push(vec![
            format!("x{}", i + 1),
            "x_1..x_k | z | sigma(z) | y".into(),
            format!(
                "{} | {} | {} | {}",
                (0..k)
                    .map(|j| format::table(xs[(i, j)]))
                    .collect::<Vec<_>>()
                    .join(", "),
                format::table(z),
                format::table(s),
                format::table(ys[i])
            ),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let bp = backprop(&net, Cost::CrossEntropy, OutputError::Gradient, &batch);
    let fd = finite_difference(&net, Cost::CrossEntropy, &batch, 1e-6);
    let mut max_error: f64 = 0.0;
    for j in 0..=k {
        let (name, formula, engine, oracle) = if j < k {
            let f = (0..n).map(|i| xs[(i, j)] * errors[i]).sum::<f64>() / n as f64;
            (
                format!("dC/dw_{}", j + 1),
                f,
                bp.weights[0][(0, j)],
                fd.weights[0][(0, j)],
            )
        } else {
            let f = errors.iter().sum::<f64>() / n as f64;
            ("dC/db".to_string(), f, bp.biases[0][0], fd.biases[0][0])
        };
        let err = rel_err(formula, oracle).max(rel_err(engine, oracle));
        max_error = max_error.max(err);
        t.rows.push(vec![
            name,
            if j < k {
                "(1/n) sum_x x_j (sigma(z) - y)"
            } else {
                "(1/n) sum_x (sigma(z) - y)"
            }
            .into(),
            format::table(formula),
            format::table(engine),
            format::table(oracle),
            format::table(err),
        ]);
    }
    let holds = max_error < 1e-6;
    Outcome {
        holds,
        verdict: format!(
            "For a {n}-by-{k} input matrix, Eq. (61)-(62), the engine's batched backprop and finite \
             differences agree to {max_error:.1e}."
        ),
        max_error,
        table: t,
        chart: None,
    }
}
