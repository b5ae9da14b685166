//! Backpropagation one example at a time with the book's four equations, BP1-BP4 (the shape
//! of network2.py's `backprop`), and the mean cost over a set of examples. The fast layer's
//! batched backprop is held equal to these by the tests (within 1e-11 relative); both are
//! checked against central differences ([`super::gradcheck`]).
//!
//! ```
//! use nalgebra::{DMatrix, DVector};
//! use nnlab_core::book::{Cost, Network, OutputLayer, backprop, gradcheck};
//! // A [2, 3, 1] network, two examples (one per column).
//! let net = Network {
//!     sizes: vec![2, 3, 1],
//!     weights: vec![DMatrix::from_row_slice(3, 2, &[0.1, -0.2, 0.3, 0.4, -0.5, 0.6]),
//!                   DMatrix::from_row_slice(1, 3, &[0.7, -0.8, 0.9])],
//!     biases: vec![DVector::from_vec(vec![0.1, 0.2, -0.3]), DVector::from_vec(vec![0.05])],
//!     output: OutputLayer::Sigmoid,
//! };
//! let x = DMatrix::from_column_slice(2, 2, &[1.0, 0.5, -0.3, 0.8]);
//! let y = DMatrix::from_column_slice(1, 2, &[0.0, 1.0]);
//! for cost in [Cost::Quadratic, Cost::CrossEntropy] {
//!     let g = backprop::backprop(&net, cost, &x, &y);
//!     let fd = gradcheck::finite_difference(&net, cost, &x, &y, 1e-6);
//!     for (a, b) in g.weights.iter().zip(&fd.weights) {
//!         assert!((a - b).abs().max() < 1e-8); // BP1, BP2, BP4 against differences
//!     }
//!     for (a, b) in g.biases.iter().zip(&fd.biases) {
//!         assert!((a - b).abs().max() < 1e-8); // BP3
//!     }
//! }
//! ```

use super::network::Network;
use crate::book::{Cost, sigmoid_prime};
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
        self.weights.iter().map(nalgebra::Matrix::norm).collect()
    }

    /// Euclidean norm of each layer's bias gradient.
    pub fn bias_norms(&self) -> Vec<f64> {
        self.biases.iter().map(nalgebra::Matrix::norm).collect()
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

/// dC_x/dw and dC_x/db for one example (`x`, `y`), by the four equations of backpropagation:
///
/// - BP1: the output error delta^L = dC/dz^L, from the cost and output layer ([`Cost::delta`]);
/// - BP2: delta^l = ((w^{l+1})^T delta^{l+1}) * sigma'(z^l) for each hidden layer;
/// - BP3: dC/db^l = delta^l;
/// - BP4: dC/dw^l = delta^l (a^{l-1})^T.
pub fn backprop_example(net: &Network, cost: Cost, x: &[f64], y: &[f64]) -> Gradients {
    let mut grads = Gradients::zeros_like(net);
    let (zs, activations) = net.forward(x);
    let last = net.depth() - 1;
    // BP1
    let mut delta = zs[last].clone();
    cost.delta(
        net.output,
        zs[last].as_slice(),
        activations[last + 1].as_slice(),
        y,
        delta.as_mut_slice(),
    );
    for l in (0..=last).rev() {
        if l < last {
            // BP2: hidden layers are sigmoid
            delta =
                (net.weights[l + 1].transpose() * &delta).component_mul(&zs[l].map(sigmoid_prime));
        }
        grads.weights[l] = &delta * activations[l].transpose(); // BP4
        grads.biases[l].copy_from(&delta); // BP3
    }
    grads
}

/// The gradient of the mean cost over the examples (one per column of `x` and `y`): the mean of
/// [`backprop_example`] over them.
pub fn backprop(net: &Network, cost: Cost, x: &DMatrix<f64>, y: &DMatrix<f64>) -> Gradients {
    let mut sum = Gradients::zeros_like(net);
    let m = x.ncols();
    for k in 0..m {
        let g = backprop_example(net, cost, x.column(k).as_slice(), y.column(k).as_slice());
        for (s, g) in sum.weights.iter_mut().zip(&g.weights) {
            *s += g;
        }
        for (s, g) in sum.biases.iter_mut().zip(&g.biases) {
            *s += g;
        }
    }
    let scale = 1.0 / m.max(1) as f64;
    sum.weights.iter_mut().for_each(|w| *w *= scale);
    sum.biases.iter_mut().for_each(|b| *b *= scale);
    sum
}

/// The mean cost over the examples (one per column), one example at a time with
/// [`Network::forward`] and [`Cost::value`].
pub fn mean_cost(net: &Network, cost: Cost, x: &DMatrix<f64>, y: &DMatrix<f64>) -> f64 {
    let last = net.depth() - 1;
    let total: f64 = (0..x.ncols())
        .map(|k| {
            let (zs, a) = net.forward(x.column(k).as_slice());
            cost.value(
                net.output,
                zs[last].as_slice(),
                a[last + 1].as_slice(),
                y.column(k).as_slice(),
            )
        })
        .sum();
    total / x.ncols().max(1) as f64
}
