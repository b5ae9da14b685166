//! Gradients by central differences: an oracle independent of every backprop, the check on
//! which every gradient in nnlab rests (BP1-BP4 in [`super::backprop`], the fast layer, the
//! single neuron's Eq. 55-56 and 61-62).

use super::backprop::{Gradients, mean_cost};
use super::network::Network;
use crate::book::Cost;
use nalgebra::DMatrix;

/// The gradient of [`mean_cost`] by central differences (C(p + h) - C(p - h)) / 2h, one
/// parameter at a time: an oracle independent of every backprop. Its error is O(h^2) from
/// truncation plus about 1e-16 / h from rounding; h = 1e-5 to 1e-6 suits costs of order 1.
pub fn finite_difference(
    net: &Network,
    cost: Cost,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    h: f64,
) -> Gradients {
    let mut grads = Gradients::zeros_like(net);
    let mut probe = net.clone();
    // Moves one parameter (found by `at`) by +h and -h and puts it back.
    let mut central = |at: &dyn Fn(&mut Network) -> &mut f64| {
        let p0 = *at(&mut probe);
        *at(&mut probe) = p0 + h;
        let up = mean_cost(&probe, cost, x, y);
        *at(&mut probe) = p0 - h;
        let down = mean_cost(&probe, cost, x, y);
        *at(&mut probe) = p0;
        (up - down) / (2.0 * h)
    };
    for l in 0..net.depth() {
        for i in 0..net.weights[l].len() {
            grads.weights[l][i] = central(&|n| &mut n.weights[l][i]);
        }
        for i in 0..net.biases[l].len() {
            grads.biases[l][i] = central(&|n| &mut n.biases[l][i]);
        }
    }
    grads
}
