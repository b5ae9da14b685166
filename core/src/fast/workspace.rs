//! Equals [`crate::book::backprop::backprop`] and [`crate::book::backprop::mean_cost`] within
//! 1e-11 relative, tested by `fast::tests` on random networks of every valid output/cost pair and
//! on a [784, 30, 10] network of byte pixels (and against finite differences by the engine tests).
//!
//! Backpropagation over a whole mini-batch at once: the examples are the columns of a matrix,
//! so each layer is one matrix product. Buffers live in a [`Workspace`] reused across steps.

use super::kernels::{add_outer, weighted_inputs};
use crate::book::cost::cross_entropy_from_z_and_exp;
use crate::book::{Cost, Gradients, Network, OutputError, OutputLayer};
use crate::data::{Features, NonZeroPixels, Samples};
use crate::fast::exp_vector::{exp_neg_abs, sigmoid_primes, sigmoids};
use nalgebra::DMatrix;
use std::sync::Arc;

mod evaluate;
pub use evaluate::{
    EVAL_CHUNK, chunk_total, eval_chunks, eval_threads, evaluate, evaluate_chunk,
    evaluate_with_threads,
};

/// The non-zero inputs of a batch of byte-pixel examples: the data set's list of non-zero
/// pixels (shared, not copied) and which of its examples form the batch; every other feature
/// is 0. About 80% of MNIST pixels are 0, so the first layer's products skip them.
#[derive(Debug, Clone, Default)]
struct SparseBatch {
    source: Arc<NonZeroPixels>,
    examples: Vec<usize>,
}

impl SparseBatch {
    fn len(&self) -> usize {
        self.examples.len()
    }

    /// (feature row, value) pairs of example j of the batch, scaled as
    /// [`crate::data::Features::write_example`] scales them.
    #[inline]
    fn example(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + Clone + '_ {
        let (index, pixel) = self.source.example(self.examples[j]);
        index
            .iter()
            .zip(pixel)
            .map(|(&k, &p)| (k as usize, f64::from(p) * (1.0 / 255.0)))
    }
}

/// y += alpha x, element-wise over equal-length slices (vectorised by the compiler).
#[inline]
fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * x;
    }
}

/// x . y over equal-length slices.
#[inline]
fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

/// Reusable buffers for forward and backward passes over a batch of `m` examples.
///
/// The batch is either dense (`x`, one example per column) or, after [`Workspace::load`] of
/// byte-pixel samples, a list of each example's non-zero pixels; both give the same numbers.
/// Once sized, no buffer is reallocated from one mini-batch of the same size to the next; a
/// batch of another size (the epoch's last, shorter mini-batch, or an evaluation chunk) resizes
/// them.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Mini-batch inputs, one example per column.
    pub x: DMatrix<f64>,
    /// Mini-batch targets, one example per column.
    pub y: DMatrix<f64>,
    zs: Vec<DMatrix<f64>>,
    activations: Vec<DMatrix<f64>>,
    deltas: Vec<DMatrix<f64>>,
    sparse: SparseBatch,
    sparse_input: bool,
    /// e^{-|z|} of the output layer, for [`Workspace::cost_sum`].
    exps: Vec<f64>,
    /// Buffers of the other threads of [`evaluate`].
    helpers: Vec<Workspace>,
}

impl Workspace {
    /// Loads the examples `indices` of `samples` as the batch: byte pixels as their non-zero
    /// entries, dense features into `x`; targets into `y`.
    pub fn load(&mut self, samples: &Samples, indices: &[usize]) {
        match &samples.features {
            Features::Bytes { nonzero, .. } => {
                let m = indices.len();
                let n_out = samples.output_dim();
                if self.y.shape() != (n_out, m) {
                    self.y = DMatrix::zeros(n_out, m);
                }
                if !Arc::ptr_eq(&self.sparse.source, nonzero) {
                    self.sparse.source = Arc::clone(nonzero);
                }
                self.sparse.examples.clear();
                self.sparse.examples.extend_from_slice(indices);
                for (col, &i) in indices.iter().enumerate() {
                    self.y.column_mut(col).copy_from(&samples.targets.column(i));
                }
                self.sparse_input = true;
            }
            Features::Dense(_) => {
                samples.gather(indices, &mut self.x, &mut self.y);
                self.sparse_input = false;
            }
        }
    }

    /// Examples in the current batch.
    fn batch_len(&self) -> usize {
        if self.sparse_input {
            self.sparse.len()
        } else {
            self.x.ncols()
        }
    }

