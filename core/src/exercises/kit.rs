//! Small helpers shared by the exercises: tables, charts, random networks, and gradients by
//! backprop (the engine under test) and by central differences (the independent oracle).

use super::{Chart, Input, InputKind, Outcome, Series, Table, Values};
use crate::book::{Cost, Gradients, Init, Network, OutputError, OutputLayer};
use crate::run::Workspace;
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// An input, written in one line.
pub const fn input(
    name: &'static str,
    help: &'static str,
    default: f64,
    min: f64,
    max: f64,
    step: f64,
) -> Input {
    Input {
        name,
        help,
        default,
        min,
        max,
        step,
        kind: InputKind::Real,
    }
}

/// A whole-number input (a count, a class, a seed), nudged by `step`.
pub const fn whole(
    name: &'static str,
    help: &'static str,
    default: f64,
    min: f64,
    max: f64,
    step: f64,
) -> Input {
    Input {
        kind: InputKind::Whole,
        ..input(name, help, default, min, max, step)
    }
}

/// An even whole-number input, nudged by `step` (an even number).
pub const fn even(
    name: &'static str,
    help: &'static str,
    default: f64,
    min: f64,
    max: f64,
    step: f64,
) -> Input {
    Input {
        kind: InputKind::Even,
        ..input(name, help, default, min, max, step)
    }
}

/// An integer-valued input, rounded and clamped into [lo, hi].
pub fn int(values: &Values, name: &str, lo: usize, hi: usize) -> usize {
    let v = values.get(name);
    if v.is_finite() {
        // Clamped into [lo, hi] as a float first, so the cast neither truncates nor loses a sign.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = v.round().clamp(lo as f64, hi as f64) as usize;
        whole
    } else {
        lo
    }
}

/// An empty table with these column headings.
pub fn table(columns: &[&str]) -> Table {
    Table {
        columns: columns.iter().map(ToString::to_string).collect(),
        rows: Vec::new(),
    }
}

/// A chart from (name, points) pairs, as the optional chart of an [`Outcome`].
#[allow(clippy::unnecessary_wraps)] // every caller fills `Outcome::chart`, an Option
pub fn chart(x_label: &str, y_label: &str, series: Vec<(&str, Vec<(f64, f64)>)>) -> Option<Chart> {
    Some(Chart {
        x_label: x_label.into(),
        y_label: y_label.into(),
        series: series
            .into_iter()
            .map(|(name, points)| Series {
                name: name.into(),
                points,
            })
            .collect(),
    })
}

/// The outcome of an evaluation that could not run (never expected for inputs in range).
#[allow(clippy::needless_pass_by_value)] // called with the error's message, built for it
pub fn failed(what: String) -> Outcome {
    Outcome {
        holds: false,
        verdict: format!("could not evaluate: {what}"),
        max_error: f64::NAN,
        table: Table::default(),
        chart: None,
    }
}

/// |a - b| / max(|a|, |b|, 1): relative for magnitudes above 1, absolute below (the tables
/// head this column "error / max(|a|,|b|,1)").
pub fn rel_err(a: f64, b: f64) -> f64 {
    let d = (a - b).abs();
    if d.is_nan() {
        return f64::INFINITY;
    }
    d / a.abs().max(b.abs()).max(1.0)
}

/// ln(a / (1 - a)), the z with sigma(z) = a, for 0 < a < 1.
pub fn logit(a: f64) -> f64 {
    a.ln() - (-a).ln_1p()
}

/// A seeded generator, so an exercise with the same inputs shows the same numbers.
pub fn rng(seed: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed as u64)
}

/// A network with weights and biases drawn from N(0, 1) (the book's large initialisation).
pub fn random_net(sizes: &[usize], output: OutputLayer, seed: usize) -> Result<Network, String> {
    Network::new(sizes, output, &Init::Large, &mut rng(seed)).map_err(|e| e.to_string())
}

/// A batch: `inputs` and `targets` given one example per column.
pub struct Batch {
    /// Inputs, one example per column.
    pub x: DMatrix<f64>,
    /// Targets, one example per column.
    pub y: DMatrix<f64>,
}

/// Mean cost of `net` over the batch (Eq. 57/63: mean over examples of a sum over neurons).
pub fn mean_cost(net: &Network, cost: Cost, batch: &Batch) -> f64 {
    let mut ws = Workspace::default();
    ws.x = batch.x.clone();
    ws.y = batch.y.clone();
    ws.forward(net);
    ws.cost_sum(cost, net.output) / batch.x.ncols().max(1) as f64
}

