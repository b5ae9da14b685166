//! Exercise 10: the learning-rate heuristic, the average of sigma(1 - sigma) is 1/6.

use super::kit::{chart, even, input, int, table};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{sigmoid, sigmoid_prime};
use crate::format;

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

/// The integral of sigma(1 - sigma) over sigma in [0, 1] is 1/6.
pub const EXERCISE: Exercise = Exercise {
    id: "learning-rate",
    title: "The learning-rate heuristic: sigma(1 - sigma) averages 1/6",
    equations: "Eq. (55)-(56), (61)-(62)",
    statement: "The quadratic cost's gradients are the cross-entropy's times sigma' = sigma(1 - sigma). If the \
         output sigma were spread evenly over [0, 1], that factor would average to the integral of \
         sigma(1 - sigma) over [0, 1], which is 1/2 - 1/3 = 1/6. So, very roughly, the quadratic cost \
         learns six times more slowly at the same eta, and dividing the quadratic eta by 6 is a first \
         guess for the cross-entropy's. Checked by Simpson's rule in sigma, and again in z, where the \
         same integral reads the integral of sigma'(z)^2 dz (since d sigma = sigma'(z) dz).",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let n = int(values, "intervals", 2, 10000);
    check(|s| s * (1.0 - s), n, values.get("z_max"))
}

/// The heuristic's two integrals for an integrand `g` of sigma (the exercise's is
/// sigma (1 - sigma)), each against a value found without `g`:
///
/// - Simpson's rule in sigma over [0, 1] with `n` intervals, against 1/6 = 1/2 - 1/3. For a
///   quadratic `g` Simpson is exact at any `n`, so this row shows the value rather than tests
///   the quadrature;
/// - Simpson's rule in z of g(sigma(z)) sigma'(z) over [-z_max, z_max] (d sigma = sigma'(z) dz),
///   a non-polynomial integrand, against the closed form 1/6 - 2 F(sigma(-z_max)) with
///   F(s) = s^2/2 - s^3/3 (the two cut tails are equal by symmetry). This one can fail.
fn check(g: impl Fn(f64) -> f64, n: usize, z_max: f64) -> Outcome {
    let sixth = 1.0 / 6.0;
    let in_sigma = simpson(&g, 0.0, 1.0, n);
    let n_z = n.max(20_000);
    let in_z = simpson(|z| g(sigmoid(z)) * sigmoid_prime(z), -z_max, z_max, n_z);
    // The part of 1/6 cut off with the tails sigma < sigma(-z_max) and sigma > sigma(z_max),
    // computed directly (not as 1/6 minus a number near 1/6, which leaves only rounding).
    let tail = sigmoid(-z_max);
    let shortfall = 2.0 * (tail * tail / 2.0 - tail * tail * tail / 3.0);
    let truncated = sixth - shortfall;
    let (e1, e2) = ((in_sigma - sixth).abs(), (in_z - truncated).abs());
    let mut t = table(&["integral", "value", "exact", "|error|"]);
    t.rows.push(vec![
        format!("sigma(1-sigma) d sigma over [0, 1], {n} intervals"),
        format::table(in_sigma),
        format::table(sixth),
        format::table(e1),
    ]);
    t.rows.push(vec![
        format!("sigma'(z)^2 dz over [-{z_max}, {z_max}], {n_z} intervals"),
        format::table(in_z),
        format::table(truncated),
        format::table(e2),
    ]);
    let curve: Vec<(f64, f64)> = (0..=100)
        .map(|i| f64::from(i) / 100.0)
        .map(|s| (s, g(s)))
        .collect();
    let max_error = e1.max(e2);
    let holds = max_error < 1e-9;
    Outcome {
        holds,
        verdict: format!(
            "The integral is 1/6 to {e1:.1e} (and the z form matches its exact value, {} short of \
             1/6 for cutting z at {z_max}, to {e2:.1e}): on average the sigma' factor shrinks the \
             quadratic cost's steps about 6 times.",
            format::table(shortfall)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortfall_at_z_30_is_the_tails_not_rounding() {
        let o = check(|s| s * (1.0 - s), 100, 30.0);
        assert!(o.holds, "{}", o.verdict);
        // 2 F(sigma(-30)) = sigma(-30)^2 (1 - 2 sigma(-30) / 3), about 8.8e-27, positive.
        let e = (-30.0_f64).exp() / (1.0 + (-30.0_f64).exp());
        assert!(
            o.verdict
                .contains(&format::table(e * e * (1.0 - 2.0 * e / 3.0))),
            "{}",
            o.verdict
        );
        assert!(
            o.verdict.contains("8.756e-27") || o.verdict.contains("8.757e-27"),
            "{}",
            o.verdict
        );
    }

    #[test]
    fn a_wrong_integrand_fails_the_check() {
        // Off by a little, or altogether: the checks compare with values found without `g`.
        // (An integrand with the same integral, such as 2 s^2 (1 - s), rightly passes.)
        for wrong in [
            &(|s: f64| s * (1.0 - s) * 1.001) as &dyn Fn(f64) -> f64,
            &|s: f64| s * (1.0 - s) + 1e-4 * (std::f64::consts::PI * s).sin(),
            &|s: f64| s * s,
        ] {
            let o = check(wrong, 100, 30.0);
            assert!(!o.holds, "{}", o.verdict);
        }
    }
}