    /// Runs the batch in `self.x` forward; afterwards `output()` holds a^L.
    pub fn forward(&mut self, net: &Network) {
        self.sparse_input = false;
        self.forward_loaded(net);
    }

    /// Runs the batch of the last [`Workspace::load`] forward; afterwards `output()` holds a^L.
    pub fn forward_loaded(&mut self, net: &Network) {
        let m = self.batch_len();
        let depth = net.depth();
        self.zs.resize_with(depth, || DMatrix::zeros(0, 0));
        self.activations.resize_with(depth, || DMatrix::zeros(0, 0));
        for l in 0..depth {
            let w = &net.weights[l];
            let (rows, cols) = w.shape();
            if self.zs[l].shape() != (rows, m) {
                self.zs[l] = DMatrix::zeros(rows, m);
                self.activations[l] = DMatrix::zeros(rows, m);
            }
            let (done, rest) = self.activations.split_at_mut(l);
            let w = w.as_slice();
            let b = net.biases[l].as_slice();
            let z = self.zs[l].as_mut_slice();
            // z = w a + b, column by column: z_j = b + sum_k a_kj w_k (Eq. 25 of chapter 1).
            if l == 0 && self.sparse_input {
                let sparse = &self.sparse;
                weighted_inputs(w, rows, b, z, |j| sparse.example(j));
            } else {
                let input = if l == 0 { &self.x } else { &done[l - 1] };
                let input = input.as_slice();
                weighted_inputs(w, rows, b, z, |j| {
                    input[j * cols..(j + 1) * cols].iter().copied().enumerate()
                });
            }
            let a = rest[0].as_mut_slice();
            if l + 1 == depth && net.output != OutputLayer::Sigmoid {
                for (zc, ac) in z.chunks_exact(rows).zip(a.chunks_exact_mut(rows)) {
                    net.output.activate(zc, ac);
                }
            } else {
                // A sigmoid acts on each z alone, so the whole batch goes in one call.
                sigmoids(z, a);
            }
        }
    }

    /// The output activations a^L of the last forward pass.
    pub fn output(&self) -> &DMatrix<f64> {
        &self.activations[self.activations.len() - 1]
    }

    /// The output weighted inputs z^L of the last forward pass.
    pub fn output_weighted_input(&self) -> &DMatrix<f64> {
        &self.zs[self.zs.len() - 1]
    }

    /// Sum over the batch of the per-example cost of the last forward pass against `self.y`.
    pub fn cost_sum(&mut self, cost: Cost, output: OutputLayer) -> f64 {
        if (cost, output) == (Cost::CrossEntropy, OutputLayer::Sigmoid) {
            return self.cross_entropy_sum();
        }
        let z = self.output_weighted_input();
        let a = self.output();
        (0..a.ncols())
            .map(|j| {
                cost.value(
                    output,
                    z.column(j).as_slice(),
                    a.column(j).as_slice(),
                    self.y.column(j).as_slice(),
                )
            })
            .sum()
    }

    /// [`Workspace::cost_sum`] of sigmoid outputs with the cross-entropy: the same terms
    /// ([`crate::book::cost::cross_entropy_from_z`] of each output) added in the same order, with every e^{-|z|}
    /// taken in one pass over the batch.
    fn cross_entropy_sum(&mut self) -> f64 {
        let Some(z) = self.zs.last() else { return 0.0 };
        let rows = z.nrows().max(1);
        let z = z.as_slice();
        let y = self.y.as_slice();
        self.exps.resize(z.len(), 0.0);
        exp_neg_abs(z, &mut self.exps);
        let e = &self.exps;
        (0..z.len() / rows)
            .map(|j| {
                let col = j * rows..(j + 1) * rows;
                z[col.clone()]
                    .iter()
                    .zip(&y[col.clone()])
                    .zip(&e[col])
                    .map(|((&z, &y), &e)| cross_entropy_from_z_and_exp(z, y, e))
                    .sum::<f64>()
            })
            .sum()
    }

