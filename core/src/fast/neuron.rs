//! Equals [`crate::book::neuron::Neuron`] (its epoch, cost, output and gradient) within 1e-9
//! relative after 300 epochs, tested by `fast::tests` on the four toy cases; and the batched
//! path bit for bit, tested by the engine tests of the single neuron's fast path.
//!
//! The toy of section 3.1, a single neuron, trained with plain scalar loops: no matrices, no
//! allocation once the scratch buffers are sized, nothing on the heap per epoch.
//!
//! Every number is computed with the same operations in the same order as the batched path of
//! [`super::backprop`] ([`super::Run`] uses this path for single-neuron runs on dense data), so
//! both give the same bits: z = b + x_1 w_1 + x_2 w_2 + ... (Eq. 25 of chapter 1), a = sigma(z),
//! the output error of [`Cost::delta`] or [`Cost::dc_da`], and the mean-gradient step of
//! Eq. (55)-(56) or (61)-(62) over each mini-batch.
//!
//! The measurement over a whole set (cost, accuracy, full-batch gradient) is in `state.rs`.

use crate::book::cost::cross_entropy_from_z;
use crate::book::{Cost, OutputLayer, sigmoid, sigmoid_prime};
use crate::run::update::Update;
use rand::Rng;
use rand::seq::SliceRandom;

mod state;

pub use state::{NeuronState, book_demo_step, state};
use state::{counted_state, inverse_count};

/// Examples of the cost sum per chunk in [`super::workspace::evaluate`]; the scalar path sums in
/// the same chunks so that the rounding is the same.
pub(super) const EVAL_CHUNK: usize = 500;

/// A single neuron's training examples: `inputs` holds example after example (`n_in` numbers
/// each, the column-major layout of [`crate::data::Features::Dense`]), `targets` one y per
/// example, `labels` the class of each example for classification.
#[derive(Debug, Clone, Copy)]
pub struct NeuronSamples<'a> {
    /// x of every example, `n_in` numbers per example.
    pub inputs: &'a [f64],
    /// y of every example.
    pub targets: &'a [f64],
    /// The class of each example (1 when y >= 0.5), for the accuracy.
    pub labels: Option<&'a [usize]>,
}

impl NeuronSamples<'_> {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Inputs per example.
    fn n_in(&self) -> usize {
        self.inputs
            .len()
            .checked_div(self.targets.len())
            .unwrap_or(0)
    }

    #[inline(always)]
    fn x(&self, j: usize, n_in: usize) -> &[f64] {
        &self.inputs[j * n_in..(j + 1) * n_in]
    }
}

/// How a neuron learns: output activation, cost, update rule, eta and mini-batch size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuronRule {
    /// [`OutputLayer::Sigmoid`] or [`OutputLayer::Linear`] (see [`NeuronRule::supports`]).
    pub output: OutputLayer,
    /// The cost.
    pub cost: Cost,
    /// The true gradient or the book's animation step.
    pub update: Update,
    /// The learning rate eta.
    pub eta: f64,
    /// Examples per mini-batch (at least 1; more than the examples means full batch).
    pub mini_batch: usize,
}

impl NeuronRule {
    /// True when this path computes the rule: sigmoid or linear output with a cost valid for it
    /// (a softmax over one neuron is left to the general path).
    pub fn supports(output: OutputLayer, cost: Cost) -> bool {
        matches!(output, OutputLayer::Sigmoid | OutputLayer::Linear)
            && cost.check_output(output).is_ok()
    }
}

/// Reusable buffers of a neuron's training: sized once, never reallocated while the input
/// count and mini-batch size stay the same.
#[derive(Debug, Clone, Default)]
pub struct NeuronScratch {
    deltas: Vec<f64>,
    /// (z, a) of every example at the current weights, kept by [`NeuronLoop::train`] between epochs.
    outputs: Vec<(f64, f64)>,
    /// dC/dw of the last mini-batch of the last epoch.
    pub grad_w: Vec<f64>,
    /// dC/db of the last mini-batch of the last epoch.
    pub grad_b: f64,
}

/// z = w.x + b and the output a of one example.
#[inline(always)]
fn forward(w: &[f64], b: f64, x: &[f64], output: OutputLayer) -> (f64, f64) {
    let mut z = b;
    for (&v, &w) in x.iter().zip(w) {
        z += v * w;
    }
    let a = match output {
        OutputLayer::Linear => z,
        _ => sigmoid(z),
    };
    (z, a)
}

/// g_k += scale x_k d for one example's inputs x, a gradient summed example by example; the
/// first example starts each g_k from 0.0 (`0.0 + t`, not `t`: the batched path's sum, -0.0
/// included).
#[inline(always)]
fn add_gradient(g: &mut [f64], x: &[f64], scale: f64, d: f64, first: bool) {
    for (g, &v) in g.iter_mut().zip(x) {
        *g = if first { 0.0 } else { *g } + scale * v * d;
    }
}

