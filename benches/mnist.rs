//! Training epoch and evaluation speed of the book's [784, 30, 10] network on MNIST.
//! Run with `cargo bench --bench mnist`.

use criterion::{Criterion, criterion_group, criterion_main};
use nnlab::data::Dataset;
use nnlab::data::mnist::Digits;
use nnlab::math::{Cost, OutputLayer};
use nnlab::net::backprop::evaluate;
use nnlab::net::{Init, Run, RunConfig, Update, Workspace};
use std::hint::black_box;

fn config() -> RunConfig {
    RunConfig {
        label: "bench".into(),
        layers: vec![784, 30, 10],
        output: OutputLayer::Sigmoid,
        cost: Cost::CrossEntropy,
        eta: 0.5,
        mini_batch: 10,
        init: Init::Large,
        update: Update::Gradient,
        seed: Some(1),
    }
}

fn mnist(c: &mut Criterion) {
    let Ok(digits) = Digits::shipped() else {
        eprintln!("the shipped MNIST data does not decode");
        return;
    };
    let data = Dataset {
        train: digits.samples(0..5_000),
        eval: Some(digits.samples(0..10_000)),
        summary: String::new(),
    };
    let Ok(mut run) = Run::new(config(), 1, &data) else {
        eprintln!("the benchmark's run does not build");
        return;
    };
    let mut group = c.benchmark_group("mnist");
    group.sample_size(20);
    group.bench_function("epoch [784,30,10] mini-batch 10, 5000 images", |b| {
        b.iter(|| run.sgd_epoch(black_box(&data)))
    });
    let mut ws = Workspace::default();
    let eval = data.eval_samples();
    group.bench_function("evaluate [784,30,10], 10000 images", |b| {
        b.iter(|| evaluate(black_box(&run.network), Cost::CrossEntropy, eval, &mut ws))
    });
    group.finish();
}

/// The `slowdown` cross-entropy neuron through the engine's scalar path: 10,000 epochs, each
/// with its cost, output and gradient (`nnlab bench` compares it with a plain scalar loop).
fn neuron(c: &mut Criterion) {
    use nnlab::net::neuron::{self, NeuronRule, NeuronSamples, NeuronScratch};
    use rand::SeedableRng;
    let rule = NeuronRule {
        output: OutputLayer::Sigmoid,
        cost: Cost::CrossEntropy,
        update: Update::Gradient,
        eta: 0.15,
        mini_batch: 1,
    };
    let samples = NeuronSamples {
        inputs: &[1.0],
        targets: &[0.0],
        labels: None,
    };
    c.bench_function("neuron slowdown, 10000 epochs with metrics", |b| {
        b.iter(|| {
            let (mut w, mut bias) = ([2.0], 2.0);
            let mut order = [0usize];
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
            let mut scratch = NeuronScratch::default();
            let mut dc_dw = [0.0];
            let mut seen = 0.0;
            neuron::train(
                &mut w,
                &mut bias,
                &rule,
                black_box(samples),
                &mut order,
                &mut rng,
                10_000,
                &mut scratch,
                &mut dc_dw,
                |e| {
                    seen += e.state.cost + e.state.a;
                    true
                },
            );
            seen
        })
    });
}

criterion_group!(benches, mnist, neuron);
criterion_main!(benches);
