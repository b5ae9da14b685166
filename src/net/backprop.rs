//! Backpropagation over a whole mini-batch at once: the examples are the columns of a matrix,
//! so each layer is one matrix product. Buffers live in a [`Workspace`] reused across steps.

use super::network::Network;
use crate::data::Samples;
use crate::math::{Cost, OutputLayer, sigmoid, sigmoid_prime};
use nalgebra::{DMatrix, DVector};

/// dC/dw and dC/db for every layer, shaped like the network's weights and biases.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    /// dC/dw^l, same shape as `Network::weights[l]`.
    pub weights: Vec<DMatrix<f64>>,
    /// dC/db^l, same shape as `Network::biases[l]`.
    pub biases: Vec<DVector<f64>>,
}

impl Gradients {
    /// All-zero gradients shaped like `net`.
    pub fn zeros_like(net: &Network) -> Gradients {
        Gradients {
            weights: net
                .weights
                .iter()
                .map(|w| DMatrix::zeros(w.nrows(), w.ncols()))
                .collect(),
            biases: net.biases.iter().map(|b| DVector::zeros(b.len())).collect(),
        }
    }

    /// Euclidean norm of each layer's weight gradient.
    pub fn weight_norms(&self) -> Vec<f64> {
        self.weights.iter().map(|w| w.norm()).collect()
    }

    /// Euclidean norm of each layer's bias gradient.
    pub fn bias_norms(&self) -> Vec<f64> {
        self.biases.iter().map(|b| b.norm()).collect()
    }
}

/// What the output layer's error is, before it is propagated back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputError {
    /// delta^L = dC/dz^L: the true gradient (the book's equations).
    Gradient,
    /// dC/da^L in place of dC/dz^L: the step the book's in-browser animations take, which
    /// leaves out the sigma'(z) factor (sigmoid outputs only).
    DcDa,
}

/// Reusable buffers for forward and backward passes over a batch of `m` examples.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Mini-batch inputs, one example per column.
    pub x: DMatrix<f64>,
    /// Mini-batch targets, one example per column.
    pub y: DMatrix<f64>,
    zs: Vec<DMatrix<f64>>,
    activations: Vec<DMatrix<f64>>,
    deltas: Vec<DMatrix<f64>>,
}

impl Workspace {
    /// Runs the batch in `self.x` forward; afterwards `output()` holds a^L.
    pub fn forward(&mut self, net: &Network) {
        let m = self.x.ncols();
        let depth = net.depth();
        self.zs.resize_with(depth, || DMatrix::zeros(0, 0));
        self.activations.resize_with(depth, || DMatrix::zeros(0, 0));
        for l in 0..depth {
            let w = &net.weights[l];
            let (rows, _) = w.shape();
            if self.zs[l].shape() != (rows, m) {
                self.zs[l] = DMatrix::zeros(rows, m);
                self.activations[l] = DMatrix::zeros(rows, m);
            }
            let (done, rest) = self.activations.split_at_mut(l);
            let input = if l == 0 { &self.x } else { &done[l - 1] };
            let z = &mut self.zs[l];
            z.gemm(1.0, w, input, 0.0);
            for mut col in z.column_iter_mut() {
                col += &net.biases[l];
            }
            let a = &mut rest[0];
            if l + 1 == depth {
                for (zc, mut ac) in z.column_iter().zip(a.column_iter_mut()) {
                    net.output.activate(zc.as_slice(), ac.as_mut_slice());
                }
            } else {
                a.zip_apply(z, |a, z| *a = sigmoid(z));
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
    pub fn cost_sum(&self, cost: Cost, output: OutputLayer) -> f64 {
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

    /// Backpropagates the batch in `self.x`/`self.y` (after [`Workspace::forward`]) and writes
    /// the mean gradient over the batch into `grads` (Eq. BP1-BP4 of chapter 2, batched).
    pub fn backward(
        &mut self,
        net: &Network,
        cost: Cost,
        error: OutputError,
        grads: &mut Gradients,
    ) {
        let m = self.x.ncols();
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
            let z = &self.zs[last];
            let a = &self.activations[last];
            let d = &mut self.deltas[last];
            for j in 0..m {
                let (zc, ac, yc) = (z.column(j), a.column(j), self.y.column(j));
                let mut dc = d.column_mut(j);
                match error {
                    OutputError::Gradient => cost.delta(
                        net.output,
                        zc.as_slice(),
                        ac.as_slice(),
                        yc.as_slice(),
                        dc.as_mut_slice(),
                    ),
                    OutputError::DcDa => {
                        for i in 0..zc.len() {
                            dc[i] = cost.dc_da(zc[i], ac[i], yc[i]);
                        }
                    }
                }
            }
        }
        // Hidden layers: delta^l = (w^{l+1})^T delta^{l+1} * sigma'(z^l).
        for l in (0..depth - 1).rev() {
            let (lower, upper) = self.deltas.split_at_mut(l + 1);
            let d = &mut lower[l];
            d.gemm_tr(1.0, &net.weights[l + 1], &upper[0], 0.0);
            d.zip_apply(&self.zs[l], |d, z| *d *= sigmoid_prime(z));
        }
        // dC/dw^l = delta^l (a^{l-1})^T / m, dC/db^l = mean of delta^l's columns.
        let scale = 1.0 / m as f64;
        for l in 0..depth {
            let input = if l == 0 {
                &self.x
            } else {
                &self.activations[l - 1]
            };
            let d = &self.deltas[l];
            grads.weights[l].gemm(scale, d, &input.transpose(), 0.0);
            let b = &mut grads.biases[l];
            b.fill(0.0);
            for col in d.column_iter() {
                b.axpy(scale, &col, 1.0);
            }
        }
    }
}

/// Mean cost of `net` over `samples` and the number classified correctly (when the samples
/// have labels), computed in chunks of at most `chunk` examples.
pub fn evaluate(
    net: &Network,
    cost: Cost,
    samples: &Samples,
    ws: &mut Workspace,
) -> (f64, Option<usize>) {
    const CHUNK: usize = 500;
    let n = samples.len();
    if n == 0 {
        return (0.0, samples.labels.as_ref().map(|_| 0));
    }
    let mut total = 0.0;
    let mut correct = 0;
    let mut indices = Vec::with_capacity(CHUNK.min(n));
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        indices.clear();
        indices.extend(start..end);
        samples.gather(&indices, &mut ws.x, &mut ws.y);
        ws.forward(net);
        total += ws.cost_sum(cost, net.output);
        if let Some(labels) = &samples.labels {
            let out = ws.output();
            for (col, &i) in indices.iter().enumerate() {
                let c = out.column(col);
                let guess = if c.len() == 1 {
                    usize::from(c[0] >= 0.5)
                } else {
                    c.argmax().0
                };
                correct += usize::from(guess == labels[i]);
            }
        }
        start = end;
    }
    (total / n as f64, samples.labels.as_ref().map(|_| correct))
}
