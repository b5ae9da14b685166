//! Exercise 20: the cross-entropy as a negative log-likelihood and as surprise, CE = H + KL.

use super::entropy_minimum::binary_entropy;
use super::kit::{input, logit, table};
use super::{Exercise, Input, Outcome, Values};
use crate::book::cost::cross_entropy_from_z;
use crate::format;

const INPUTS: &[Input] = &[
    input(
        "y",
        "target probability that the answer is 1",
        0.3,
        0.0,
        1.0,
        0.05,
    ),
    input(
        "a",
        "the neuron's output: its probability for 1",
        0.6,
        0.001,
        0.999,
        0.01,
    ),
];

/// KL(y || a) for Bernoulli distributions, with 0 ln 0 = 0.
fn kl(y: f64, a: f64) -> f64 {
    let term = |p: f64, q: f64| if p > 0.0 { p * (p / q).ln() } else { 0.0 };
    term(y, a) + term(1.0 - y, 1.0 - a)
}

/// CE(y, a) = H(y) + KL(y || a) for a Bernoulli model.
pub const EXERCISE: Exercise = Exercise {
    id: "surprise",
    title: "Cross-entropy as likelihood and surprise: CE = H + KL",
    equations: "Eq. (57), (64)",
    statement: "Read the neuron's output a as the probability it assigns to the answer 1, a Bernoulli model. \
         Seeing a 1 then costs a surprise of -ln a, seeing a 0 costs -ln(1 - a); for a true answer that \
         is 1 with probability y, the expected surprise is exactly the cross-entropy of Eq. (57), and for \
         y in {0, 1} it is the negative log-likelihood of the observed answer. The expected surprise \
         splits into the unavoidable part, the entropy H(y) of Eq. (64), plus the Kullback-Leibler \
         divergence KL(y || a) >= 0, which vanishes only at a = y. That is why the minimum over a is H(y).",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let (y, a) = (values.get("y"), values.get("a"));
    let ce = cross_entropy_from_z(logit(a), y);
    let surprise_1 = -a.ln();
    let surprise_0 = -(-a).ln_1p();
    let expected = y * surprise_1 + (1.0 - y) * surprise_0;
    let h = binary_entropy(y);
    let d = kl(y, a);
    let err = (ce - (h + d)).abs().max((ce - expected).abs());
    let mut t = table(&["quantity", "value"]);
    for (k, v) in [
        ("surprise of a 1: -ln a", surprise_1),
        ("surprise of a 0: -ln(1 - a)", surprise_0),
        ("expected surprise y(-ln a) + (1-y)(-ln(1-a))", expected),
        ("cross-entropy (engine, Eq. 57)", ce),
        ("entropy H(y) (Eq. 64)", h),
        ("KL(y || a)", d),
        ("H(y) + KL(y || a)", h + d),
        ("|CE - (H + KL)|", (ce - (h + d)).abs()),
    ] {
        t.rows.push(vec![k.into(), format::table(v)]);
    }
    let holds = err < 1e-12 && d >= 0.0;
    Outcome {
        holds,
        verdict: format!(
            "CE = {} = H(y) {} + KL {} (to {err:.1e}); KL is {} and only the KL part depends on a.",
            format::table(ce),
            format::table(h),
            format::table(d),
            if d >= 0.0 { "non-negative" } else { "NEGATIVE" }
        ),
        max_error: err,
        table: t,
        chart: None,
    }
}
