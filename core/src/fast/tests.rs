//! The fast layer equals the book layer: the batched backprop and evaluation against BP1-BP4
//! one example at a time (on random networks of every valid output/cost pair and on an
//! MNIST-sized [784, 30, 10] network of byte pixels), the run's training against the book's
//! SGD epoch by epoch, and the scalar neuron against the book's neuron on the four toy cases
//! of section 3.1.
//!
//! Tolerances: the fast paths group the same sums differently (a matrix product per layer, a
//! mini-batch's steps accumulated in place), so they agree to rounding, not to the bit. Every
//! comparison is relative, |fast - book| <= TOL max(|book|, 1e-300), with TOL = 1e-11 for one
//! gradient or cost and 1e-9 after many epochs of training (rounding differences that SGD
//! carries forward); a wrong formula gives errors of order 1.

use crate::book::{
    Cost, Gradients, Init, Network, OutputError, OutputLayer, backprop, neuron::Neuron, sgd::Sgd,
};
use crate::data::{Dataset, Features, Samples};
use crate::fast::workspace::{Workspace, evaluate};
use crate::run::{Run, RunConfig, Update};
use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const TOL: f64 = 1e-11;
const TOL_TRAINED: f64 = 1e-9;

fn close(fast: f64, book: f64, tol: f64) -> bool {
    (fast - book).abs() <= tol * book.abs().max(1e-300)
}

fn assert_matrices(fast: &DMatrix<f64>, book: &DMatrix<f64>, tol: f64, what: &str) {
    assert_eq!(fast.shape(), book.shape(), "{what}");
    let scale = book.amax().max(1e-300);
    let worst = (fast - book).amax() / scale;
    assert!(
        worst <= tol,
        "{what}: worst relative difference {worst:e} > {tol:e}"
    );
}

const PAIRS: [(OutputLayer, Cost); 5] = [
    (OutputLayer::Sigmoid, Cost::Quadratic),
    (OutputLayer::Sigmoid, Cost::CrossEntropy),
    (OutputLayer::Linear, Cost::Quadratic),
    (OutputLayer::Softmax { c: 1.0 }, Cost::Quadratic),
    (OutputLayer::Softmax { c: 1.7 }, Cost::LogLikelihood),
];

fn targets(
    output: OutputLayer,
    cost: Cost,
    n_out: usize,
    m: usize,
    rng: &mut ChaCha8Rng,
) -> DMatrix<f64> {
    match (output, cost) {
        (OutputLayer::Softmax { .. }, _) => {
            let mut y = DMatrix::zeros(n_out, m);
            for col in 0..m {
                y[(rng.random_range(0..n_out), col)] = 1.0;
            }
            y
        }
        (OutputLayer::Linear, _) => DMatrix::from_fn(n_out, m, |_, _| rng.random_range(-2.0..2.0)),
        _ => DMatrix::from_fn(n_out, m, |_, _| rng.random_range(0.0..=1.0)),
    }
}

fn dense(x: DMatrix<f64>, y: DMatrix<f64>) -> Samples {
    Samples {
        features: Features::Dense(x),
        targets: y,
        labels: None,
    }
}

fn fast_gradient(net: &Network, cost: Cost, samples: &Samples) -> Gradients {
    let mut ws = Workspace::default();
    let all: Vec<usize> = (0..samples.len()).collect();
    ws.load(samples, &all);
    ws.forward_loaded(net);
    let mut grads = Gradients::zeros_like(net);
    ws.backward(net, cost, OutputError::Gradient, &mut grads);
    grads
}

fn assert_gradients(fast: &Gradients, book: &Gradients, what: &str) {
    for (l, (f, b)) in fast.weights.iter().zip(&book.weights).enumerate() {
        assert_matrices(f, b, TOL, &format!("{what}: dC/dw of layer {l}"));
    }
    for (l, (f, b)) in fast.biases.iter().zip(&book.biases).enumerate() {
        let (f, b) = (
            DMatrix::from_column_slice(f.len(), 1, f.as_slice()),
            DMatrix::from_column_slice(b.len(), 1, b.as_slice()),
        );
        assert_matrices(&f, &b, TOL, &format!("{what}: dC/db of layer {l}"));
    }
}

#[test]
fn batched_backprop_and_evaluation_equal_the_book_on_random_networks() {
    for (output, cost) in PAIRS {
        for seed in 0..6u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let depth = rng.random_range(2..=4);
            let sizes: Vec<usize> = (0..depth).map(|_| rng.random_range(1..=6)).collect();
            let mut sizes = sizes;
            if matches!(output, OutputLayer::Softmax { .. }) {
                *sizes.last_mut().expect("layers") = rng.random_range(2..=5);
            }
            let net = Network::new(&sizes, output, &Init::Large, &mut rng).expect("sizes");
            let m = rng.random_range(1..=7);
            let x = DMatrix::from_fn(sizes[0], m, |_, _| rng.random_range(-2.0..2.0));
            let y = targets(output, cost, sizes[depth - 1], m, &mut rng);
            let book = backprop::backprop(&net, cost, &x, &y);
            let samples = dense(x.clone(), y.clone());
            let what = format!("{output:?} {cost} {sizes:?} seed {seed}");
            assert_gradients(&fast_gradient(&net, cost, &samples), &book, &what);
            let (fast_cost, _) = evaluate(&net, cost, &samples, &mut Workspace::default());
            let book_cost = backprop::mean_cost(&net, cost, &x, &y);
            assert!(
                close(fast_cost, book_cost, TOL),
                "{what}: cost {fast_cost} vs {book_cost}"
            );
        }
    }
}

