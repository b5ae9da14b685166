//! `nnlab bench`: nnlab's speed on the machine it runs on, each figure beside a plain reference
//! timed in the same process (a scalar Rust loop for the neuron, a dense one-example-at-a-time
//! forward and backward for MNIST), so that the ratios mean the same on any machine.
//!
//! Timings alternate between nnlab and its reference, round after round; each figure is the
//! median over the rounds and each ratio the median of the rounds' ratios, so a neighbour that
//! takes a core for a while moves neither much.

use crate::data::mnist::Digits;
use crate::data::{Dataset, Samples};
use crate::math::{Cost, OutputLayer};
use crate::net::backprop::{eval_threads, evaluate};
use crate::net::neuron::{self, NeuronRule, NeuronSamples, NeuronScratch};
use crate::net::{Init, Network, Run, RunConfig, Update, Workspace};
use crate::preset::Preset;
use crate::session::Session;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::hint::black_box;
use std::time::Instant;

/// Training images of the MNIST figures (the and the README's "epoch of 5,000").
pub const TRAIN: usize = 5_000;
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
    /// One epoch of SGD on [784, 30, 10], mini-batch 10, 5,000 images, no metrics.
    pub train_epoch_ms: f64,
    /// Cost and accuracy of that network over 10,000 images.
    pub eval_ms: f64,
    /// One epoch as `nnlab run` does it: training plus the metrics (cost over the 5,000
    /// training images, cost and accuracy over the 10,000 evaluation images).
    pub run_epoch_ms: f64,
    /// Epochs per second of the `slowdown` neuron through the engine's scalar path
    /// (`net::neuron::train`), each with its metrics (cost, output, gradient).
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
    /// Time per image of a training step over time per image of evaluation (target: at least 3).
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

/// Runs every measurement `rounds` times (at least 3).
pub fn run(rounds: usize) -> Result<BenchReport, String> {
    let rounds = rounds.max(3);
    let digits = Digits::shipped().map_err(|e| e.to_string())?;
    let data = Dataset {
        train: digits.samples(0..TRAIN),
        eval: Some(digits.samples(0..digits.images.count)),
        summary: String::new(),
    };
    let eval = data.eval_samples();
    let config = RunConfig {
        label: "bench".into(),
        layers: vec![784, 30, 10],
        output: OutputLayer::Sigmoid,
        cost: Cost::CrossEntropy,
        eta: 0.5,
        mini_batch: 10,
        init: Init::Large,
        update: Update::Gradient,
        seed: Some(1),
    };
    let mut run = Run::new(config.clone(), 1, &data).map_err(|e| e.to_string())?;
    let mut reference = DenseNet::from(&run.network);
    let train_x = dense_inputs(&data.train);
    let eval_x = dense_inputs(eval);
    let mut ref_order: Vec<usize> = (0..TRAIN).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    // Warm up: caches, page faults, the evaluation threads' buffers.
    run.sgd_epoch(&data);
    let mut ws = Workspace::default();
    evaluate(&run.network, config.cost, eval, &mut ws);

    let (mut train, mut ref_train, mut eval_t, mut ref_eval, mut run_epoch) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut train_ratio, mut eval_ratio, mut run_ratio) = (vec![], vec![], vec![]);
    for _ in 0..rounds {
        let t = seconds(|| run.sgd_epoch(&data));
        let r = seconds(|| {
            reference.sgd_epoch(&train_x, &data.train, &mut ref_order, &mut rng, 0.5, 10)
        });
        let e = seconds(|| {
            black_box(evaluate(&run.network, config.cost, eval, &mut ws));
        });
        let re = seconds(|| {
            black_box(reference.evaluate(&eval_x, eval));
        });
        let full = seconds(|| {
            black_box(run.train_epoch(&data));
        });
        train_ratio.push(r / t);
        eval_ratio.push(re / e);
        run_ratio.push(full / t);
        train.push(t);
        ref_train.push(r);
        eval_t.push(e);
        ref_eval.push(re);
        run_epoch.push(full);
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
        let steps = NEURON_EPOCHS / 4;
        let s = (steps * session.runs.len() as u64) as f64
            / seconds(|| {
                for _ in 0..steps {
                    black_box(session.step());
                }
            });
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
        train_epoch_ms,
        eval_ms,
        run_epoch_ms: 1e3 * median(run_epoch),
        neuron_epochs_per_s: median(fast),
        run_neuron_epochs_per_s: median(session_rate),
        ref_train_epoch_ms: 1e3 * median(ref_train),
        ref_eval_ms: 1e3 * median(ref_eval),
        ref_neuron_epochs_per_s: median(plain),
        train_speedup_vs_ref: median(train_ratio),
        eval_speedup_vs_ref: median(eval_ratio),
        neuron_speed_vs_ref: median(neuron_ratio),
        run_epoch_over_train_epoch: median(run_ratio),
        train_over_eval_per_image: (train_epoch_ms / TRAIN as f64)
            / (eval_ms / eval.len().max(1) as f64),
        accuracy: correct.unwrap_or(0) as f64 / eval.len().max(1) as f64,
    })
}

