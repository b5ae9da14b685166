//! Exercise 12: softmax monotonicity, read off its Jacobian.

use super::kit::{four_z, rel_err, table, z_input};
use super::{Exercise, Input, Outcome, Values};
use crate::book::softmax;
use crate::format;

const INPUTS: &[Input] = &[
    z_input(1, 1.0, 10.0),
    z_input(2, 0.2, 10.0),
    z_input(3, -0.5, 10.0),
    z_input(4, 2.0, 10.0),
];

/// da_j/dz_k = a_j (delta_jk - a_k): positive on the diagonal, negative off it.
pub const EXERCISE: Exercise = Exercise {
    id: "softmax-jacobian",
    title: "Softmax is monotonic: its Jacobian's signs",
    equations: "Eq. (78)",
    statement: "Differentiating Eq. (78) gives da_j/dz_k = a_j (1 - a_j) when k = j and -a_j a_k when k != j. \
         Since every a_j is strictly between 0 and 1, raising z_j raises a_j and lowers every other \
         output. The matrix of derivatives is computed from this formula and by central differences of \
         the engine's softmax, and its sign pattern is checked.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let z = four_z(values);
    let n = z.len();
    let a = softmax(&z, 1.0);
    let h = 1e-6;
    let mut t = table(&["da_j/dz_k", "k = 1", "k = 2", "k = 3", "k = 4"]);
    let mut max_error: f64 = 0.0;
    let mut signs_ok = true;
    for j in 0..n {
        let mut row = vec![format!("j = {}", j + 1)];
        for k in 0..n {
            let formula = if j == k {
                a[j] * (1.0 - a[j])
            } else {
                -a[j] * a[k]
            };
            let mut up = z.clone();
            up[k] += h;
            let mut down = z.clone();
            down[k] -= h;
            let fd = (softmax(&up, 1.0)[j] - softmax(&down, 1.0)[j]) / (2.0 * h);
            max_error = max_error.max(rel_err(formula, fd));
            signs_ok &= if j == k { formula > 0.0 } else { formula < 0.0 };
            row.push(format::table(formula));
        }
        t.rows.push(row);
    }
    let holds = signs_ok && max_error < 1e-8;
    Outcome {
        holds,
        verdict: format!(
            "The diagonal is {} and the off-diagonal entries {}; formula and finite differences \
             agree to {max_error:.1e}.",
            if signs_ok {
                "positive"
            } else {
                "NOT all positive"
            },
            if signs_ok {
                "negative"
            } else {
                "not all negative"
            }
        ),
        max_error,
        table: t,
        chart: None,
    }
}
