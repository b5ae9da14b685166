//! Backprop against central finite differences (the engine's one oracle,
//! `nnlab::book::gradcheck::finite_difference`) and against the per-example reference backprop,
//! For every valid (output layer, cost) pair, on
//! Random small networks and random data.
//!
//! Tolerance: the layer-wise relative error |g - g_fd| / (|g| + |g_fd|) must be below 1e-6.
//! With h = 1e-5 the central difference's truncation error is O(h^2) ~ 1e-10 relative and its
//! Rounding error ~ 1e-16 / h ~ 1e-11, so 1e-6 leaves a wide margin yet fails for any real
//! Mistake (a missing sigma'(z) factor gives errors of order 1).

use nalgebra::DMatrix;
use nnlab::book::{
    Cost, Gradients, Init, Network, OutputError, OutputLayer, backprop as reference, gradcheck,
};
use nnlab::run::Workspace;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const H: f64 = 1e-5;
const TOLERANCE: f64 = 1e-6;

fn targets_for(
    output: OutputLayer,
    cost: Cost,
    n_out: usize,
    m: usize,
    rng: &mut ChaCha8Rng,
) -> DMatrix<f64> {
    match (output, cost) {
        // The log-likelihood (and Eq. 84) wants a distribution: one-hot targets.
        (_, Cost::LogLikelihood) | (OutputLayer::Softmax { .. }, _) => {
            let mut y = DMatrix::zeros(n_out, m);
            for col in 0..m {
                y[(rng.random_range(0..n_out), col)] = 1.0;
            }
            y
        }
        (OutputLayer::Linear, _) => DMatrix::from_fn(n_out, m, |_, _| rng.random_range(-2.0..2.0)),
        // Targets anywhere in [0, 1], not only 0 and 1 (Eq. 64's case).
        _ => DMatrix::from_fn(n_out, m, |_, _| rng.random_range(0.0..=1.0)),
    }
}

/// Worst layer-wise relative error between backprop and central differences.
fn check(sizes: &[usize], output: OutputLayer, cost: Cost, seed: u64) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let net = Network::new(sizes, output, &Init::Scaled, &mut rng).expect("valid sizes");
    let m = 4;
    let mut ws = Workspace::default();
    ws.x = DMatrix::from_fn(sizes[0], m, |_, _| rng.random_range(-1.5..1.5));
    ws.y = targets_for(output, cost, sizes[sizes.len() - 1], m, &mut rng);
    let mut grads = Gradients::zeros_like(&net);
    ws.forward(&net);
    ws.backward(&net, cost, OutputError::Gradient, &mut grads);

    let fd = gradcheck::finite_difference(&net, cost, &ws.x, &ws.y, H);
    let mut worst: f64 = 0.0;
    for l in 0..net.depth() {
        let (fd_w, fd_b) = (&fd.weights[l], &fd.biases[l]);
        let rel_w =
            (&grads.weights[l] - fd_w).norm() / (grads.weights[l].norm() + fd_w.norm()).max(1e-12);
        let rel_b =
            (&grads.biases[l] - fd_b).norm() / (grads.biases[l].norm() + fd_b.norm()).max(1e-12);
        worst = worst.max(rel_w).max(rel_b);
    }
    worst
}

fn pairs() -> Vec<(OutputLayer, Cost)> {
    let outputs = [
        OutputLayer::Sigmoid,
        OutputLayer::Linear,
        OutputLayer::Softmax { c: 1.0 },
        OutputLayer::Softmax { c: 2.5 },
    ];
    let mut v = Vec::new();
    for output in outputs {
        for cost in Cost::ALL {
            if cost.check_output(output).is_ok() {
                v.push((output, cost));
            }
        }
    }
    v
}

#[test]
fn every_valid_pair_is_covered() {
    // quadratic x 4 outputs, cross-entropy x sigmoid, log-likelihood x 2 softmax scales
    assert_eq!(pairs().len(), 7);
}

#[test]
fn backprop_matches_finite_differences_for_every_pair() {
    let shapes: [&[usize]; 4] = [&[1, 1], &[3, 1], &[3, 4, 2], &[2, 5, 3, 3]];
    for (output, cost) in pairs() {
        for (k, sizes) in shapes.iter().enumerate() {
            // softmax over a single neuron is constant; skip that degenerate shape
            if matches!(output, OutputLayer::Softmax { .. }) && sizes[sizes.len() - 1] == 1 {
                continue;
            }
            for seed in 0..3 {
                let err = check(sizes, output, cost, 100 * k as u64 + seed);
                assert!(
                    err < TOLERANCE,
                    "{cost} with {} output, layers {sizes:?}, seed {seed}: relative error {err:e}",
                    output.name()
                );
            }
        }
    }
}

