//! Exercise 15: softmax with a scale c, from uniform (c -> 0) to the one-hot argmax (c -> infinity).

use super::kit::{chart, four_z, input, table, z_input};
use super::{Exercise, Input, Outcome, Values};
use crate::book::OutputLayer;
use crate::format;

const INPUTS: &[Input] = &[
    z_input(1, 1.0, 10.0),
    z_input(2, 0.2, 10.0),
    z_input(3, -0.5, 10.0),
    z_input(4, 1.6, 10.0),
    input("c_min", "smallest scale shown", 0.001, 0.0001, 0.1, 0.001),
    input("c_max", "largest scale shown", 50.0, 1.0, 60.0, 1.0),
];

/// Total variation distance between two distributions.
fn distance(p: &[f64], q: &[f64]) -> f64 {
    0.5 * p.iter().zip(q).map(|(a, b)| (a - b).abs()).sum::<f64>()
}

/// Eq. (83): the limits c -> 0 and c -> infinity.
pub const EXERCISE: Exercise = Exercise {
    id: "softmax-scale",
    title: "Softmax with a scale c: why it is a \"soft\" max",
    equations: "Eq. (83)",
    statement: "Put a positive constant c in the exponents, a_j = e^{c z_j} / sum_k e^{c z_k} (Eq. 83). As c grows, \
         the largest z wins ever more clearly and the outputs tend to 1 for the largest z and 0 for the \
         rest (shared equally if several z tie for the largest): a hard max. c = 1 is a softened version \
         of it. As c goes to 0 every exponent tends to 1 and the outputs tend to the uniform 1/n. The \
         chart plots each a_j against log10 c; the engine's softmax is also compared with the plain \
         formula (safe here since c |z| stays below 700).",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let z = four_z(values);
    let n = z.len();
    let (c_min, c_max) = (values.get("c_min"), values.get("c_max"));
    let z_max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let winners: Vec<bool> = z.iter().map(|&v| v == z_max).collect();
    let count = winners.iter().filter(|&&w| w).count() as f64;
    let hard: Vec<f64> = winners
        .iter()
        .map(|&w| if w { 1.0 / count } else { 0.0 })
        .collect();
    let uniform = vec![1.0 / n as f64; n];
    let gap = z
        .iter()
        .filter(|&&v| v < z_max)
        .map(|&v| z_max - v)
        .fold(f64::INFINITY, f64::min);
    let steps = 120;
    let (l0, l1) = (c_min.log10(), c_max.log10());
    let mut series: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(steps + 1); n];
    let mut max_error: f64 = 0.0;
    let mut monotone = true;
    let mut previous = f64::INFINITY;
    let mut t = table(&[
        "c",
        "a_1",
        "a_2",
        "a_3",
        "a_4",
        "distance to uniform",
        "distance to hard max",
    ]);
    let mut first_to_uniform = f64::NAN;
    let mut last_to_hard = f64::NAN;
    let mut a = vec![0.0; n];
    for i in 0..=steps {
        let lc = l0 + (l1 - l0) * i as f64 / steps as f64;
        let c = 10f64.powf(lc);
        OutputLayer::Softmax { c }.activate(&z, &mut a);
        let plain_sum: f64 = z.iter().map(|&v| (c * v).exp()).sum();
        for j in 0..n {
            let plain = (c * z[j]).exp() / plain_sum;
            max_error = max_error.max((plain - a[j]).abs());
            series[j].push((lc, a[j]));
        }
        let to_hard = distance(&a, &hard);
        // Allow rounding noise once the distance is at the level of machine precision.
        monotone &= to_hard <= previous + 1e-15;
        previous = to_hard;
        if i == 0 {
            first_to_uniform = distance(&a, &uniform);
        }
        last_to_hard = to_hard;
        if i % 20 == 0 {
            let mut row = vec![format::table(c)];
            row.extend(a.iter().map(|&v| format::table(v)));
            row.push(format::table(distance(&a, &uniform)));
            row.push(format::table(to_hard));
            t.rows.push(row);
        }
    }
    // Bounds: |a_j - 1/n| <= c * spread for small c; the losers' total mass is at most
    // (n - 1) e^{-c gap} for large c.
    let spread = z_max - z.iter().copied().fold(f64::INFINITY, f64::min);
    let uniform_bound = c_min * spread + 1e-15;
    let hard_bound = if gap.is_finite() {
        (n as f64 - 1.0) * (-c_max * gap).exp()
    } else {
        0.0
    } + 1e-12;
    let holds = monotone
        && first_to_uniform <= uniform_bound * n as f64
        && last_to_hard <= hard_bound
        && max_error < 1e-12;
    let names = ["a_1", "a_2", "a_3", "a_4"];
    Outcome {
        holds,
        verdict: format!(
            "At c = {} the outputs are within {} of uniform; at c = {} within {} of the hard max \
             (the distance never grows with c). Engine vs plain formula: {max_error:.1e}.",
            format::table(c_min),
            format::table(first_to_uniform),
            format::table(c_max),
            format::table(last_to_hard)
        ),
        max_error,
        table: t,
        chart: chart(
            "log10 c",
            "a_j",
            names.iter().copied().zip(series).collect(),
        ),
    }
}
