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
         This is checked against a central finite difference of sigma over a range of z. The slope is \
         at most 1/4 (at z = 0) and shrinks like e^-|z|: about 0.0066 at |z| = 5 and 0.000045 at |z| = 10. \
         That small factor multiplies the quadratic cost's gradient (Eq. 55-56) and is the origin of the \
         learning slowdown.",
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let z_max = values.get("z_max");
    let points = super::kit::int(values, "points", 3, 2001);
    let h = 1e-5;
    let mut max_error: f64 = 0.0;
    let mut max_slope: f64 = 0.0;
    let mut curve = Vec::with_capacity(points);
    let mut fd_curve = Vec::with_capacity(points);
    for i in 0..points {
        let z = -z_max + 2.0 * z_max * i as f64 / (points - 1) as f64;
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
    for z in [0.0, 1.0, 2.0, 5.0, 10.0, -5.0, -10.0] {
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