/// The `slowdown` cross-entropy neuron (x = 1, y = 0, w = b = 2, eta = 0.15) through
/// [`neuron::train`], reading each epoch's cost, output and gradient.
fn neuron_engine(epochs: u64) -> f64 {
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
    let (mut w, mut b) = ([2.0], 2.0);
    let mut order = [0usize];
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut scratch = NeuronScratch::default();
    let mut dc_dw = [0.0];
    let mut seen = 0.0;
    neuron::train(
        &mut w,
        &mut b,
        &rule,
        samples,
        &mut order,
        &mut rng,
        epochs,
        &mut scratch,
        &mut dc_dw,
        |e| {
            seen += e.state.cost + e.state.a + e.dc_dw[0] + e.state.dc_db;
            true
        },
    );
    seen
}

/// The same neuron as a plain scalar loop: a step, then z, a, the cross-entropy and the
/// gradient at the new weights (what a C loop or network2.py without matrices would do).
fn neuron_reference(epochs: u64) -> f64 {
    let (x, y, eta) = (black_box(1.0f64), black_box(0.0f64), black_box(0.15f64));
    let (mut w, mut b) = (2.0f64, 2.0f64);
    let mut seen = 0.0;
    for _ in 0..epochs {
        let a = 1.0 / (1.0 + (-(w * x + b)).exp());
        let delta = a - y;
        w -= eta * delta * x;
        b -= eta * delta;
        let a = 1.0 / (1.0 + (-(w * x + b)).exp());
        let cost = -(y * a.ln() + (1.0 - y) * (1.0 - a).ln());
        seen += cost + a + (a - y) * x + (a - y);
    }
    seen
}

/// Every example's features as f64, example after example (the reference reads them dense).
fn dense_inputs(samples: &Samples) -> Vec<f64> {
    let dim = samples.input_dim();
    let mut x = vec![0.0; dim * samples.len()];
    for (i, chunk) in x.chunks_exact_mut(dim.max(1)).enumerate() {
        samples.features.write_example(i, chunk);
    }
    x
}

