//! Exercise 11: softmax outputs are positive and sum to 1; sigmoid outputs need not.

use super::kit::{four_z, table, z_input};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{OutputLayer, sigmoid};
use crate::format;

const INPUTS: &[Input] = &[
    z_input(1, 2.5, 30.0),
    z_input(2, -1.0, 30.0),
    z_input(3, 3.2, 30.0),
    z_input(4, 0.5, 30.0),
];

/// Eq. (78)-(79) against a sigmoid layer with the same weighted inputs.
pub const EXERCISE: Exercise = Exercise {
    id: "softmax-sums",
    title: "Softmax outputs form a distribution; sigmoid outputs do not",
    equations: "Eq. (78)-(79)",
    statement: "Each softmax output is an exponential divided by the sum of all the exponentials (Eq. 78), so \
         it is positive, and the outputs add up to 1 (Eq. 79): they can be read as a probability \
         distribution. A layer of sigmoids has each output in (0, 1) on its own but nothing ties them \
         together: the same weighted inputs give sigmoid outputs whose sum can be anything between 0 and \
         the number of neurons. The table's last row adds up both layers for the z shown.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let z = four_z(values);
    let mut a = vec![0.0; z.len()];
    OutputLayer::Softmax { c: 1.0 }.activate(&z, &mut a);
    let s: Vec<f64> = z.iter().map(|&v| sigmoid(v)).collect();
    let mut t = table(&["j", "z_j", "softmax a_j", "sigmoid sigma(z_j)"]);
    for j in 0..z.len() {
        t.rows.push(vec![
            (j + 1).to_string(),
            format::table(z[j]),
            format::table(a[j]),
            format::table(s[j]),
        ]);
    }
    let (sum_a, sum_s): (f64, f64) = (a.iter().sum(), s.iter().sum());
    t.rows.push(vec![
        "sum".into(),
        String::new(),
        format::table(sum_a),
        format::table(sum_s),
    ]);
    let max_error = (sum_a - 1.0).abs();
    let positive = a.iter().all(|&v| v > 0.0);
    let holds = positive && max_error < 1e-12;
    let sigmoid_note = if (sum_s - 1.0).abs() > 1e-3 {
        format!("the sigmoid outputs sum to {}, not 1", format::table(sum_s))
    } else {
        format!(
            "these sigmoid outputs happen to sum to {} (try other z)",
            format::table(sum_s)
        )
    };
    Outcome {
        holds,
        verdict: format!(
            "The softmax outputs are {} and sum to 1 within {max_error:.1e}; {sigmoid_note}.",
            if positive {
                "all positive"
            } else {
                "NOT all positive"
            }
        ),
        max_error,
        table: t,
        chart: None,
    }
}