/// The output error the step uses: delta = dC/dz (Eq. 65, 66, 68) or, for the book's
/// animations, dC/da.
#[inline(always)]
fn output_error(rule: &NeuronRule, z: f64, a: f64, y: f64) -> f64 {
    match rule.update {
        Update::Gradient => delta(rule.output, rule.cost, z, a, y),
        Update::BookDemo => rule.cost.dc_da(z, a, y),
    }
}

/// [`Cost::delta`] of one neuron, written out for a scalar: the same operations.
#[inline(always)]
fn delta(output: OutputLayer, cost: Cost, z: f64, a: f64, y: f64) -> f64 {
    match (cost, output) {
        (Cost::Quadratic, OutputLayer::Sigmoid) => (a - y) * sigmoid_prime(z),
        (Cost::Quadratic, OutputLayer::Linear) | (Cost::CrossEntropy, OutputLayer::Sigmoid) => {
            a - y
        }
        _ => {
            let mut d = [0.0];
            cost.delta(output, &[z], &[a], &[y], &mut d);
            d[0]
        }
    }
}

/// [`Cost::value`] of one neuron, written out for a scalar: the same operations (the sum over
/// one output neuron adds its only term to -0.0, which leaves every value as it is).
#[inline(always)]
fn value(output: OutputLayer, cost: Cost, z: f64, a: f64, y: f64) -> f64 {
    match (cost, output) {
        (Cost::Quadratic, _) => 0.5 * (a - y).powi(2),
        (Cost::CrossEntropy, OutputLayer::Sigmoid) => cross_entropy_from_z(z, y),
        _ => cost.value(output, &[z], &[a], &[y]),
    }
}

/// What an epoch needs that does not change from one epoch to the next: nothing is divided
/// per epoch once it is made.
#[derive(Debug, Clone, Copy)]
struct Plan {
    n_in: usize,
    /// Examples per full mini-batch.
    m: usize,
    batches: usize,
    /// -eta / m, the step factor of a full mini-batch.
    alpha: f64,
    /// 1 / (examples in the last mini-batch).
    last_scale: f64,
    eta: f64,
}

impl Plan {
    /// For `n` >= 1 examples of `n_in` inputs.
    fn new(rule: &NeuronRule, n_in: usize, n: usize) -> Plan {
        let m = rule.mini_batch.min(n).max(1);
        let batches = n.div_ceil(m);
        let last = n - (batches - 1) * m;
        Plan {
            n_in,
            m,
            batches,
            alpha: -rule.eta / m as f64,
            last_scale: 1.0 / last as f64,
            eta: rule.eta,
        }
    }
}

/// One epoch of mini-batch SGD on the neuron (w, b): the examples in `order` (already
/// shuffled) are cut into mini-batches of `rule.mini_batch`; each batch's mean gradient is
/// stepped down by eta. The last batch's gradient is kept in `scratch` (for its norm), and that
/// step is w -> w - eta dC/dw, as the general path takes it.
pub fn sgd_epoch(
    w: &mut [f64],
    b: &mut f64,
    rule: &NeuronRule,
    samples: NeuronSamples<'_>,
    order: &[usize],
    scratch: &mut NeuronScratch,
) {
    if order.is_empty() {
        return;
    }
    let plan = Plan::new(rule, w.len(), order.len());
    scratch.size(&plan);
    planned_epoch(w, b, rule, samples, order, scratch, &plan, false);
}

impl NeuronScratch {
    fn size(&mut self, plan: &Plan) {
        if self.deltas.len() < plan.m {
            self.deltas.resize(plan.m, 0.0);
        }
        if self.grad_w.len() != plan.n_in {
            self.grad_w.resize(plan.n_in, 0.0);
        }
    }
}

