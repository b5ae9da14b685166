//! Exercise 3: the roles of y and a in the cross-entropy cannot be swapped.

use super::kit::{input, table};
use super::{Exercise, Input, Outcome, Values};
use crate::format;

const INPUTS: &[Input] = &[input(
    "a",
    "the neuron's output, strictly between 0 and 1",
    0.7,
    0.001,
    0.999,
    0.01,
)];

/// -[p ln q + (1 - p) ln(1 - q)] computed literally, so ln 0 shows as it is.
fn literal(p: f64, q: f64) -> f64 {
    -(p * q.ln() + (1.0 - p) * (1.0 - q).ln())
}

/// -[y ln a + (1-y) ln(1-a)] vs the swapped -[a ln y + (1-a) ln(1-y)].
pub const EXERCISE: Exercise = Exercise {
    id: "roles-of-y-and-a",
    title: "Why y and a cannot swap places",
    equations: "Eq. (57)",
    statement: "In the cross-entropy of Eq. (57) the logarithms are taken of the output a, which a sigmoid keeps \
         strictly inside (0, 1), and multiplied by the target y. Swapping them, -[a ln y + (1 - a) ln(1 - y)], \
         takes logarithms of the target instead; with the usual targets y = 0 or y = 1 one of those \
         logarithms is ln 0, so the swapped expression is infinite (or undefined, 0 times infinity) \
         while the right one is finite. The claim checked: at y = 0 and y = 1 the right form is finite \
         and the swapped form is not. Infinities in the table are the point.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let a = values.get("a");
    let mut t = table(&[
        "y",
        "a",
        "right: -[y ln a + (1-y) ln(1-a)]",
        "swapped: -[a ln y + (1-a) ln(1-y)]",
    ]);
    let mut right_finite = true;
    let mut swapped_broken = true;
    for y in [0.0, 1.0, 0.5] {
        let right = literal(y, a);
        let swapped = literal(a, y);
        if y == 0.0 || y == 1.0 {
            right_finite &= right.is_finite();
            swapped_broken &= !swapped.is_finite();
        }
        let show = |v: f64| {
            if v.is_nan() {
                "undefined (NaN)".to_string()
            } else if v.is_infinite() {
                "infinite".to_string()
            } else {
                format::table(v)
            }
        };
        t.rows.push(vec![
            format::table(y),
            format::table(a),
            show(right),
            show(swapped),
        ]);
    }
    let holds = right_finite && swapped_broken;
    Outcome {
        holds,
        verdict: if holds {
            format!(
                "At y = 0 and y = 1 the right form is finite ({} and {}) while the swapped form is \
                 infinite: ln 0 appears as soon as the target is 0 or 1.",
                format::table(literal(0.0, a)),
                format::table(literal(1.0, a))
            )
        } else {
            "Unexpected: the swapped form stayed finite or the right form did not.".into()
        },
        max_error: 0.0,
        table: t,
        chart: None,
    }
}
