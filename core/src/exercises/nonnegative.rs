//! Exercise 4: the cross-entropy is non-negative and tends to 0 as a approaches y in {0, 1}.

use super::kit::{chart, input, int, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::cost::cross_entropy_from_z;
use crate::format;

const INPUTS: &[Input] = &[
    input("y", "target: 0 or 1 (rounded)", 1.0, 0.0, 1.0, 1.0),
    whole(
        "k_max",
        "closest approach: |a - y| down to 10^-k_max",
        12.0,
        1.0,
        15.0,
        1.0,
    ),
    whole(
        "grid",
        "grid points per axis for the non-negativity scan",
        41.0,
        3.0,
        201.0,
        10.0,
    ),
];

/// The z with sigma(z) = a for a = y -/+ d, computed from d so nothing cancels.
fn z_at_distance(y_is_one: bool, d: f64) -> f64 {
    // a = 1 - d: z = ln(1 - d) - ln d; a = d: z = ln d - ln(1 - d).
    let z = (-d).ln_1p() - d.ln();
    if y_is_one { z } else { -z }
}

/// Non-negativity and the limit a -> y of the cross-entropy.
pub const EXERCISE: Exercise = Exercise {
    id: "non-negative",
    title: "The cross-entropy is non-negative and vanishes as a -> y",
    equations: "Eq. (57)",
    statement: "Two properties make Eq. (57) usable as a cost. It is never negative: both logarithms are of \
         numbers in (0, 1), so both are negative, and the minus sign in front makes the sum positive \
         (checked on a grid of (a, y) in (0, 1) x [0, 1]). And for a target y of 0 or 1 it goes to 0 as \
         the output a approaches y: for y = 1 the cost is -ln a, for y = 0 it is -ln(1 - a), and both \
         behave like |a - y| near the target. The table walks a towards y by factors of 10.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let y_is_one = values.get("y") >= 0.5;
    let y = if y_is_one { 1.0 } else { 0.0 };
    let k_max = int(values, "k_max", 1, 15);
    let grid = int(values, "grid", 3, 201);
    // Non-negativity over a grid of a in (0, 1), y in [0, 1].
    let mut min_cost = f64::INFINITY;
    for i in 0..grid {
        let a = (i as f64 + 0.5) / grid as f64;
        for j in 0..grid {
            let yy = j as f64 / (grid - 1) as f64;
            min_cost = min_cost.min(cross_entropy_from_z(super::kit::logit(a), yy));
        }
    }
    let mut t = table(&["|a - y|", "a", "cost", "cost / |a - y|"]);
    let mut points = Vec::new();
    let mut decreasing = true;
    let mut previous = f64::INFINITY;
    let mut last = f64::INFINITY;
    for k in 0..=k_max {
        let d = 0.5 * 10f64.powi(-i32::try_from(k).unwrap_or(i32::MAX));
        let z = z_at_distance(y_is_one, d);
        let c = cross_entropy_from_z(z, y);
        decreasing &= c < previous;
        previous = c;
        last = c;
        let a = if y_is_one { 1.0 - d } else { d };
        t.rows.push(vec![
            format::table(d),
            format::table(a),
            format::table(c),
            format::table(c / d),
        ]);
        points.push((-(d.log10()), c));
    }
    let d_last = 0.5 * 10f64.powi(-i32::try_from(k_max).unwrap_or(i32::MAX));
    let holds = min_cost >= 0.0 && decreasing && last <= 1.01 * d_last;
    Outcome {
        holds,
        verdict: format!(
            "The smallest cost on the grid is {} (never negative); for y = {y} the cost falls steadily \
             to {} at |a - y| = {}, about |a - y| itself.",
            format::table(min_cost),
            format::table(last),
            format::table(d_last)
        ),
        max_error: last,
        table: t,
        chart: chart("-log10 |a - y|", "cost", vec![("cross-entropy", points)]),
    }
}
