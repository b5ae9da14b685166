//! Equals [`crate::book::neuron::Neuron::cost`] and [`crate::book::neuron::Neuron::gradient`]
//! averaged over the examples; tested by `fast::tests` (within 1e-9) and bit for bit against the
//! batched evaluation by the single neuron's fast-path tests.
//!
//! The neuron measured over a whole set of examples (cost, accuracy, z and a, the full-batch
//! gradient, the book-demo step), summed in the batched evaluation's order: chunks of
//! [`EVAL_CHUNK`] examples, each chunk's sum added in turn.

use super::{EVAL_CHUNK, NeuronSamples, add_gradient, delta, forward, value};
use crate::book::{Cost, OutputLayer};

/// The neuron over a whole set of examples: mean cost, examples classified correctly, z and a
/// on the first example, and (when asked for) the full-batch gradient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuronState {
    /// Mean cost over the examples (Eq. 54 / 57 averaged).
    pub cost: f64,
    /// Examples whose class (a >= 0.5) matches their label, when there are labels.
    pub correct: Option<usize>,
    /// z on the first example.
    pub z: f64,
    /// a on the first example.
    pub a: f64,
    /// dC/db over all the examples (Eq. 56 or 62); 0 when the gradient was not asked for.
    pub dc_db: f64,
}

/// Mean cost, accuracy count, z and a of the first example and, if `dc_dw` is given (length
/// `w.len()`), the full-batch gradient dC/dw written into it (Eq. 55 or 61) and dC/db
/// returned (Eq. 56 or 62). One pass over the examples, no allocation.
pub fn state(
    w: &[f64],
    b: f64,
    output: OutputLayer,
    cost: Cost,
    samples: NeuronSamples<'_>,
    dc_dw: Option<&mut [f64]>,
) -> NeuronState {
    let n_in = samples.n_in();
    let scale = inverse_count(&samples);
    counted_state(w, b, output, cost, samples, dc_dw, None, n_in, scale)
}

/// The step of the book's animations over the whole training set: dC/dw_j written into `step_w`
/// and dC/db returned, with dC/da (Eq. 75's 1/(1 - a) for y = 0 under the cross-entropy) in place
/// of dC/dz. The same operations in the same order as the general path's `OutputError::DcDa`.
pub fn book_demo_step(
    w: &[f64],
    b: f64,
    output: OutputLayer,
    cost: Cost,
    samples: NeuronSamples<'_>,
    step_w: &mut [f64],
) -> f64 {
    let n_in = samples.n_in();
    let scale = inverse_count(&samples);
    let mut step_b = 0.0;
    for j in 0..samples.len() {
        let x = samples.x(j, n_in);
        let (z, a) = forward(w, b, x, output);
        let d = cost.dc_da(z, a, samples.targets[j]);
        add_gradient(step_w, x, scale, d, j == 0);
        step_b += scale * d;
    }
    step_b
}

/// 1 / n for the full-batch gradient, made once per [`super::train`].
pub(super) fn inverse_count(samples: &NeuronSamples<'_>) -> f64 {
    1.0 / samples.len() as f64
}

/// [`state`] with the inputs per example and 1 / n already known, also keeping each example's
/// (z, a) in `outputs` when given.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) fn counted_state(
    w: &[f64],
    b: f64,
    output: OutputLayer,
    cost: Cost,
    samples: NeuronSamples<'_>,
    dc_dw: Option<&mut [f64]>,
    mut outputs: Option<&mut [(f64, f64)]>,
    n_in: usize,
    scale: f64,
) -> NeuronState {
    let n = samples.len();
    let mut gradient = dc_dw;
    let mut dc_db = 0.0;
    let mut total = 0.0;
    let mut correct = 0usize;
    let (mut z0, mut a0) = (f64::NAN, f64::NAN);
    // The cost is summed chunk by chunk, as the general path's evaluation sums it.
    for start in (0..n).step_by(EVAL_CHUNK) {
        let mut chunk = -0.0;
        for j in start..(start + EVAL_CHUNK).min(n) {
            let x = samples.x(j, n_in);
            let y = samples.targets[j];
            let (z, a) = forward(w, b, x, output);
            if j == 0 {
                (z0, a0) = (z, a);
            }
            if let Some(slot) = outputs.as_deref_mut().and_then(|o| o.get_mut(j)) {
                *slot = (z, a);
            }
            chunk += value(output, cost, z, a, y);
            if let Some(labels) = samples.labels {
                correct += usize::from(usize::from(a >= 0.5) == labels[j]);
            }
            if let Some(g) = gradient.as_deref_mut() {
                let d = delta(output, cost, z, a, y);
                add_gradient(g, x, scale, d, j == 0);
                dc_db += scale * d;
            }
        }
        total += chunk;
    }
    NeuronState {
        cost: if n == 0 { 0.0 } else { total / n as f64 },
        correct: samples.labels.map(|_| correct),
        z: z0,
        a: a0,
        dc_db,
    }
}