/// The engine's gradient of the mean cost: batched backprop.
pub fn backprop(net: &Network, cost: Cost, error: OutputError, batch: &Batch) -> Gradients {
    let mut ws = Workspace::default();
    ws.x = batch.x.clone();
    ws.y = batch.y.clone();
    let mut grads = Gradients::zeros_like(net);
    ws.forward(net);
    ws.backward(net, cost, error, &mut grads);
    grads
}

/// The gradient of the mean cost by central differences: the engine's one finite-difference
/// oracle, [`crate::book::gradcheck::finite_difference`].
pub fn finite_difference(net: &Network, cost: Cost, batch: &Batch, h: f64) -> Gradients {
    crate::book::gradcheck::finite_difference(net, cost, &batch.x, &batch.y, h)
}

/// The largest relative difference between two gradients of the same shape.
pub fn grad_diff(a: &Gradients, b: &Gradients) -> f64 {
    let w = a
        .weights
        .iter()
        .zip(&b.weights)
        .flat_map(|(x, y)| x.iter().zip(y.iter()).map(|(p, q)| rel_err(*p, *q)));
    let bs = a
        .biases
        .iter()
        .zip(&b.biases)
        .flat_map(|(x, y)| x.iter().zip(y.iter()).map(|(p, q)| rel_err(*p, *q)));
    w.chain(bs).fold(0.0, f64::max)
}

/// Input `z{k}` (k = 1..4): the weighted input of output neuron k, in [-lim, lim].
pub const fn z_input(k: usize, default: f64, lim: f64) -> Input {
    let name = match k {
        1 => "z1",
        2 => "z2",
        3 => "z3",
        _ => "z4",
    };
    input(
        name,
        "weighted input of one output neuron",
        default,
        -lim,
        lim,
        0.1,
    )
}

/// The values of z1..z4.
pub fn four_z(values: &Values) -> Vec<f64> {
    ["z1", "z2", "z3", "z4"]
        .iter()
        .map(|n| values.get(n))
        .collect()
}

/// One example's output-layer gradients, checked against "the output error is a - y".
pub struct OutputErrorCheck {
    /// The engine's batched backprop.
    pub bp: Gradients,
    /// Central differences of the cost.
    pub fd: Gradients,
    /// The output layer's weighted inputs z^L.
    pub z: Vec<f64>,
    /// The outputs a^L.
    pub a: Vec<f64>,
    /// The claimed output error a^L - y.
    pub delta: Vec<f64>,
    /// The worst error among backprop vs finite differences, dC/db^L vs a - y (BP3) and
    /// dC/dw^L_jk vs a^{L-1}_k (a_j - y_j) (BP4).
    pub max_error: f64,
}

/// The shared check of the cases where the output error is delta^L = a^L - y (cross-entropy with
/// sigmoid outputs, Eq. 66; quadratic with linear outputs, Eq. 68; log-likelihood with softmax,
/// Eq. 84), for one example (`x`, `y`) and finite-difference step 1e-6.
pub fn check_output_error_is_a_minus_y(
    net: &Network,
    cost: Cost,
    x: &[f64],
    y: &[f64],
) -> OutputErrorCheck {
    let batch = Batch {
        x: DMatrix::from_column_slice(x.len(), 1, x),
        y: DMatrix::from_column_slice(y.len(), 1, y),
    };
    let last = net.depth() - 1;
    let (zs, acts) = net.forward(x);
    let (a, prev) = (&acts[last + 1], &acts[last]);
    let bp = backprop(net, cost, OutputError::Gradient, &batch);
    let fd = finite_difference(net, cost, &batch, 1e-6);
    let delta: Vec<f64> = a.iter().zip(y).map(|(a, y)| a - y).collect();
    let mut max_error = grad_diff(&bp, &fd);
    for (j, d) in delta.iter().enumerate() {
        max_error = max_error.max(rel_err(bp.biases[last][j], *d));
        for (k, p) in prev.iter().enumerate() {
            max_error = max_error.max(rel_err(bp.weights[last][(j, k)], p * d));
        }
    }
    OutputErrorCheck {
        bp,
        fd,
        z: zs[last].iter().copied().collect(),
        a: a.iter().copied().collect(),
        delta,
        max_error,
    }
}