#[test]
fn the_check_catches_a_missing_sigma_prime() {
    // The check must be able to fail: use the cross-entropy's delta (a - y) while measuring the
    // quadratic cost, i.e. drop the sigma'(z) factor of Eq. (65). The error must be large.
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let net = Network::new(&[2, 3, 2], OutputLayer::Sigmoid, &Init::Large, &mut rng).expect("net");
    let mut ws = Workspace::default();
    ws.x = DMatrix::from_fn(2, 3, |_, _| rng.random_range(-1.0..1.0));
    ws.y = DMatrix::from_fn(2, 3, |_, _| rng.random_range(0.0..1.0));
    let mut wrong = Gradients::zeros_like(&net);
    let mut right = Gradients::zeros_like(&net);
    ws.forward(&net);
    ws.backward(&net, Cost::CrossEntropy, OutputError::Gradient, &mut wrong);
    ws.backward(&net, Cost::Quadratic, OutputError::Gradient, &mut right);
    let rel = (&wrong.weights[1] - &right.weights[1]).norm()
        / (wrong.weights[1].norm() + right.weights[1].norm());
    assert!(rel > 0.1, "relative difference only {rel}");
}

#[test]
fn book_demo_step_is_the_gradient_without_sigma_prime() {
    // For one sigmoid neuron the BookDemo step divided by the true gradient is 1/sigma'(z).
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let init = Init::Neuron {
        w: vec![2.0],
        b: 2.0,
    };
    let net = Network::new(&[1, 1], OutputLayer::Sigmoid, &init, &mut rng).expect("net");
    let mut ws = Workspace::default();
    ws.x = DMatrix::from_element(1, 1, 1.0);
    ws.y = DMatrix::from_element(1, 1, 0.0);
    for cost in [Cost::Quadratic, Cost::CrossEntropy] {
        let mut g = Gradients::zeros_like(&net);
        let mut d = Gradients::zeros_like(&net);
        ws.forward(&net);
        ws.backward(&net, cost, OutputError::Gradient, &mut g);
        ws.backward(&net, cost, OutputError::DcDa, &mut d);
        let ratio = g.weights[0][0] / d.weights[0][0];
        let sp = nnlab::book::sigmoid_prime(4.0);
        assert!(
            (ratio - sp).abs() < 1e-12 * sp.max(1e-300) + 1e-15,
            "{cost}: {ratio} vs {sp}"
        );
    }
}

/// The fast batched backprop against the readable per-example reference (BP1-BP4), entry by
/// entry: |fast - reference| <= 1e-12 (1 + |reference|), on random networks of every valid
/// (output, cost) pair.
#[test]
fn the_batched_path_equals_the_reference_backprop() {
    let shapes: [&[usize]; 5] = [
        &[1, 1],
        &[3, 1],
        &[3, 4, 2],
        &[2, 5, 3, 3],
        &[6, 7, 5, 4, 3],
    ];
    let mut compared = 0;
    for (output, cost) in pairs() {
        for (k, sizes) in shapes.iter().enumerate() {
            if matches!(output, OutputLayer::Softmax { .. }) && sizes[sizes.len() - 1] == 1 {
                continue;
            }
            for seed in 0..4 {
                let mut rng = ChaCha8Rng::seed_from_u64(1000 + 10 * k as u64 + seed);
                let net = Network::new(sizes, output, &Init::Large, &mut rng).expect("net");
                let m = 1 + rng.random_range(0..6);
                let mut ws = Workspace::default();
                ws.x = DMatrix::from_fn(sizes[0], m, |_, _| rng.random_range(-2.0..2.0));
                ws.y = targets_for(output, cost, sizes[sizes.len() - 1], m, &mut rng);
                let mut fast = Gradients::zeros_like(&net);
                ws.forward(&net);
                ws.backward(&net, cost, OutputError::Gradient, &mut fast);
                let slow = reference::backprop(&net, cost, &ws.x, &ws.y);
                let entries = fast
                    .weights
                    .iter()
                    .zip(&slow.weights)
                    .flat_map(|(f, s)| f.iter().zip(s.iter()))
                    .chain(
                        fast.biases
                            .iter()
                            .zip(&slow.biases)
                            .flat_map(|(f, s)| f.iter().zip(s.iter())),
                    );
                for (f, s) in entries {
                    assert!(
                        (f - s).abs() <= 1e-12 * (1.0 + s.abs()),
                        "{cost} with {} output, layers {sizes:?}: fast {f:e}, reference {s:e}",
                        output.name()
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 1000, "only {compared} entries compared");
}

#[test]
fn the_reference_comparison_can_fail() {
    // The reference of the quadratic cost differs from the fast path of the cross-entropy.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let net = Network::new(&[2, 3, 2], OutputLayer::Sigmoid, &Init::Large, &mut rng).expect("net");
    let x = DMatrix::from_fn(2, 3, |_, _| rng.random_range(-1.0..1.0));
    let y = DMatrix::from_fn(2, 3, |_, _| rng.random_range(0.0..1.0));
    let quadratic = reference::backprop(&net, Cost::Quadratic, &x, &y);
    let cross = reference::backprop(&net, Cost::CrossEntropy, &x, &y);
    assert!((&quadratic.weights[1] - &cross.weights[1]).norm() > 1e-3);
}
