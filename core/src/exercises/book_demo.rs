//! Exercise 22: the book's animations step by dC/da, not by the gradient of Eq. (61).

use super::kit::{Batch, chart, failed, input, int, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::{
    Cost, Gradients, Init, Network, OutputError, OutputLayer, sigmoid, sigmoid_prime,
};
use crate::format;
use crate::run::Workspace;
use nalgebra::DMatrix;

const INPUTS: &[Input] = &[
    input("w0", "starting weight", 2.0, -5.0, 5.0, 0.1),
    input("b0", "starting bias", 2.0, -5.0, 5.0, 0.1),
    input("eta", "learning rate", 0.005, 0.0005, 0.5, 0.0005),
    whole("epochs", "steps taken", 300.0, 10.0, 2000.0, 10.0),
];

/// Trains the toy neuron (x = 1, y = 0) and returns the output a after each step (only finite
/// ones: a run whose step stops being a finite number is cut there), the first gradient step
/// and whether the run was cut.
fn train(
    w0: f64,
    b0: f64,
    eta: f64,
    epochs: usize,
    cost: Cost,
    error: OutputError,
) -> Result<(Vec<f64>, [f64; 2], bool), String> {
    let mut net = Network::new(
        &[1, 1],
        OutputLayer::Sigmoid,
        &Init::Neuron { w: vec![w0], b: b0 },
        &mut super::kit::rng(0),
    )
    .map_err(|e| e.to_string())?;
    let batch = Batch {
        x: DMatrix::from_element(1, 1, 1.0),
        y: DMatrix::from_element(1, 1, 0.0),
    };
    let mut ws = Workspace::default();
    ws.x = batch.x;
    ws.y = batch.y;
    let mut grads = Gradients::zeros_like(&net);
    let mut outputs = Vec::with_capacity(epochs + 1);
    let mut first = [0.0; 2];
    for e in 0..=epochs {
        ws.forward(&net);
        outputs.push(ws.output()[0]);
        if e == epochs {
            break;
        }
        ws.backward(&net, cost, error, &mut grads);
        // The animation's step 1/(1 - a) is computed as (a - y) / sigma'(z), which is 0/0 once
        // z is so negative that both underflow (z below about -745): stop there.
        if !(grads.weights[0][0].is_finite() && grads.biases[0][0].is_finite()) {
            return Ok((outputs, first, true));
        }
        if e == 0 {
            first = [grads.weights[0][0], grads.biases[0][0]];
        }
        net.weights[0][0] -= eta * grads.weights[0][0];
        net.biases[0][0] -= eta * grads.biases[0][0];
    }
    Ok((outputs, first, false))
}

/// The animation's update vs Eq. (61)-(62) vs the quadratic cost, from the same start.
pub const EXERCISE: Exercise = Exercise {
    id: "book-demo",
    title: "The book's animations vs its equations",
    equations: "Eq. (61)-(62), (75)",
    statement: "The in-browser cross-entropy demos of section 3.1 (one neuron, x = 1, y = 0, eta = 0.005, start \
         w = b = 2: the default inputs) move w and b by dC/da = 1/(1 - a), the derivative with respect \
         to the output (Eq. 75), instead of by the true gradient dC/dw = dC/db = a of Eq. (61)-(62). The \
         two differ by exactly the factor sigma'(z) = a (1 - a), which is small at the book's saturated \
         start: that is why its figure learns so much faster than Eq. (61) would at that eta. The \
         chapter's conclusion survives: with the true gradient the cross-entropy still learns far faster \
         than the quadratic cost from the same bad start. Three runs of the engine's trainer step are \
         compared.",
    at_inputs: Some(at_inputs),
    inputs: INPUTS,
    evaluate,
};

/// The first steps at the chosen start: the animation's 1/(1 - a) against Eq. (61)'s a.
fn at_inputs(values: &Values) -> String {
    let z0 = values.get("w0") + values.get("b0");
    let a0 = sigmoid(z0);
    format!(
        "From the start chosen here (z = w0 + b0 = {0}, a = {1}) the animation's first step is \
         1/(1 - a) = 1 + e^{0} = {2} where Eq. (61) gives a = {1}: 1/sigma'({0}) = {3} times larger.",
        format::brief(z0),
        format::brief(a0),
        format::brief(1.0 + z0.exp()),
        format::brief(1.0 / sigmoid_prime(z0))
    )
}

fn evaluate(values: &Values) -> Outcome {
    let (w0, b0, eta) = (values.get("w0"), values.get("b0"), values.get("eta"));
    let epochs = int(values, "epochs", 10, 2000);
    let runs = [
        (
            "cross-entropy, book's animation (dC/da)",
            Cost::CrossEntropy,
            OutputError::DcDa,
        ),
        (
            "cross-entropy, Eq. (61)-(62)",
            Cost::CrossEntropy,
            OutputError::Gradient,
        ),
        (
            "quadratic, Eq. (55)-(56)",
            Cost::Quadratic,
            OutputError::Gradient,
        ),
    ];
    let mut results = Vec::new();
    for (name, cost, error) in runs {
        match train(w0, b0, eta, epochs, cost, error) {
            Ok((outs, first, cut)) => results.push((name, outs, first, cut)),
            Err(e) => return failed(e),
        }
    }
    let z0 = w0 + b0;
    let a0 = sigmoid(z0);
    let sp = sigmoid_prime(z0);
    let ratio = results[1].2[1] / results[0].2[1];
    let ratio_err = (ratio - sp).abs() / sp;
    let formula_err = (results[1].2[1] - a0)
        .abs()
        .max((results[0].2[1] - 1.0 / (1.0 - a0)).abs() * sp);
    let mut t = table(&[
        "update",
        "first dC/db step",
        "a after 1/3 of the steps",
        "a at the end",
    ]);
    let third = epochs / 3;
    let at = |outs: &Vec<f64>, e: usize| outs[e.min(outs.len() - 1)];
    for (name, outs, first, cut) in &results {
        let end = if *cut {
            format!(
                "{} (stopped at step {}: the step was 0/0)",
                format::table(at(outs, epochs)),
                outs.len() - 1
            )
        } else {
            format::table(at(outs, epochs))
        };
        t.rows.push(vec![
            name.to_string(),
            format::table(first[1]),
            format::table(at(outs, third)),
            end,
        ]);
    }
    t.rows.push(vec![
        "ratio Eq. (61) / animation".into(),
        format::table(ratio),
        "sigma'(z0) =".into(),
        format::table(sp),
    ]);
    let end = |k: usize| at(&results[k].1, epochs);
    // The animation and Eq. (61) both drive a down; the animation faster, and Eq. (61) faster
    // than the quadratic cost (y = 0, so a smaller output is better).
    let demo_faster = end(0) <= end(1);
    let ce_beats_quadratic = end(1) <= end(2);
    let holds = ratio_err < 1e-9 && formula_err < 1e-9 && demo_faster && ce_beats_quadratic;
    let curves: Vec<(&str, Vec<(f64, f64)>)> = results
        .iter()
        .map(|(name, outs, _, _)| {
            let step = (outs.len() / 300).max(1);
            (
                *name,
                outs.iter()
                    .enumerate()
                    .step_by(step)
                    .map(|(e, &a)| (e as f64, a))
                    .collect(),
            )
        })
        .collect();
    Outcome {
        holds,
        verdict: format!(
            "From (w, b) = ({w0}, {b0}) the first steps differ by sigma'(z) = {} (to {ratio_err:.1e}). \
             After {epochs} steps at eta = {eta}: a = {} with the animation's update, {} with Eq. (61), \
             {} with the quadratic cost.",
            format::table(sp),
            format::table(end(0)),
            format::table(end(1)),
            format::table(end(2))
        ),
        max_error: ratio_err.max(formula_err),
        table: t,
        chart: chart("epoch", "output a", curves),
    }
}
