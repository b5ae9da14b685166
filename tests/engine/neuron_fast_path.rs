//! The scalar single-neuron path (`nnlab::run::NeuronLoop`) gives the same bits as the general
//! Batched path: every single-neuron preset and random neurons (several inputs, mini-batches,
//! Both costs, linear outputs, the BookDemo rule, held-out data, more than one evaluation
//! Chunk), compared number by number with `f64::to_bits`, so that -0.0 and 0.0 are told
//! Apart too. A NaN only has to be a NaN on both paths: Rust, like IEEE 754, leaves the sign
//! And payload of a NaN result unspecified (the compiler may swap the operands of an addition),
//! So no path can promise its bits.

use nalgebra::DMatrix;
use nnlab::book::{Cost, Init, OutputLayer};
use nnlab::data::{Dataset, Features, Samples};
use nnlab::preset::BUILTIN;
use nnlab::run::{EpochMetrics, NeuronLoop, NeuronRule, NeuronSamples, Run, RunConfig, Update};
use nnlab::{Preset, Session};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The bits of a number, every NaN counted as one.
fn key(v: f64) -> u64 {
    if v.is_nan() {
        f64::NAN.to_bits()
    } else {
        v.to_bits()
    }
}

/// Every number of a metrics row, as bits, with a name for the failure message.
fn bits(m: &EpochMetrics) -> Vec<(String, u64)> {
    let mut out = vec![
        ("epoch".to_string(), m.epoch),
        ("cost".to_string(), key(m.cost)),
        ("eval_cost".to_string(), m.eval_cost.map_or(u64::MAX, key)),
        ("accuracy".to_string(), m.accuracy.map_or(u64::MAX, key)),
    ];
    if let Some(n) = &m.neuron {
        for (k, w) in n.w.iter().enumerate() {
            out.push((format!("w[{k}]"), key(*w)));
        }
        out.push(("b".into(), key(n.b)));
        out.push(("z".into(), key(n.z)));
        out.push(("a".into(), key(n.a)));
        for (k, g) in n.dc_dw.iter().enumerate() {
            out.push((format!("dc_dw[{k}]"), key(*g)));
        }
        out.push(("dc_db".into(), key(n.dc_db)));
    } else {
        out.push(("no neuron".into(), 0));
    }
    for (l, g) in m.gradient_norms.iter().enumerate() {
        out.push((format!("|dw{l}|"), key(g.weights)));
        out.push((format!("|db{l}|"), key(g.biases)));
    }
    out
}

fn assert_same(fast: &EpochMetrics, general: &EpochMetrics, what: &str) {
    let (f, g) = (bits(fast), bits(general));
    assert_eq!(
        f.len(),
        g.len(),
        "{what}: different shapes {fast:?} vs {general:?}"
    );
    for ((name, a), (_, b)) in f.iter().zip(&g) {
        assert_eq!(
            a, b,
            "{what}, epoch {}: {name} differs: scalar {fast:?} vs general {general:?}",
            general.epoch
        );
    }
}

/// Trains `fast` (scalar path) and `general` side by side and compares every epoch's metrics.
fn compare_runs(mut fast: Run, mut general: Run, data: &Dataset, epochs: u64, what: &str) {
    assert!(
        fast.uses_scalar_path(),
        "{what}: the scalar path should apply"
    );
    general.use_general_path();
    assert!(!general.uses_scalar_path());
    assert_same(&fast.metrics(data), &general.metrics(data), what);
    for _ in 0..epochs {
        let (f, g) = (fast.train_epoch(data), general.train_epoch(data));
        assert_same(&f, &g, what);
        // compared as printed: a NaN that tripped the limit is not == itself
        assert_eq!(
            format!("{:?}", fast.diverged),
            format!("{:?}", general.diverged),
            "{what}"
        );
    }
}

