//! Stochastic gradient descent in the shape of network2.py's `SGD` and `update_mini_batch`:
//! each epoch shuffles the training examples, cuts them into mini-batches, and steps every
//! weight and bias down the mean gradient of its batch, w -> w - (eta/m) sum_x dC_x/dw
//! (the book's Eq. 20-21 of chapter 1, with the gradient of [`super::backprop`]).
//!
//! ```
//! use nalgebra::DMatrix;
//! use nnlab_core::book::{Cost, Init, Network, OutputLayer, backprop, sgd::Sgd};
//! use rand::SeedableRng;
//! let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
//! let mut net = Network::new(&[2, 4, 1], OutputLayer::Sigmoid, &Init::Scaled, &mut rng).unwrap();
//! // Four points: y = 1 where x1 > x2.
//! let x = DMatrix::from_column_slice(2, 4, &[0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.1, 0.6]);
//! let y = DMatrix::from_column_slice(1, 4, &[1.0, 0.0, 1.0, 0.0]);
//! let before = backprop::mean_cost(&net, Cost::CrossEntropy, &x, &y);
//! let sgd = Sgd { cost: Cost::CrossEntropy, eta: 0.5, mini_batch: 2 };
//! let mut order: Vec<usize> = (0..4).collect();
//! for _ in 0..200 {
//!     sgd.epoch(&mut net, &x, &y, &mut order, &mut rng);
//! }
//! assert!(backprop::mean_cost(&net, Cost::CrossEntropy, &x, &y) < before / 2.0);
//! ```

use super::backprop::backprop;
use super::cost::Cost;
use super::network::Network;
use nalgebra::DMatrix;
use rand::Rng;
use rand::seq::SliceRandom;

/// The hyper-parameters of SGD: the cost, the learning rate eta, the mini-batch size m.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sgd {
    /// The cost whose gradient is descended.
    pub cost: Cost,
    /// The learning rate eta.
    pub eta: f64,
    /// Examples per mini-batch (more than the examples means one full batch).
    pub mini_batch: usize,
}

impl Sgd {
    /// One epoch over the examples (one per column of `x` and `y`): shuffle `order` (the
    /// example indices) with `rng`, then one [`Sgd::update_mini_batch`] per mini-batch.
    pub fn epoch(
        &self,
        net: &mut Network,
        x: &DMatrix<f64>,
        y: &DMatrix<f64>,
        order: &mut [usize],
        rng: &mut impl Rng,
    ) {
        order.shuffle(rng);
        for batch in order.chunks(self.mini_batch.max(1)) {
            self.update_mini_batch(net, x, y, batch);
        }
    }

    /// One step down the mean gradient of the examples `batch` (column indices of `x`, `y`).
    pub fn update_mini_batch(
        &self,
        net: &mut Network,
        x: &DMatrix<f64>,
        y: &DMatrix<f64>,
        batch: &[usize],
    ) {
        let xs = x.select_columns(batch);
        let ys = y.select_columns(batch);
        let grads = backprop(net, self.cost, &xs, &ys);
        for (w, g) in net.weights.iter_mut().zip(&grads.weights) {
            *w -= self.eta * g;
        }
        for (b, g) in net.biases.iter_mut().zip(&grads.biases) {
            *b -= self.eta * g;
        }
    }
}
