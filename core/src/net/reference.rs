//! The readable reference: backpropagation one example at a time with the book's four equations
//! (the shape of network2.py's `backprop`), and gradients by central differences. Both are test
//! oracles for the fast batched path in [`super::backprop`]; neither is used for training.

use super::backprop::Gradients;
use super::network::Network;
use crate::math::{Cost, sigmoid_prime};
use nalgebra::DMatrix;

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
