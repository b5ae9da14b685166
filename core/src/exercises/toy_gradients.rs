//! Exercise 2: the toy neuron's gradients under the quadratic and the cross-entropy cost.

use super::kit::{Batch, backprop, failed, finite_difference, input, rel_err, table};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{Cost, Init, Network, OutputError, OutputLayer, sigmoid, sigmoid_prime};
use crate::format;
use nalgebra::DMatrix;

const INPUTS: &[Input] = &[
    input("w", "the neuron's weight", 2.0, -10.0, 10.0, 0.1),
    input("b", "the neuron's bias", 2.0, -10.0, 10.0, 0.1),
    input("x", "the single input", 1.0, -5.0, 5.0, 0.1),
    input("y", "the desired output", 0.0, 0.0, 1.0, 0.05),
];

/// Quadratic (Eq. 55-56) vs cross-entropy (Eq. 61-62) gradients of one neuron.
pub const EXERCISE: Exercise = Exercise {
    id: "toy-gradients",
    title: "The toy neuron's gradients: quadratic vs cross-entropy",
    equations: "Eq. (55)-(56), (61)-(62)",
    statement: "One sigmoid neuron with weight w, bias b, input x and target y. With the quadratic cost the \
         gradients are (a - y) sigma'(z) x and (a - y) sigma'(z) (Eq. 55-56, for y = 0 and x = 1 these \
         are a sigma'(z)); with the cross-entropy the sigma'(z) factor cancels and they are (a - y) x and \
         a - y (Eq. 61-62). Both pairs come from the engine's backprop and are compared with central \
         differences of the cost. Their ratio, quadratic over cross-entropy, is exactly sigma'(z), small \
         wherever the neuron saturates. The default inputs are the book's badly wrong start \
         (w = b = 2, x = 1, y = 0). (The book-demo exercise's 1/(1 - a) is a different number: the \
         step its animation takes, not this ratio.)",
    at_inputs: Some(at_inputs),
    inputs: INPUTS,
    evaluate,
};

/// The ratio sigma'(z) at the inputs, and how many times smaller the quadratic gradient is.
fn at_inputs(values: &Values) -> String {
    let z = values.get("w") * values.get("x") + values.get("b");
    let sp = sigmoid_prime(z);
    format!(
        "Here z = w x + b = {0} and sigma'({0}) = {1}: the quadratic neuron's gradient is \
         1/sigma'(z) = {2} times smaller.",
        format::brief(z),
        format::brief(sp),
        format::brief(1.0 / sp)
    )
}

fn evaluate(values: &Values) -> Outcome {
    let (w, b, x, y) = (
        values.get("w"),
        values.get("b"),
        values.get("x"),
        values.get("y"),
    );
    let net = match Network::new(
        &[1, 1],
        OutputLayer::Sigmoid,
        &Init::Neuron { w: vec![w], b },
        &mut super::kit::rng(0),
    ) {
        Ok(n) => n,
        Err(e) => return failed(e.to_string()),
    };
    let batch = Batch {
        x: DMatrix::from_element(1, 1, x),
        y: DMatrix::from_element(1, 1, y),
    };
    let z = w * x + b;
    let a = sigmoid(z);
    let sp = sigmoid_prime(z);
    let mut t = table(&[
        "cost",
        "gradient",
        "formula",
        "backprop",
        "finite diff",
        "error / max(|a|,|b|,1)",
    ]);
    let mut max_error: f64 = 0.0;
    let mut grads = Vec::new();
    for (cost, factor, eqs) in [
        (Cost::Quadratic, sp, ("Eq. 55", "Eq. 56")),
        (Cost::CrossEntropy, 1.0, ("Eq. 61", "Eq. 62")),
    ] {
        let bp = backprop(&net, cost, OutputError::Gradient, &batch);
        let fd = finite_difference(&net, cost, &batch, 1e-6);
        let formula_w = (a - y) * factor * x;
        let formula_b = (a - y) * factor;
        for (name, formula, bpv, fdv) in [
            (
                format!("dC/dw ({})", eqs.0),
                formula_w,
                bp.weights[0][0],
                fd.weights[0][0],
            ),
            (
                format!("dC/db ({})", eqs.1),
                formula_b,
                bp.biases[0][0],
                fd.biases[0][0],
            ),
        ] {
            let err = rel_err(formula, fdv).max(rel_err(bpv, fdv));
            max_error = max_error.max(err);
            t.rows.push(vec![
                cost.name().into(),
                name,
                format::table(formula),
                format::table(bpv),
                format::table(fdv),
                format::table(err),
            ]);
        }
        grads.push(bp);
    }
    let ratio = if (a - y).abs() > 1e-300 {
        grads[0].biases[0][0] / grads[1].biases[0][0]
    } else {
        sp
    };
    let ratio_err = (ratio - sp).abs() / sp.max(f64::MIN_POSITIVE);
    t.rows.push(vec![
        "ratio".into(),
        "quadratic / cross-entropy".into(),
        format::table(sp),
        format::table(ratio),
        "sigma'(z)".into(),
        format::table(ratio_err),
    ]);
    let holds = max_error < 1e-6 && ratio_err < 1e-9;
    Outcome {
        holds,
        verdict: format!(
            "At z = {} (a = {}), formulas, backprop and finite differences agree to {max_error:.1e}; \
             the quadratic gradient is sigma'(z) = {} times the cross-entropy one.",
            format::table(z),
            format::table(a),
            format::table(sp)
        ),
        max_error: max_error.max(ratio_err),
        table: t,
        chart: None,
    }
}
