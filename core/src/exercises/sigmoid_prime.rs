//! Exercise 1: sigma'(z) = sigma(z)(1 - sigma(z)), and how small it gets.

use super::kit::{input, whole};
use super::{Chart, Exercise, Input, Outcome, Series, Table, Values, central_difference};
use crate::book::{sigmoid, sigmoid_prime};
use crate::format;

const INPUTS: &[Input] = &[
    input("z_max", "scan z over [-z_max, z_max]", 10.0, 0.5, 40.0, 0.5),
    whole(
        "points",
        "number of z values scanned",
        81.0,
        3.0,
        2001.0,
        10.0,
    ),
];

/// sigma' = sigma(1 - sigma), checked against central differences.
pub const EXERCISE: Exercise = Exercise {
    id: "sigmoid-prime",
    title: "The derivative of the sigmoid",
    equations: "Eq. (55)-(56), (60)",
    statement: "The sigmoid's slope can be written with the sigmoid itself: sigma'(z) = sigma(z)(1 - sigma(z)). \
         This is checked against a central finite difference of sigma at every scanned z. The slope is \
         at most 1/4 (at z = 0) and shrinks like e^-|z| away from it. That small factor multiplies the \
         quadratic cost's gradient (Eq. 55-56) and is the origin of the learning slowdown.",
    at_inputs: Some(at_inputs),
    inputs: INPUTS,
    evaluate,
};

/// The scan: `points` values of z evenly spaced over [-z_max, z_max], ends included.
fn grid(values: &Values) -> (f64, usize) {
    (
        values.get("z_max"),
        super::kit::int(values, "points", 3, 2001),
    )
}

/// The i-th scanned z.
fn z_at(z_max: f64, points: usize, i: usize) -> f64 {
    -z_max + 2.0 * z_max * i as f64 / (points - 1) as f64
}

/// The scanned points shown in the table: the ones nearest 0, z_max/8, z_max/4, z_max/2 and
/// z_max, then -z_max/2 and -z_max (each once).
fn shown(z_max: f64, points: usize) -> Vec<f64> {
    let mut picked: Vec<usize> = Vec::new();
    for f in [0.5, 0.5625, 0.625, 0.75, 1.0, 0.25, 0.0] {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = (f * (points - 1) as f64).round() as usize;
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.into_iter().map(|i| z_at(z_max, points, i)).collect()
}

/// How small the slope gets at the scanned points nearest z_max/2 and at z_max.
fn at_inputs(values: &Values) -> String {
    let (z_max, points) = grid(values);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let half = z_at(z_max, points, (0.75 * (points - 1) as f64).round() as usize);
    format!(
        "Over the scanned z in [-{0}, {0}] it falls to {1} at |z| = {2} and {3} at |z| = {0}.",
        format::brief(z_max),
        format::brief(sigmoid_prime(half)),
        format::brief(half.abs()),
        format::brief(sigmoid_prime(z_max))
    )
}

fn evaluate(values: &Values) -> Outcome {
    let (z_max, points) = grid(values);
    let h = 1e-5;
    let mut max_error: f64 = 0.0;
    let mut max_slope: f64 = 0.0;
    let mut curve = Vec::with_capacity(points);
    let mut fd_curve = Vec::with_capacity(points);
    for i in 0..points {
        let z = z_at(z_max, points, i);
        let s = sigmoid(z);
        let formula = s * (1.0 - s);
        let fd = central_difference(sigmoid, z, h);
        max_error = max_error.max((formula - fd).abs());
        max_slope = max_slope.max(sigmoid_prime(z));
        curve.push((z, formula));
        fd_curve.push((z, fd));
    }
    let mut table = Table {
        columns: [
            "z",
            "sigma(z)",
            "sigma(1-sigma)",
            "finite difference",
            "|error|",
        ]
        .map(String::from)
        .to_vec(),
        rows: Vec::new(),
    };
    for z in shown(z_max, points) {
        let s = sigmoid(z);
        let f = s * (1.0 - s);
        let fd = central_difference(sigmoid, z, h);
        table.rows.push(vec![
            format::table(z),
            format::table(s),
            format::table(f),
            format::table(fd),
            format::table((f - fd).abs()),
        ]);
    }
    let holds = max_error < 1e-9 && max_slope <= 0.25;
    Outcome {
        holds,
        verdict: format!(
            "sigma(1 - sigma) matches the finite difference to {max_error:.1e} over [-{z_max}, {z_max}]; \
             the largest slope is {max_slope:.4} (at most 1/4)."
        ),
        max_error,
        table,
        chart: Some(Chart {
            x_label: "z".into(),
            y_label: "sigma'(z)".into(),
            series: vec![
                Series {
                    name: "sigma(1-sigma)".into(),
                    points: curve,
                },
                Series {
                    name: "finite difference".into(),
                    points: fd_curve,
                },
            ],
        }),
    }
}