    /// delta^l of every layer for the batch of the last forward pass (BP1, BP2 of chapter 2).
    fn compute_deltas(&mut self, net: &Network, cost: Cost, error: OutputError) {
        let m = self.batch_len();
        let depth = net.depth();
        self.deltas.resize_with(depth, || DMatrix::zeros(0, 0));
        for l in 0..depth {
            if self.deltas[l].shape() != self.zs[l].shape() {
                self.deltas[l] = DMatrix::zeros(self.zs[l].nrows(), m);
            }
        }
        // Output layer: delta^L per example (Eq. 65, 66, 68, 84).
        {
            let last = depth - 1;
            let rows = self.zs[last].nrows();
            let z = self.zs[last].as_slice();
            let a = self.activations[last].as_slice();
            let y = self.y.as_slice();
            let d = self.deltas[last].as_mut_slice();
            for j in 0..m {
                let col = j * rows..(j + 1) * rows;
                let (zc, ac, yc) = (&z[col.clone()], &a[col.clone()], &y[col.clone()]);
                let dc = &mut d[col];
                match error {
                    OutputError::Gradient => cost.delta(net.output, zc, ac, yc, dc),
                    OutputError::DcDa => {
                        for i in 0..rows {
                            dc[i] = cost.dc_da(zc[i], ac[i], yc[i]);
                        }
                    }
                }
            }
        }
        // Hidden layers: delta^l = (w^{l+1})^T delta^{l+1} * sigma'(z^l).
        for l in (0..depth - 1).rev() {
            let (lower, upper) = self.deltas.split_at_mut(l + 1);
            let w = &net.weights[l + 1];
            let (next, rows) = (w.nrows(), w.ncols());
            let w = w.as_slice();
            let d = lower[l].as_mut_slice();
            let d_next = upper[0].as_slice();
            // sigma'(z) for the whole batch first, then each delta times it.
            sigmoid_primes(self.zs[l].as_slice(), d);
            for j in 0..m {
                let dn = &d_next[j * next..(j + 1) * next];
                for k in 0..rows {
                    let i = j * rows + k;
                    // sigma'(z) times the sum: the product of the scalar code, in either order.
                    d[i] *= dot(&w[k * next..(k + 1) * next], dn);
                }
            }
        }
    }

    /// Adds `alpha` delta^l (a^{l-1})^T into the column-major `target` (shaped like w^l).
    fn add_weight_gradient(&self, l: usize, alpha: f64, target: &mut [f64]) {
        let d = &self.deltas[l];
        let rows = d.nrows();
        let d = d.as_slice();
        if l == 0 && self.sparse_input {
            let sparse = &self.sparse;
            add_outer(d, rows, alpha, |j| sparse.example(j), target);
        } else {
            let input = if l == 0 {
                &self.x
            } else {
                &self.activations[l - 1]
            };
            let cols = input.nrows();
            let input = input.as_slice();
            add_outer(
                d,
                rows,
                alpha,
                |j| input[j * cols..(j + 1) * cols].iter().copied().enumerate(),
                target,
            );
        }
    }

    /// Adds `alpha` times the sum of delta^l's columns into `target`.
    fn add_bias_gradient(&self, l: usize, alpha: f64, target: &mut [f64]) {
        let d = &self.deltas[l];
        for col in d.as_slice().chunks_exact(d.nrows().max(1)) {
            axpy(alpha, col, target);
        }
    }

    /// Backpropagates the batch in `self.x`/`self.y` (after [`Workspace::forward`], or of the
    /// last [`Workspace::load`] after [`Workspace::forward_loaded`]) and writes the mean
    /// gradient over the batch into `grads` (Eq. BP1-BP4 of chapter 2, batched).
    pub fn backward(
        &mut self,
        net: &Network,
        cost: Cost,
        error: OutputError,
        grads: &mut Gradients,
    ) {
        self.compute_deltas(net, cost, error);
        // dC/dw^l = delta^l (a^{l-1})^T / m, dC/db^l = mean of delta^l's columns.
        let scale = 1.0 / self.batch_len() as f64;
        for l in 0..net.depth() {
            let gw = grads.weights[l].as_mut_slice();
            gw.fill(0.0);
            self.add_weight_gradient(l, scale, gw);
            let gb = grads.biases[l].as_mut_slice();
            gb.fill(0.0);
            self.add_bias_gradient(l, scale, gb);
        }
    }

    /// One gradient-descent step on the loaded batch (after [`Workspace::forward_loaded`]):
    /// w -> w - eta dC/dw, b -> b - eta dC/db with the mean gradient over the batch
    /// (Eq. 20-21 of chapter 1), added straight into the network without a gradient buffer.
    /// Only the weights of non-zero inputs are touched in a byte-pixel first layer.
    pub fn descend(&mut self, net: &mut Network, cost: Cost, error: OutputError, eta: f64) {
        self.compute_deltas(net, cost, error);
        let alpha = -eta / self.batch_len() as f64;
        for l in 0..net.depth() {
            self.add_weight_gradient(l, alpha, net.weights[l].as_mut_slice());
            self.add_bias_gradient(l, alpha, net.biases[l].as_mut_slice());
        }
    }
}
