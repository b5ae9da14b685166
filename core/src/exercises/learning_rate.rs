//! Exercise 10: the learning-rate heuristic, the average of sigma(1 - sigma) is 1/6.

use super::kit::{chart, even, input, int, table};
use super::{Exercise, Input, Outcome, Values, fmt_num};
use crate::math::{sigmoid, sigmoid_prime};

/// The integral of sigma(1 - sigma) over sigma in [0, 1] is 1/6.
pub struct LearningRate;

const INPUTS: &[Input] = &[
    even(
        "intervals",
        "Simpson intervals (even)",
        100.0,
        2.0,
        10000.0,
        10.0,
    ),
    input(
        "z_max",
        "for the same integral in z: range [-z_max, z_max]",
        30.0,
        5.0,
        40.0,
        1.0,
    ),
];

fn simpson(f: impl Fn(f64) -> f64, lo: f64, hi: f64, n: usize) -> f64 {
    let n = n.max(2) + n % 2;
    let h = (hi - lo) / n as f64;
    let mut s = f(lo) + f(hi);
    for i in 1..n {
        s += f(lo + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    s * h / 3.0
}

impl Exercise for LearningRate {
    fn id(&self) -> &'static str {
        "learning-rate"
    }
    fn title(&self) -> &'static str {
        "The learning-rate heuristic: sigma(1 - sigma) averages 1/6"
    }
    fn equations(&self) -> &'static str {
        "Eq. (55)-(56), (61)-(62)"
    }
    fn statement(&self) -> &'static str {
        "The quadratic cost's gradients are the cross-entropy's times sigma' = sigma(1 - sigma). If the \
         output sigma were spread evenly over [0, 1], that factor would average to the integral of \
         sigma(1 - sigma) over [0, 1], which is 1/2 - 1/3 = 1/6. So, very roughly, the quadratic cost \
         learns six times more slowly at the same eta, and dividing the quadratic eta by 6 is a first \
         guess for the cross-entropy's. Checked by Simpson's rule in sigma, and again in z, where the \
         same integral reads the integral of sigma'(z)^2 dz (since d sigma = sigma'(z) dz)."
    }
    fn inputs(&self) -> &'static [Input] {
        INPUTS
    }
    fn evaluate(&self, values: &Values) -> Outcome {
        let n = int(values, "intervals", 2, 10000);
        let z_max = values.get("z_max");
        let in_sigma = simpson(|s| s * (1.0 - s), 0.0, 1.0, n);
        let in_z = simpson(|z| sigmoid_prime(z).powi(2), -z_max, z_max, n.max(20_000));
        let sixth = 1.0 / 6.0;
        // Cutting z at +-z_max cuts sigma at sigma(+-z_max): the exact truncated integral is
        // F(sigma(z_max)) - F(sigma(-z_max)) with F(s) = s^2/2 - s^3/3.
        let f = |s: f64| s * s / 2.0 - s * s * s / 3.0;
        let truncated = f(sigmoid(z_max)) - f(sigmoid(-z_max));
        let (e1, e2) = ((in_sigma - sixth).abs(), (in_z - truncated).abs());
        let mut t = table(&["integral", "value", "exact", "|error|"]);
        t.rows.push(vec![
            "sigma(1-sigma) d sigma over [0, 1]".into(),
            fmt_num(in_sigma),
            fmt_num(sixth),
            fmt_num(e1),
        ]);
        t.rows.push(vec![
            format!("sigma'(z)^2 dz over [-{z_max}, {z_max}]"),
            fmt_num(in_z),
            fmt_num(truncated),
            fmt_num(e2),
        ]);
        let curve: Vec<(f64, f64)> = (0..=100)
            .map(|i| i as f64 / 100.0)
            .map(|s| (s, s * (1.0 - s)))
            .collect();
        let max_error = e1.max(e2);
        let holds = max_error < 1e-9;
        Outcome {
            holds,
            verdict: format!(
                "The integral is 1/6 to {e1:.1e} (and the z form matches its exact value, \
                 {} short of 1/6 for cutting z at {z_max}, to {e2:.1e}): on average the sigma' factor \
                 shrinks the quadratic cost's steps about 6 times.",
                fmt_num(sixth - truncated)
            ),
            max_error,
            table: t,
            chart: chart(
                "sigma",
                "sigma(1 - sigma)",
                vec![
                    ("sigma(1-sigma)", curve),
                    ("mean 1/6", vec![(0.0, sixth), (1.0, sixth)]),
                ],
            ),
        }
    }
}
