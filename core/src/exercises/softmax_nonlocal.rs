//! Exercise 13: softmax is non-local, moving one z_k moves every output.

use super::kit::{four_z, input, int, rel_err, table, whole, z_input};
use super::{Exercise, Input, Outcome, Values};
use crate::book::softmax;
use crate::format;

const INPUTS: &[Input] = &[
    z_input(1, 1.0, 10.0),
    z_input(2, 0.2, 10.0),
    z_input(3, -0.5, 10.0),
    z_input(4, 2.0, 10.0),
    whole("k", "which z_k to move (1-4)", 2.0, 1.0, 4.0, 1.0),
    input("dz", "how far to move it", 1.0, 0.05, 5.0, 0.05),
];

/// Shifting z_k changes every a_j; the others all scale by the same factor.
pub const EXERCISE: Exercise = Exercise {
    id: "softmax-nonlocal",
    title: "Softmax is non-local: one z moves every output",
    equations: "Eq. (78)-(79)",
    statement: "A sigmoid output depends only on its own weighted input; a softmax output depends on all of \
         them through the shared denominator of Eq. (78). Raising z_k by dz multiplies e^{z_k} by e^{dz}, \
         so a_k grows and every other a_j is divided by the same number, 1 + a_k (e^{dz} - 1), keeping \
         the sum at 1. The table shows all outputs before and after.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let z = four_z(values);
    let k = int(values, "k", 1, 4) - 1;
    let dz = values.get("dz");
    let before = softmax(&z, 1.0);
    let mut moved = z.clone();
    moved[k] += dz;
    let after = softmax(&moved, 1.0);
    let factor = 1.0 + before[k] * dz.exp_m1();
    let mut t = table(&["j", "a_j before", "a_j after", "change", "predicted after"]);
    let mut max_error: f64 = 0.0;
    let mut all_moved = true;
    for j in 0..z.len() {
        let predicted = if j == k {
            before[j] * dz.exp() / factor
        } else {
            before[j] / factor
        };
        max_error = max_error.max(rel_err(after[j], predicted));
        all_moved &= after[j] != before[j];
        t.rows.push(vec![
            (j + 1).to_string(),
            format::table(before[j]),
            format::table(after[j]),
            format::table(after[j] - before[j]),
            format::table(predicted),
        ]);
    }
    let holds = all_moved && max_error < 1e-12;
    Outcome {
        holds,
        verdict: format!(
            "Moving only z{} by {dz} changed {} outputs; the others were all divided by {} as \
             predicted (to {max_error:.1e}).",
            k + 1,
            if all_moved { "all four" } else { "not all" },
            format::table(factor)
        ),
        max_error,
        table: t,
        chart: None,
    }
}