/// [`sgd_epoch`] with its constants made; with `cached`, the first mini-batch takes each
/// example's z and a from `scratch.outputs` (filled by [`state::counted_state`] at these same weights)
/// instead of computing them again.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn planned_epoch(
    w: &mut [f64],
    b: &mut f64,
    rule: &NeuronRule,
    samples: NeuronSamples<'_>,
    order: &[usize],
    scratch: &mut NeuronScratch,
    plan: &Plan,
    cached: bool,
) {
    let n_in = plan.n_in;
    for (n, batch) in order.chunks(plan.m).enumerate() {
        let deltas = &mut scratch.deltas[..batch.len()];
        for (d, &i) in deltas.iter_mut().zip(batch) {
            let (z, a) = if cached && n == 0 {
                scratch.outputs[i]
            } else {
                forward(w, *b, samples.x(i, n_in), rule.output)
            };
            *d = output_error(rule, z, a, samples.targets[i]);
        }
        if n + 1 < plan.batches {
            // w -> w + (-eta/m) sum_j delta_j x_j, example after example; then b.
            let alpha = plan.alpha;
            for (&d, &i) in deltas.iter().zip(batch) {
                for (w, &v) in w.iter_mut().zip(samples.x(i, n_in)) {
                    *w += alpha * v * d;
                }
            }
            for &d in deltas.iter() {
                *b += alpha * d;
            }
            continue;
        }
        // The last batch: the mean gradient first, then the step.
        let scale = plan.last_scale;
        let gw = &mut scratch.grad_w;
        let mut gb = 0.0;
        for (k, (&d, &i)) in deltas.iter().zip(batch).enumerate() {
            add_gradient(gw, samples.x(i, n_in), scale, d, k == 0);
        }
        for &d in deltas.iter() {
            gb += scale * d;
        }
        let eta = plan.eta;
        for (w, &g) in w.iter_mut().zip(gw.iter()) {
            *w -= eta * g;
        }
        *b -= eta * gb;
        scratch.grad_b = gb;
    }
}

/// Euclidean norms of the last mini-batch's dC/dw and dC/db.
pub fn last_gradient_norms(scratch: &NeuronScratch) -> (f64, f64) {
    let mut sw = 0.0;
    for &g in &scratch.grad_w {
        sw += g * g;
    }
    (sw.sqrt(), (scratch.grad_b * scratch.grad_b).sqrt())
}

/// One epoch's report of [`NeuronLoop::train`]: the neuron after the epoch, on its training examples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuronEpoch<'a> {
    /// Epochs done (1 after the first).
    pub epoch: u64,
    /// Weights w_j after the epoch.
    pub w: &'a [f64],
    /// Bias b after the epoch.
    pub b: f64,
    /// Cost, accuracy, z, a and dC/db over the training examples.
    pub state: NeuronState,
    /// dC/dw_j over the training examples.
    pub dc_dw: &'a [f64],
}

/// A single neuron's training loop, the one a map of many neuron runs and `nnlab bench`
/// drive: its rule and examples, the order it shuffles, and buffers sized once.
#[derive(Debug, Clone)]
pub struct NeuronLoop<'a> {
    rule: NeuronRule,
    samples: NeuronSamples<'a>,
    order: Vec<usize>,
    scratch: NeuronScratch,
    dc_dw: Vec<f64>,
}

impl<'a> NeuronLoop<'a> {
    /// A loop over `samples` (in their order until the first shuffle) under `rule`.
    pub fn new(rule: NeuronRule, samples: NeuronSamples<'a>) -> NeuronLoop<'a> {
        NeuronLoop {
            rule,
            samples,
            order: (0..samples.len()).collect(),
            scratch: NeuronScratch::default(),
            dc_dw: vec![0.0; samples.n_in()],
        }
    }

    /// Trains the neuron (w, b) for `epochs` epochs, shuffling the example order with `rng`
    /// before each as [`crate::run::Run`] does, and hands each epoch's state to `report`;
    /// stops early when `report` returns false. Allocates nothing per epoch.
    pub fn train(
        &mut self,
        w: &mut [f64],
        b: &mut f64,
        rng: &mut impl Rng,
        epochs: u64,
        mut report: impl FnMut(NeuronEpoch<'_>) -> bool,
    ) {
        let NeuronLoop {
            rule,
            samples,
            order,
            scratch,
            dc_dw,
        } = self;
        let (rule, samples) = (&*rule, *samples);
        if order.is_empty() {
            return;
        }
        dc_dw.resize(w.len(), 0.0);
        let plan = Plan::new(rule, w.len(), order.len());
        scratch.size(&plan);
        // Each epoch's state computes z and a of every example at the weights the next epoch's
        // first mini-batch starts from; that batch reuses them (small sets only).
        let cache = samples.len() <= 4 * EVAL_CHUNK;
        let mut outputs = std::mem::take(&mut scratch.outputs);
        outputs.resize(if cache { samples.len() } else { 0 }, (0.0, 0.0));
        scratch.outputs = outputs;
        let scale = inverse_count(&samples);
        for epoch in 1..=epochs {
            order.shuffle(rng);
            planned_epoch(
                w,
                b,
                rule,
                samples,
                order,
                scratch,
                &plan,
                cache && epoch > 1,
            );
            let outputs = cache.then_some(&mut scratch.outputs[..]);
            let state = counted_state(
                w,
                *b,
                rule.output,
                rule.cost,
                samples,
                Some(dc_dw),
                outputs,
                plan.n_in,
                scale,
            );
            let keep_going = report(NeuronEpoch {
                epoch,
                w,
                b: *b,
                state,
                dc_dw,
            });
            if !keep_going {
                break;
            }
        }
    }
}
