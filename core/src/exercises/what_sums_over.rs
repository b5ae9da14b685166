//! Exercise 17: what the sums in the cost run over.

use super::kit::{Batch, backprop, failed, grad_diff, int, random_net, rel_err, rng, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::cost::cross_entropy_from_z;
use crate::book::{Cost, Gradients, OutputError, OutputLayer};
use crate::format;
use nalgebra::DMatrix;
use rand::Rng;

const INPUTS: &[Input] = &[
    whole("seed", "random network and data", 4.0, 0.0, 1000.0, 1.0),
    whole("n", "training examples", 5.0, 1.0, 50.0, 1.0),
    whole("outputs", "output neurons", 3.0, 1.0, 6.0, 1.0),
];

/// The cost is a mean over examples of a sum over output neurons; per-example and batched agree.
pub const EXERCISE: Exercise = Exercise {
    id: "what-sums-over",
    title: "What the sums run over: examples and output neurons",
    equations: "Eq. (57), (63)",
    statement: "In Eq. (57) the sum over x runs over the n training examples, not over the inputs of a neuron: \
         each example x has its own output a and target y. With several output neurons (Eq. 63) there is \
         a second, inner sum over the output neurons j of one example. So the cost is a mean over \
         examples of a sum over neurons. The exercise computes it three ways, neuron by neuron with \
         explicit loops, example by example with the engine's per-example cost, and as one batched \
         matrix pass, and does the same for the gradient (mean of per-example backprop vs batched).",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let seed = int(values, "seed", 0, 1000);
    let n = int(values, "n", 1, 50);
    let outputs = int(values, "outputs", 1, 6);
    let sizes = [3, 4, outputs];
    let net = match random_net(&sizes, OutputLayer::Sigmoid, seed) {
        Ok(net) => net,
        Err(e) => return failed(e),
    };
    let mut r = rng(seed + 31);
    let x = DMatrix::from_fn(3, n, |_, _| r.random_range(-1.0..1.0));
    let y = DMatrix::from_fn(outputs, n, |_, _| f64::from(r.random_bool(0.5)));
    // 1: explicit double sum, sum over examples x of sum over neurons j, divided by n.
    let mut double_sum = 0.0;
    let mut per_example_sum = 0.0;
    let mut mean_grads = Gradients::zeros_like(&net);
    let mut t = table(&[
        "example x",
        "sum over neurons j of C_j",
        "engine's cost of this example",
    ]);
    for i in 0..n {
        let xi: Vec<f64> = x.column(i).iter().copied().collect();
        let yi: Vec<f64> = y.column(i).iter().copied().collect();
        let (zs, acts) = net.forward(&xi);
        let (z, a) = (&zs[1], &acts[2]);
        let inner: f64 = (0..outputs)
            .map(|j| cross_entropy_from_z(z[j], yi[j]))
            .sum();
        let engine = Cost::CrossEntropy.value(net.output, z.as_slice(), a.as_slice(), &yi);
        double_sum += inner;
        per_example_sum += engine;
        if i < 10 {
            t.rows.push(vec![
                (i + 1).to_string(),
                format::table(inner),
                format::table(engine),
            ]);
        }
        let single = Batch {
            x: DMatrix::from_column_slice(3, 1, &xi),
            y: DMatrix::from_column_slice(outputs, 1, &yi),
        };
        let g = backprop(&net, Cost::CrossEntropy, OutputError::Gradient, &single);
        for (m, gw) in mean_grads.weights.iter_mut().zip(&g.weights) {
            *m += gw / n as f64;
        }
        for (m, gb) in mean_grads.biases.iter_mut().zip(&g.biases) {
            *m += gb / n as f64;
        }
    }
    let batch = Batch { x, y };
    let batched_cost = super::kit::mean_cost(&net, Cost::CrossEntropy, &batch);
    let batched_grads = backprop(&net, Cost::CrossEntropy, OutputError::Gradient, &batch);
    let mean_double = double_sum / n as f64;
    let mean_engine = per_example_sum / n as f64;
    let cost_err = rel_err(mean_double, batched_cost).max(rel_err(mean_engine, batched_cost));
    let grad_err = grad_diff(&mean_grads, &batched_grads);
    let max_error = cost_err.max(grad_err);
    t.rows.push(vec![
        "mean (1/n) sum_x".into(),
        format::table(mean_double),
        format::table(mean_engine),
    ]);
    t.rows.push(vec![
        "batched matrix pass".into(),
        format::table(batched_cost),
        format::table(batched_cost),
    ]);
    let holds = max_error < 1e-12;
    Outcome {
        holds,
        verdict: format!(
            "Over n = {n} examples and {outputs} output neurons the cost is {}: explicit loops, \
             per-example and batched agree to {cost_err:.1e}, and the mean of per-example gradients \
             equals the batched gradient to {grad_err:.1e}.",
            format::table(batched_cost)
        ),
        max_error,
        table: t,
        chart: None,
    }
}
