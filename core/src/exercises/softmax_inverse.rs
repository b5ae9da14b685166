//! Exercise 14: inverting the softmax, z_j = ln a_j + C.

use super::kit::{four_z, table, z_input};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{log_sum_exp, softmax};
use crate::format;

const INPUTS: &[Input] = &[
    z_input(1, 1.0, 30.0),
    z_input(2, -2.0, 30.0),
    z_input(3, 0.5, 30.0),
    z_input(4, 4.0, 30.0),
];

/// Recovering z from a up to an additive constant.
pub const EXERCISE: Exercise = Exercise {
    id: "softmax-inverse",
    title: "Inverting the softmax: z_j = ln a_j + C",
    equations: "Eq. (78)",
    statement: "Taking logarithms of Eq. (78) gives ln a_j = z_j - ln sum_k e^{z_k}, so z_j = ln a_j + C with the \
         same constant C = ln sum_k e^{z_k} for every j. The outputs determine the weighted inputs only up \
         to that shift, since adding a constant to every z leaves the softmax unchanged. The exercise \
         recovers z from a, checks that z_j - ln a_j is the same for all j and equals the log-sum-exp.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let z = four_z(values);
    let a = softmax(&z, 1.0);
    let c = log_sum_exp(&z);
    let mut t = table(&["j", "z_j", "a_j", "ln a_j", "z_j - ln a_j", "ln a_j + C"]);
    let mut max_error: f64 = 0.0;
    for j in 0..z.len() {
        let la = a[j].ln();
        let recovered = la + c;
        max_error = max_error.max((recovered - z[j]).abs() / z[j].abs().max(1.0));
        t.rows.push(vec![
            (j + 1).to_string(),
            format::table(z[j]),
            format::table(a[j]),
            format::table(la),
            format::table(z[j] - la),
            format::table(recovered),
        ]);
    }
    let holds = max_error < 1e-10;
    Outcome {
        holds,
        verdict: format!(
            "z_j - ln a_j is the same constant C = {} for every j; ln a_j + C recovers z to {max_error:.1e}.",
            format::table(c)
        ),
        max_error,
        table: t,
        chart: None,
    }
}
