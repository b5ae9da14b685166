//! `nnlab bench`: nnlab's speed on the machine it runs on, each figure beside a plain reference
//! timed in the same process (a scalar Rust loop for the neuron, a dense one-example-at-a-time
//! forward and backward for MNIST), so that the ratios mean the same on any machine.
//!
//! Timings alternate between nnlab and its reference, round after round; each figure is the
//! median over the rounds and each ratio the median of the rounds' ratios, so a neighbour that
//! takes a core for a while moves neither much.

use crate::book::{Cost, Init, OutputLayer};
use crate::data::Dataset;
use crate::data::mnist::Digits;
use crate::preset::Preset;
use crate::run::session::Session;
use crate::run::{
    NeuronLoop, NeuronRule, NeuronSamples, Pipelining, Run, RunConfig, Update, Workspace,
    eval_threads, evaluate,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

mod reference;
use reference::{DenseNet, dense_inputs, neuron_reference};

/// Training images of the MNIST figures (the "epoch of 5,000 images" of docs/benchmarks.md).
pub const TRAIN: usize = 5_000;
/// Epochs per timed stretch of `nnlab run`'s stepping on MNIST (its MNIST presets train 30).
pub const RUN_EPOCHS: u64 = 30;
/// Neuron epochs per timed stretch.
const NEURON_EPOCHS: u64 = 200_000;

/// What `nnlab bench` measured (the fields of `--format json`).
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// The processor, as the system names it.
    pub cpu: String,
    /// Cores this process may use (and evaluation's threads).
    pub cores: usize,
    /// Rounds each figure is the median of.
    pub rounds: usize,
    /// Whether sigmoid layers take e^{-|z|} four at a time (AVX2 and FMA, after a check that
    /// this gives the C library's bits; see `nnlab_core::run`).
    pub vector_exp: bool,
    /// One epoch of SGD on [784, 30, 10], mini-batch 10, 5,000 images, no metrics.
    pub train_epoch_ms: f64,
    /// Cost and accuracy of that network over 10,000 images.
    pub eval_ms: f64,
    /// One epoch as `nnlab run` does it, metrics included (cost over the 5,000 training images,
    /// cost and accuracy over the 10,000 evaluation images): [`RUN_EPOCHS`] epochs through its
    /// stepping ([`Session::train_reporting`], the metrics measured beside the next epoch's
    /// training where there are two cores), divided by their number.
    pub run_epoch_ms: f64,
    /// The same with every epoch's metrics measured right after it ([`Pipelining::Inline`], the
    /// path of a one-core machine).
    pub inline_run_epoch_ms: f64,
    /// Epochs per second of the `slowdown` neuron through the engine's scalar path
    /// (`run::NeuronLoop::train`), each with its metrics (cost, output, gradient).
    pub neuron_epochs_per_s: f64,
    /// The same through `nnlab run`'s session (both runs of `slowdown`, counted one each),
    /// with the metrics rows it builds every epoch.
    pub run_neuron_epochs_per_s: f64,
    /// The reference MNIST epoch: plain dense loops, one example at a time.
    pub ref_train_epoch_ms: f64,
    /// The reference evaluation of 10,000 images: plain dense forward passes.
    pub ref_eval_ms: f64,
    /// The reference neuron: a plain scalar loop, the same math, metrics included.
    pub ref_neuron_epochs_per_s: f64,
    /// ref_train_epoch_ms / train_epoch_ms.
    pub train_speedup_vs_ref: f64,
    /// ref_eval_ms / eval_ms.
    pub eval_speedup_vs_ref: f64,
    /// neuron_epochs_per_s / ref_neuron_epochs_per_s (target: at least 0.5).
    pub neuron_speed_vs_ref: f64,
    /// run_epoch_ms / train_epoch_ms (target: at most 1.5).
    pub run_epoch_over_train_epoch: f64,
    /// Time per image of a training step over time per image of evaluation, the median of the
    /// rounds' ratios (target: at least 3).
    pub train_over_eval_per_image: f64,
    /// Accuracy of the benchmark's network on the 10,000 images after its epochs.
    pub accuracy: f64,
}