#[test]
fn mnist_sized_layers_of_byte_pixels_equal_the_book() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (n_in, m) = (784, 12);
    // About a fifth of the pixels lit, as in MNIST.
    let pixels: Vec<u8> = (0..n_in * m)
        .map(|_| {
            if rng.random_bool(0.2) {
                rng.random_range(1..=255)
            } else {
                0
            }
        })
        .collect();
    let x = DMatrix::from_fn(n_in, m, |i, j| f64::from(pixels[j * n_in + i]) / 255.0);
    for (output, cost) in [
        (OutputLayer::Sigmoid, Cost::CrossEntropy),
        (OutputLayer::Sigmoid, Cost::Quadratic),
        (OutputLayer::Softmax { c: 1.0 }, Cost::LogLikelihood),
    ] {
        let net = Network::new(&[n_in, 30, 10], output, &Init::Scaled, &mut rng).expect("sizes");
        let y = targets(output, cost, 10, m, &mut rng);
        let samples = Samples {
            features: Features::bytes(pixels.clone(), n_in),
            targets: y.clone(),
            labels: None,
        };
        let book = backprop::backprop(&net, cost, &x, &y);
        assert_gradients(
            &fast_gradient(&net, cost, &samples),
            &book,
            &format!("{cost}"),
        );
        let (fast_cost, _) = evaluate(&net, cost, &samples, &mut Workspace::default());
        let book_cost = backprop::mean_cost(&net, cost, &x, &y);
        assert!(
            close(fast_cost, book_cost, TOL),
            "{cost}: {fast_cost} vs {book_cost}"
        );
    }
}

#[test]
fn a_run_trains_as_the_book_sgd_does() {
    for (output, cost) in PAIRS {
        for mini_batch in [1, 3, 50] {
            let mut rng = ChaCha8Rng::seed_from_u64(mini_batch as u64);
            let (n, sizes) = (
                20,
                vec![
                    2,
                    5,
                    if matches!(output, OutputLayer::Softmax { .. }) {
                        3
                    } else {
                        1
                    },
                ],
            );
            let x = DMatrix::from_fn(2, n, |_, _| rng.random_range(-1.0..1.0));
            let y = targets(output, cost, sizes[2], n, &mut rng);
            let data = Dataset {
                train: dense(x.clone(), y.clone()),
                eval: None,
                summary: String::new(),
            };
            let config = RunConfig {
                label: "book".into(),
                layers: sizes.clone(),
                output,
                cost,
                eta: 0.3,
                mini_batch,
                init: Init::Scaled,
                update: Update::Gradient,
                seed: None,
            };
            let mut run = Run::new(config, 11, &data).expect("run");
            let mut net = run.network.clone();
            let (mut shuffle, mut order) = run.shuffle_state();
            let sgd = Sgd {
                cost,
                eta: 0.3,
                mini_batch,
            };
            for epoch in 1..=30 {
                run.sgd_epoch(&data);
                sgd.epoch(&mut net, &x, &y, &mut order, &mut shuffle);
                for (l, (f, b)) in run.network.weights.iter().zip(&net.weights).enumerate() {
                    let what = format!("{output:?} {cost} m={mini_batch} epoch {epoch} layer {l}");
                    assert_matrices(f, b, TOL_TRAINED, &what);
                }
            }
        }
    }
}

#[test]
fn the_scalar_neuron_equals_the_book_neuron_on_the_four_toy_cases() {
    // Section 3.1's toys: x = 1, y = 0, from (w, b) = (0.6, 0.9) or (2, 2), under each cost.
    for cost in [Cost::Quadratic, Cost::CrossEntropy] {
        for (w, b) in [(0.6, 0.9), (2.0, 2.0)] {
            let data = Dataset {
                train: dense(
                    DMatrix::from_element(1, 1, 1.0),
                    DMatrix::from_element(1, 1, 0.0),
                ),
                eval: None,
                summary: String::new(),
            };
            let config = RunConfig {
                label: "toy".into(),
                layers: vec![1, 1],
                output: OutputLayer::Sigmoid,
                cost,
                eta: 0.15,
                mini_batch: 1,
                init: Init::Neuron { w: vec![w], b },
                update: Update::Gradient,
                seed: None,
            };
            let mut run = Run::new(config, 1, &data).expect("run");
            assert!(run.uses_scalar_path(), "the toy runs on the scalar path");
            let mut book = Neuron { w: vec![w], b };
            let examples = [(vec![1.0], 0.0)];
            for epoch in 1..=300 {
                let m = run.train_epoch(&data);
                book.epoch(cost, 0.15, 1, &examples);
                let n = m.neuron.as_ref().expect("a neuron's metrics");
                let what = format!("{cost} from ({w}, {b}), epoch {epoch}");
                assert!(
                    close(n.w[0], book.w[0], TOL_TRAINED),
                    "{what}: w {} vs {}",
                    n.w[0],
                    book.w[0]
                );
                assert!(close(n.b, book.b, TOL_TRAINED), "{what}: b");
                assert!(
                    close(n.a, book.activation(&[1.0]), TOL_TRAINED),
                    "{what}: a"
                );
                assert!(
                    close(m.cost, book.cost(cost, &[1.0], 0.0), TOL_TRAINED),
                    "{what}: cost"
                );
                let (dw, db) = book.gradient(cost, &[1.0], 0.0);
                assert!(close(n.dc_dw[0], dw[0], TOL_TRAINED), "{what}: dC/dw");
                assert!(close(n.dc_db, db, TOL_TRAINED), "{what}: dC/db");
            }
        }
    }
}