#[test]
fn every_single_neuron_preset_trains_bit_for_bit_as_the_general_path() {
    let mut compared = 0;
    for (name, _) in BUILTIN {
        let preset = Preset::builtin(name).expect("built-in").expect("valid");
        if !preset
            .runs
            .iter()
            .all(nnlab::run::RunConfig::is_single_neuron)
        {
            continue;
        }
        let session = Session::new(preset.clone()).expect("session");
        for run in &session.runs {
            compare_runs(
                run.clone(),
                run.clone(),
                &session.data,
                preset.epochs,
                &format!("{name}/{}", run.config.label),
            );
            compared += 1;
        }
    }
    // slowdown (2 runs), the mild and saturated starts, book-demo ones, multi-input.
    assert!(compared >= 8, "only {compared} single-neuron runs compared");
}

/// A dense data set of `count` examples with `n_in` inputs in (-3, 3) and targets in [0, 1].
fn random_samples(rng: &mut ChaCha8Rng, n_in: usize, count: usize, classify: bool) -> Samples {
    let x = DMatrix::from_fn(n_in, count, |_, _| rng.random_range(-3.0..3.0));
    let targets = DMatrix::from_fn(1, count, |_, _| {
        if classify {
            f64::from(u8::from(rng.random_bool(0.5)))
        } else {
            rng.random_range(0.0..=1.0)
        }
    });
    let labels = classify.then(|| Samples::labels_from_targets(&targets));
    Samples {
        features: Features::Dense(x),
        targets,
        labels,
    }
}

fn random_case(seed: u64) -> (RunConfig, Dataset, u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n_in = rng.random_range(1..=5);
    // Now and then more than one evaluation chunk of 500 examples.
    let count = if seed.is_multiple_of(7) {
        rng.random_range(501..1300)
    } else {
        rng.random_range(1..40)
    };
    let classify = rng.random_bool(0.5);
    let train = random_samples(&mut rng, n_in, count, classify);
    let eval_count = rng.random_range(1..30);
    let eval = rng
        .random_bool(0.4)
        .then(|| random_samples(&mut rng, n_in, eval_count, classify));
    let (output, cost, update) = match rng.random_range(0..5) {
        0 => (OutputLayer::Sigmoid, Cost::Quadratic, Update::Gradient),
        1 => (OutputLayer::Sigmoid, Cost::CrossEntropy, Update::Gradient),
        // The book-demo step with the quadratic cost is refused (rules::check_update), so the
        // book-demo rule is drawn twice as often with the cross-entropy instead.
        2 | 3 => (OutputLayer::Sigmoid, Cost::CrossEntropy, Update::BookDemo),
        _ => (OutputLayer::Linear, Cost::Quadratic, Update::Gradient),
    };
    let config = RunConfig {
        label: "random".into(),
        layers: vec![n_in, 1],
        output,
        cost,
        eta: rng.random_range(0.001..0.8),
        mini_batch: rng.random_range(1..=count + 3),
        init: Init::Neuron {
            w: (0..n_in).map(|_| rng.random_range(-3.0..3.0)).collect(),
            b: rng.random_range(-3.0..3.0),
        },
        update,
        seed: None,
    };
    let data = Dataset {
        train,
        eval,
        summary: String::new(),
    };
    let epochs = if count > 500 { 5 } else { 60 };
    (config, data, epochs)
}

#[test]
fn random_neurons_train_bit_for_bit_as_the_general_path() {
    for seed in 0..120 {
        let (config, data, epochs) = random_case(seed);
        let what = format!("seed {seed}: {config:?}");
        let run = Run::new(config, seed, &data).expect("run");
        compare_runs(run.clone(), run, &data, epochs, &what);
    }
}

#[test]
fn a_cost_changed_mid_run_keeps_the_paths_equal() {
    let (mut config, data, _) = random_case(3);
    config.output = OutputLayer::Sigmoid;
    config.update = Update::Gradient;
    config.cost = Cost::Quadratic;
    let mut fast = Run::new(config, 3, &data).expect("run");
    let mut general = fast.clone();
    general.use_general_path();
    for epoch in 0..40 {
        if epoch == 20 {
            fast.set_cost(Cost::CrossEntropy).expect("valid");
            general.set_cost(Cost::CrossEntropy).expect("valid");
            fast.set_mini_batch(1).expect("valid");
            general.set_mini_batch(1).expect("valid");
        }
        assert_same(
            &fast.train_epoch(&data),
            &general.train_epoch(&data),
            "cost changed",
        );
    }
}