/// The median of `v` (NaN when empty).
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => 0.5 * (v[n / 2 - 1] + v[n / 2]),
    }
}

fn seconds(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

/// Seconds per epoch of `epochs` epochs of `session` through `nnlab run`'s stepping, every
/// epoch's metrics reported.
fn run_epochs(session: &mut Session, epochs: u64, pipelining: Pipelining) -> f64 {
    let mut rows = 0usize;
    let time = seconds(|| {
        let result = session.train_reporting(
            epochs,
            pipelining,
            |_| true,
            |report| {
                rows += black_box(report).metrics.iter().flatten().count();
                Ok::<(), ()>(())
            },
        );
        black_box(result).ok();
    });
    black_box(rows);
    time / epochs.max(1) as f64
}

/// The processor's name from /proc/cpuinfo, or "unknown".
fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|n| n.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The measured MNIST data: the first [`TRAIN`] shipped images to train on, all of them to
/// evaluate (also what `cargo bench --bench mnist` measures).
pub fn mnist_data() -> Result<Dataset, String> {
    let digits = Digits::shipped().map_err(|e| e.to_string())?;
    Ok(Dataset {
        train: digits.samples(0..TRAIN),
        eval: Some(digits.samples(0..digits.images.count)),
        summary: String::new(),
    })
}

/// The measured network: the book's [784, 30, 10] with the cross-entropy, eta 0.5,
/// mini-batches of 10, large N(0, 1) initial weights.
pub fn mnist_config() -> RunConfig {
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

/// Runs every measurement `rounds` times (at least 3).
pub fn run(rounds: usize) -> Result<BenchReport, String> {
    let rounds = rounds.max(3);
    let data = Arc::new(mnist_data()?);
    let eval = data.eval_samples();
    let config = mnist_config();
    let mut run = Run::new(config.clone(), 1, &data).map_err(|e| e.to_string())?;
    let mut reference = DenseNet::from(&run.network);
    let train_x = dense_inputs(&data.train);
    let eval_x = dense_inputs(eval);
    let mut ref_order: Vec<usize> = (0..TRAIN).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    // `nnlab run`'s own stepping, on a session of the same run and data.
    let mut preset = Preset::builtin("mnist-cross-entropy-30")
        .ok_or("the mnist-cross-entropy-30 preset is missing")?
        .map_err(|e| e.to_string())?;
    preset.epochs = u64::MAX;
    preset.runs = vec![config.clone()];
    let mut session = Session::with_data(preset, Arc::clone(&data)).map_err(|e| e.to_string())?;
    // Warm up: caches, page faults, the evaluation threads' buffers.
    run.sgd_epoch(&data);
    let mut ws = Workspace::default();
    evaluate(&run.network, config.cost, eval, &mut ws);
    run_epochs(&mut session, 1, Pipelining::for_this_machine());

    let (mut train, mut ref_train, mut eval_t, mut ref_eval) = (vec![], vec![], vec![], vec![]);
    let (mut run_epoch, mut inline_epoch) = (vec![], vec![]);
    let (mut train_ratio, mut eval_ratio, mut run_ratio) = (vec![], vec![], vec![]);
    let mut per_image_ratio = vec![];
    for _ in 0..rounds {
        // Each of nnlab's figures is timed right after one untimed repetition, so that it
        // finds its data in cache and both cores awake, as it does epoch after epoch in a run
        // (the references stream more data than any cache holds; they are timed as they come).
        run.sgd_epoch(&data);
        let t = seconds(|| run.sgd_epoch(&data));
        let r = seconds(|| {
            reference.sgd_epoch(&train_x, &data.train, &mut ref_order, &mut rng, 0.5, 10);
        });
        black_box(evaluate(&run.network, config.cost, eval, &mut ws));
        let e = seconds(|| {
            black_box(evaluate(&run.network, config.cost, eval, &mut ws));
        });
        let re = seconds(|| {
            black_box(reference.evaluate(&eval_x, eval));
        });
        run_epochs(&mut session, 1, Pipelining::for_this_machine());
        let full = run_epochs(&mut session, RUN_EPOCHS, Pipelining::for_this_machine());
        let inline = run_epochs(&mut session, RUN_EPOCHS / 10, Pipelining::Inline);
        train_ratio.push(r / t);
        eval_ratio.push(re / e);
        run_ratio.push(full / t);
        per_image_ratio.push((t / TRAIN as f64) / (e / eval.len().max(1) as f64));
        train.push(t);
        ref_train.push(r);
        eval_t.push(e);
        ref_eval.push(re);
        run_epoch.push(full);
        inline_epoch.push(inline);
    }
    let (_, correct) = evaluate(&run.network, config.cost, eval, &mut ws);

    let (mut fast, mut plain, mut session_rate, mut neuron_ratio) =
        (vec![], vec![], vec![], vec![]);
    let slowdown = Preset::builtin("slowdown")
        .ok_or("the slowdown preset is missing")?
        .map_err(|e| e.to_string())?;
    for _ in 0..rounds {
        let f = NEURON_EPOCHS as f64
            / seconds(|| {
                black_box(neuron_engine(NEURON_EPOCHS));
            });
        let p = NEURON_EPOCHS as f64
            / seconds(|| {
                black_box(neuron_reference(NEURON_EPOCHS));
            });
        let mut session = Session::new(slowdown.clone()).map_err(|e| e.to_string())?;
        session.preset.epochs = u64::MAX;
        let steps = NEURON_EPOCHS / 4;
        let s = session.runs.len() as f64
            / run_epochs(&mut session, steps, Pipelining::for_this_machine());
        neuron_ratio.push(f / p);
        fast.push(f);
        plain.push(p);
        session_rate.push(s);
    }

    let train_epoch_ms = 1e3 * median(train);
    let eval_ms = 1e3 * median(eval_t);
    Ok(BenchReport {
        cpu: cpu_name(),
        cores: eval_threads(),
        rounds,
        vector_exp: crate::run::vector_path(),
        train_epoch_ms,
        eval_ms,
        run_epoch_ms: 1e3 * median(run_epoch),
        inline_run_epoch_ms: 1e3 * median(inline_epoch),
        neuron_epochs_per_s: median(fast),
        run_neuron_epochs_per_s: median(session_rate),
        ref_train_epoch_ms: 1e3 * median(ref_train),
        ref_eval_ms: 1e3 * median(ref_eval),
        ref_neuron_epochs_per_s: median(plain),
        train_speedup_vs_ref: median(train_ratio),
        eval_speedup_vs_ref: median(eval_ratio),
        neuron_speed_vs_ref: median(neuron_ratio),
        run_epoch_over_train_epoch: median(run_ratio),
        train_over_eval_per_image: median(per_image_ratio),
        accuracy: correct.unwrap_or(0) as f64 / eval.len().max(1) as f64,
    })
}

/// The `slowdown` cross-entropy neuron (x = 1, y = 0, w = b = 2, eta = 0.15) through
/// [`NeuronLoop::train`], reading each epoch's cost, output and gradient (also what `cargo bench
/// --bench mnist` measures).
pub fn neuron_engine(epochs: u64) -> f64 {
    // Opaque to the optimiser, as a preset's settings are: whether or not the compiler inlines
    // `NeuronLoop::train` here, it cannot fold the rule into the loop (which made this figure swing
    // by 2x between builds of the same code).
    let rule = black_box(NeuronRule {
        output: OutputLayer::Sigmoid,
        cost: Cost::CrossEntropy,
        update: Update::Gradient,
        eta: 0.15,
        mini_batch: 1,
    });
    let samples = NeuronSamples {
        inputs: &[1.0],
        targets: &[0.0],
        labels: None,
    };
    let (mut w, mut b) = ([2.0], 2.0);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut seen = 0.0;
    NeuronLoop::new(rule, samples).train(&mut w, &mut b, &mut rng, epochs, |e| {
        seen += e.state.cost + e.state.a + e.dc_dw[0] + e.state.dc_db;
        true
    });
    seen
}
