//! The toy of section 3.1: one sigmoid neuron with weights w_j and a bias b, learning to output
//! y for input x by gradient descent. Its gradient is delta x_j and delta, where the output
//! error delta = dC/dz is (a - y) sigma'(z) for the quadratic cost (Eq. 55-56) and a - y for the
//! cross-entropy (Eq. 61-62): the sigma'(z) factor that makes a badly wrong neuron learn slowly
//! is gone.
//!
//! ```
//! use nnlab_core::book::Cost;
//! use nnlab_core::book::neuron::Neuron;
//! // The book's first neuron: x = 1, y = 0, w = 0.6, b = 0.9, output 0.82, eta = 0.15.
//! let examples = [(vec![1.0], 0.0)];
//! let mut neuron = Neuron { w: vec![0.6], b: 0.9 };
//! assert!((neuron.activation(&[1.0]) - 0.82).abs() < 0.005);
//! for _ in 0..300 {
//!     neuron.epoch(Cost::Quadratic, 0.15, 1, &examples);
//! }
//! // The book: the output is about 0.09 after 300 epochs.
//! assert!((neuron.activation(&[1.0]) - 0.09).abs() < 0.005);
//!
//! // Badly wrong (w = b = 2, a = 0.98): under the cross-entropy dC/dw = x (a - y) = a (Eq. 61),
//! // under the quadratic cost (a - y) sigma'(z) x = 0.98 x 0.0177 (Eq. 55).
//! let wrong = Neuron { w: vec![2.0], b: 2.0 };
//! let a = wrong.activation(&[1.0]);
//! let (dw, db) = wrong.gradient(Cost::CrossEntropy, &[1.0], 0.0);
//! assert_eq!((dw[0], db), (a, a));
//! let (dw, _) = wrong.gradient(Cost::Quadratic, &[1.0], 0.0);
//! assert!((dw[0] - 0.0173).abs() < 5e-5);
//! ```

use super::activation::sigmoid;
use super::cost::{Cost, OutputLayer};

/// One sigmoid neuron: a = sigma(z), z = sum_j w_j x_j + b.
#[derive(Debug, Clone, PartialEq)]
pub struct Neuron {
    /// The weights w_j, one per input.
    pub w: Vec<f64>,
    /// The bias b.
    pub b: f64,
}

impl Neuron {
    /// The weighted input z = sum_j w_j x_j + b.
    pub fn weighted_input(&self, x: &[f64]) -> f64 {
        self.w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>() + self.b
    }

    /// The activation a = sigma(z).
    pub fn activation(&self, x: &[f64]) -> f64 {
        sigmoid(self.weighted_input(x))
    }

    /// The cost of one example (Eq. 54 for the quadratic cost, Eq. 57 for the cross-entropy).
    pub fn cost(&self, cost: Cost, x: &[f64], y: f64) -> f64 {
        let z = self.weighted_input(x);
        cost.value(OutputLayer::Sigmoid, &[z], &[sigmoid(z)], &[y])
    }

    /// dC/dw_j = delta x_j and dC/db = delta for one example, with the output error delta of
    /// [`Cost::delta`] (Eq. 55-56 and 61-62).
    pub fn gradient(&self, cost: Cost, x: &[f64], y: f64) -> (Vec<f64>, f64) {
        let z = self.weighted_input(x);
        let mut delta = [0.0];
        cost.delta(OutputLayer::Sigmoid, &[z], &[sigmoid(z)], &[y], &mut delta);
        (x.iter().map(|x| delta[0] * x).collect(), delta[0])
    }

    /// One step of gradient descent on the mean gradient over `batch`: w -> w - eta dC/dw and
    /// b -> b - eta dC/db, the mean over the batch's examples (Eq. 57 averages over them).
    pub fn step(&mut self, cost: Cost, eta: f64, batch: &[(Vec<f64>, f64)]) {
        let m = batch.len() as f64;
        let mut dw = vec![0.0; self.w.len()];
        let mut db = 0.0;
        for (x, y) in batch {
            let (gw, gb) = self.gradient(cost, x, *y);
            dw.iter_mut().zip(&gw).for_each(|(d, g)| *d += g / m);
            db += gb / m;
        }
        self.w.iter_mut().zip(&dw).for_each(|(w, d)| *w -= eta * d);
        self.b -= eta * db;
    }

    /// One epoch: the examples, in the order given, cut into mini-batches of `mini_batch`
    /// (the last may be shorter), one step each.
    pub fn epoch(&mut self, cost: Cost, eta: f64, mini_batch: usize, examples: &[(Vec<f64>, f64)]) {
        for batch in examples.chunks(mini_batch.max(1)) {
            self.step(cost, eta, batch);
        }
    }
}