#[test]
fn diverging_neurons_stop_at_the_same_epoch_on_both_paths() {
    let (mut config, data, _) = random_case(5);
    config.eta = 1e6;
    config.output = OutputLayer::Linear;
    config.cost = Cost::Quadratic;
    config.update = Update::Gradient;
    let run = Run::new(config, 5, &data).expect("run");
    let mut probe = run.clone();
    for _ in 0..50 {
        probe.train_epoch(&data);
    }
    assert!(probe.diverged.is_some(), "eta = 1e6 should diverge");
    compare_runs(run.clone(), run, &data, 50, "divergence");
}

#[test]
fn the_engine_function_reports_what_the_run_reports() {
    // `NeuronLoop::train` (what a map of many neuron runs calls) against the general path of Run.
    for seed in [1u64, 2, 4, 8, 14] {
        let (config, data, epochs) = random_case(seed);
        let mut general = Run::new(config.clone(), seed, &data).expect("run");
        general.use_general_path();
        let Features::Dense(x) = &data.train.features else {
            unreachable!("random cases are dense")
        };
        let samples = NeuronSamples {
            inputs: x.as_slice(),
            targets: data.train.targets.as_slice(),
            labels: data.train.labels.as_deref(),
        };
        let rule = NeuronRule {
            output: config.output,
            cost: config.cost,
            update: config.update,
            eta: config.eta,
            mini_batch: config.mini_batch,
        };
        let Init::Neuron { w, b } = &config.init else {
            unreachable!("random cases start from Neuron(w, b)")
        };
        let (mut w, mut b) = (w.clone(), *b);
        // The run draws its shuffles from ChaCha8 seeded with its seed (no draws for Neuron init).
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut neuron = NeuronLoop::new(rule, samples);
        let mut reported = 0;
        neuron.train(&mut w, &mut b, &mut rng, epochs, |e| {
            let m = general.train_epoch(&data);
            let n = m.neuron.as_ref().expect("neuron");
            assert_eq!(e.epoch, m.epoch);
            assert_eq!(key(e.state.cost), key(m.cost), "seed {seed}");
            assert_eq!(key(e.state.a), key(n.a), "seed {seed}");
            assert_eq!(key(e.b), key(n.b), "seed {seed}");
            let w_bits: Vec<u64> = e.w.iter().map(|&v| key(v)).collect();
            let want: Vec<u64> = n.w.iter().map(|&v| key(v)).collect();
            assert_eq!(w_bits, want, "seed {seed}");
            let g_bits: Vec<u64> = e.dc_dw.iter().map(|&v| key(v)).collect();
            let want: Vec<u64> = n.dc_dw.iter().map(|&v| key(v)).collect();
            assert_eq!(g_bits, want, "seed {seed}");
            reported += 1;
            general.diverged.is_none()
        });
        assert_eq!(reported, general.epoch);
        // Stopping early: the callback's false ends training after that epoch.
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut calls = 0;
        neuron.train(&mut w, &mut b, &mut rng, epochs, |_| {
            calls += 1;
            calls < 3
        });
        assert_eq!(calls, 3);
    }
}

#[test]
fn networks_and_byte_pixels_keep_the_general_path() {
    let preset = Preset::builtin("multilayer-cross-entropy")
        .expect("built-in")
        .expect("valid");
    let session = Session::new(preset).expect("session");
    assert!(session.runs.iter().all(|r| !r.uses_scalar_path()));
    let preset = Preset::builtin("slowdown")
        .expect("built-in")
        .expect("valid");
    let session = Session::new(preset).expect("session");
    assert!(session.runs.iter().all(nnlab::run::Run::uses_scalar_path));
}