/// The reference network: row-major weights, one example at a time, every pixel multiplied
/// (zeros too), as network2.py does it with numpy.
struct DenseNet {
    sizes: Vec<usize>,
    w: Vec<Vec<f64>>,
    b: Vec<Vec<f64>>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl DenseNet {
    fn from(net: &Network) -> DenseNet {
        DenseNet {
            sizes: net.sizes.clone(),
            w: net
                .weights
                .iter()
                .map(|m| {
                    let mut rows = Vec::with_capacity(m.len());
                    for j in 0..m.nrows() {
                        rows.extend(m.row(j).iter().copied());
                    }
                    rows
                })
                .collect(),
            b: net
                .biases
                .iter()
                .map(|v| v.iter().copied().collect())
                .collect(),
        }
    }

    /// z and a of every layer for input x.
    fn forward(&self, x: &[f64], zs: &mut [Vec<f64>], acts: &mut [Vec<f64>]) {
        for l in 0..self.w.len() {
            let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
            for j in 0..n_out {
                let input: &[f64] = if l == 0 { x } else { &acts[l - 1] };
                let row = &self.w[l][j * n_in..(j + 1) * n_in];
                let z = self.b[l][j] + row.iter().zip(input).map(|(w, a)| w * a).sum::<f64>();
                zs[l][j] = z;
                acts[l][j] = sigmoid(z);
            }
        }
    }

    fn buffers(&self) -> Vec<Vec<f64>> {
        self.sizes[1..].iter().map(|&n| vec![0.0; n]).collect()
    }

    /// One epoch of mini-batch SGD with the cross-entropy (delta^L = a - y, Eq. 66).
    fn sgd_epoch(
        &mut self,
        x: &[f64],
        samples: &Samples,
        order: &mut [usize],
        rng: &mut ChaCha8Rng,
        eta: f64,
        mini_batch: usize,
    ) {
        use rand::seq::SliceRandom;
        order.shuffle(rng);
        let dim = self.sizes[0];
        let (mut zs, mut acts, mut deltas) = (self.buffers(), self.buffers(), self.buffers());
        let mut gw: Vec<Vec<f64>> = self.w.iter().map(|w| vec![0.0; w.len()]).collect();
        let mut gb = self.buffers();
        for batch in order.chunks(mini_batch) {
            gw.iter_mut().for_each(|g| g.fill(0.0));
            gb.iter_mut().for_each(|g| g.fill(0.0));
            for &i in batch {
                let xi = &x[i * dim..(i + 1) * dim];
                self.forward(xi, &mut zs, &mut acts);
                let last = self.w.len() - 1;
                for (j, d) in deltas[last].iter_mut().enumerate() {
                    *d = acts[last][j] - samples.targets[(j, i)];
                }
                for l in (0..last).rev() {
                    let n = self.sizes[l + 1];
                    for k in 0..n {
                        let mut s = 0.0;
                        for (j, &d) in deltas[l + 1].iter().enumerate() {
                            s += self.w[l + 1][j * n + k] * d;
                        }
                        let a = acts[l][k];
                        deltas[l][k] = s * a * (1.0 - a);
                    }
                }
                for l in 0..self.w.len() {
                    let n_in = self.sizes[l];
                    let input: &[f64] = if l == 0 { xi } else { &acts[l - 1] };
                    for (j, &d) in deltas[l].iter().enumerate() {
                        for (g, &a) in gw[l][j * n_in..(j + 1) * n_in].iter_mut().zip(input) {
                            *g += d * a;
                        }
                        gb[l][j] += d;
                    }
                }
            }
            let step = eta / batch.len() as f64;
            for l in 0..self.w.len() {
                for (w, g) in self.w[l].iter_mut().zip(&gw[l]) {
                    *w -= step * g;
                }
                for (b, g) in self.b[l].iter_mut().zip(&gb[l]) {
                    *b -= step * g;
                }
            }
        }
    }

    /// Mean cross-entropy and correct count over the examples.
    fn evaluate(&self, x: &[f64], samples: &Samples) -> (f64, usize) {
        let dim = self.sizes[0];
        let (mut zs, mut acts) = (self.buffers(), self.buffers());
        let (mut total, mut correct) = (0.0, 0);
        let labels = samples.labels.as_deref().unwrap_or(&[]);
        for i in 0..samples.len() {
            self.forward(&x[i * dim..(i + 1) * dim], &mut zs, &mut acts);
            let out = &acts[acts.len() - 1];
            for (j, &a) in out.iter().enumerate() {
                let y = samples.targets[(j, i)];
                total -= y * a.max(1e-300).ln() + (1.0 - y) * (1.0 - a).max(1e-300).ln();
            }
            let guess = (0..out.len()).fold(0, |best, j| if out[j] > out[best] { j } else { best });
            correct += usize::from(labels.get(i) == Some(&guess));
        }
        (total / samples.len().max(1) as f64, correct)
    }
}
