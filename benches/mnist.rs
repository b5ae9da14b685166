//! Training epoch and evaluation speed of the book's [784, 30, 10] network on MNIST, and the
//! toy neuron's scalar path: the same set-up as `nnlab bench` (`nnlab::bench`).
//! Run with `cargo bench --bench mnist`.
//!
//! (The items `criterion_group!` generates here carry no docs.)
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use nnlab::bench::{mnist_config, mnist_data, neuron_engine};
use nnlab::book::Cost;
use nnlab::run::{Run, Workspace, evaluate};
use std::hint::black_box;

fn mnist(c: &mut Criterion) {
    let data = match mnist_data() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("the shipped MNIST data does not decode: {e}");
            return;
        }
    };
    let Ok(mut run) = Run::new(mnist_config(), 1, &data) else {
        eprintln!("the benchmark's run does not build");
        return;
    };
    let mut group = c.benchmark_group("mnist");
    group.sample_size(20);
    group.bench_function("epoch [784,30,10] mini-batch 10, 5000 images", |b| {
        b.iter(|| run.sgd_epoch(black_box(&data)));
    });
    let mut ws = Workspace::default();
    let eval = data.eval_samples();
    group.bench_function("evaluate [784,30,10], 10000 images", |b| {
        b.iter(|| evaluate(black_box(&run.network), Cost::CrossEntropy, eval, &mut ws));
    });
    group.finish();
}

/// The `slowdown` cross-entropy neuron through the engine's scalar path: 10,000 epochs, each
/// with its cost, output and gradient (`nnlab bench` compares it with a plain scalar loop).
fn neuron(c: &mut Criterion) {
    c.bench_function("neuron slowdown, 10000 epochs with metrics", |b| {
        b.iter(|| neuron_engine(black_box(10_000)));
    });
}

criterion_group!(benches, mnist, neuron);
criterion_main!(benches);
