//! `nnlab run` measures metrics only for the epochs it prints; what it prints is exactly what
//! It printed when every epoch was measured: the rows of `--every K` are the rows of
//! `--every 1` at epoch 0, the multiples of K, the last epoch and each run's divergence.

use nnlab::cli::{Format, RunArgs, run};
use nnlab::{Preset, Session};

fn run_json(preset: &str, epochs: u64, every: u64) -> Vec<String> {
    let args = RunArgs {
        preset: preset.to_string(),
        epochs: Some(epochs),
        seed: None,
        every,
        format: Format::Json,
        data: None,
    };
    let mut out = Vec::new();
    run(&args, &mut out).unwrap_or_else(|e| panic!("{preset}: {e}"));
    String::from_utf8(out)
        .expect("utf8")
        .lines()
        .map(str::to_string)
        .collect()
}

fn field(row: &str, key: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(row).expect("json");
    v[key].clone()
}

/// `--every 1` filtered to what `--every K` should print.
fn expected_rows(all: &[String], epochs: u64, every: u64) -> Vec<String> {
    all.iter()
        .enumerate()
        .filter(|(i, row)| {
            let epoch = field(row, "epoch").as_u64().expect("epoch");
            let run = field(row, "run");
            // A run's last row is its final epoch or the epoch it diverged at.
            let last_of_run = !all[i + 1..].iter().any(|r| field(r, "run") == run);
            epoch == 0 || epoch.is_multiple_of(every) || epoch == epochs || last_of_run
        })
        .map(|(_, r)| r.clone())
        .collect()
}

fn write_preset(dir: &std::path::Path, name: &str, src: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, src).expect("write");
    path.to_str().expect("utf8").to_string()
}

#[test]
fn reported_rows_are_those_of_every_epoch_measured() {
    let dir = tempfile::tempdir().expect("tempdir");
    let multi = nnlab::preset::BUILTIN
        .iter()
        .find(|(n, _)| *n == "multi-input-neuron")
        .expect("preset")
        .1;
    // A linear neuron whose steps overshoot (eta |x|^2 > 2) diverges at an epoch no --every
    // below prints: its weights pass the limit.
    let wild_neuron = write_preset(
        dir.path(),
        "wild-neuron.ron",
        &multi
            .replacen("eta: 0.1", "eta: 1.5", 1)
            .replace("cost: CrossEntropy", "cost: Quadratic, output: Linear"),
    );
    // A target of 1e155: the cost overflows from the start while eta = 1e-200 keeps the weights
    // near where they began, so divergence shows only in the metrics, which must then be
    // measured every epoch.
    let huge = write_preset(
        dir.path(),
        "huge.ron",
        &multi
            .replace("targets: [[0.0]]", "targets: [[1e155]]")
            .replace("eta: 0.1", "eta: 1e-200")
            .replace("cost: CrossEntropy", "cost: Quadratic, output: Linear"),
    );
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/csv/rings.ron");
    let cases: [(&str, u64, u64); 7] = [
        ("slowdown", 300, 7),
        ("book-demo-rule", 120, 50),
        ("multilayer-cross-entropy", 30, 4),
        ("softmax-log-likelihood", 25, 6),
        (examples, 12, 5),
        (&wild_neuron, 60, 25),
        (&huge, 40, 9),
    ];
    for (preset, epochs, every) in cases {
        let all = run_json(preset, epochs, 1);
        let some = run_json(preset, epochs, every);
        assert_eq!(
            some,
            expected_rows(&all, epochs, every),
            "{preset} --every {every}"
        );
        if epochs > 2 * every && preset != huge {
            assert!(
                some.len() < all.len(),
                "{preset}: --every {every} prints fewer rows"
            );
        }
    }
    // The two constructed presets do diverge before their last epoch, between printed ones.
    for (preset, epochs, every) in [(&wild_neuron, 60u64, 25u64), (&huge, 40, 9)] {
        let all = run_json(preset, epochs, 1);
        let diverged: Vec<u64> = all
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                !all[i + 1..]
                    .iter()
                    .any(|s| field(s, "run") == field(r, "run"))
            })
            .map(|(_, r)| field(r, "epoch").as_u64().expect("epoch"))
            .filter(|&e| e < epochs && !e.is_multiple_of(every))
            .collect();
        assert!(
            !diverged.is_empty(),
            "{preset}: no run diverged off the grid"
        );
    }
}

#[test]
fn only_data_that_could_overflow_measures_every_epoch() {
    for name in [
        "slowdown",
        "multilayer-cross-entropy",
        "softmax-log-likelihood",
    ] {
        let preset = Preset::builtin(name).expect("built-in").expect("valid");
        let session = Session::new(preset).expect("session");
        assert!(
            session
                .runs
                .iter()
                .all(nnlab::run::Run::metrics_certainly_finite),
            "{name}"
        );
    }
    let src = nnlab::preset::BUILTIN
        .iter()
        .find(|(n, _)| *n == "quadratic-mild")
        .expect("preset")
        .1
        .replace("inputs: [[1.0]]", "inputs: [[1e299]]");
    let preset = Preset::parse(&src, "huge").expect("valid");
    let session = Session::new(preset).expect("session");
    assert!(!session.runs[0].metrics_certainly_finite());
}

/// Three MNIST runs on a slice of the shipped digits (training and evaluation sets whose last
/// chunk is short): the two of `mnist-side-by-side` and a third at eta = 900, whose weights pass
/// the divergence limit in its first epoch.
fn mnist_session() -> Session {
    use nnlab::data::Dataset;
    use nnlab::data::mnist::Digits;
    let digits = Digits::shipped().expect("shipped MNIST");
    let data = Dataset {
        train: digits.samples(0..1_230),
        eval: Some(digits.samples(1_230..2_000)),
        summary: String::new(),
    };
    let mut preset = Preset::builtin("mnist-side-by-side")
        .expect("built-in")
        .expect("valid");
    let mut wild = preset.runs[1].clone();
    wild.label = "wild".into();
    wild.cost = nnlab::book::Cost::CrossEntropy;
    wild.eta = 900.0;
    preset.runs.push(wild);
    Session::with_data(preset, std::sync::Arc::new(data)).expect("session")
}

/// Every report of `epochs` epochs of [`mnist_session`], `report` choosing the epochs.
fn reports(
    pipelining: nnlab::run::Pipelining,
    epochs: u64,
    report: fn(u64) -> bool,
) -> Vec<nnlab::run::EpochReport> {
    let mut session = mnist_session();
    let mut out = Vec::new();
    session
        .train_reporting(epochs, pipelining, report, |r| {
            out.push(r);
            Ok::<(), ()>(())
        })
        .expect("no error");
    out
}

/// The bits of every number of a row.
fn bits(m: &nnlab::run::EpochMetrics) -> Vec<u64> {
    let opt = |v: Option<f64>| v.map_or(u64::MAX, f64::to_bits);
    let mut v = vec![
        m.epoch,
        m.cost.to_bits(),
        opt(m.eval_cost),
        opt(m.accuracy),
        opt(m.train_accuracy),
    ];
    v.extend(
        m.gradient_norms
            .iter()
            .flat_map(|g| [g.weights.to_bits(), g.biases.to_bits()]),
    );
    v
}

#[test]
fn overlapped_metrics_have_the_inline_bits_on_one_and_two_threads() {
    use nnlab::run::Pipelining;
    let epochs = 6;
    let every_other: fn(u64) -> bool = |e| e % 2 == 0 || e == 5;
    let always: fn(u64) -> bool = |_| true;
    for report in [always, every_other] {
        let inline = reports(Pipelining::Inline, epochs, report);
        assert_eq!(inline.len(), epochs as usize, "every epoch is reported");
        // The wild run diverges, so its row is measured at once beside the others' deferred
        // ones, and then (diverged) inline.
        let at: Vec<Option<u64>> = inline[0]
            .diverged
            .iter()
            .map(|d| d.as_ref().map(|d| d.epoch))
            .collect();
        assert_eq!(at, [None, None, Some(1)]);
        let measured: usize = inline
            .iter()
            .map(|r| r.metrics.iter().flatten().count())
            .sum();
        assert!(measured >= 6, "{measured} rows");
        // One thread (the metrics thread alone) and two (the training thread helps).
        for help in [false, true] {
            let overlapped = reports(Pipelining::Overlapped { help }, epochs, report);
            assert_eq!(overlapped.len(), inline.len());
            for (a, b) in inline.iter().zip(&overlapped) {
                assert_eq!(a.epoch, b.epoch);
                assert_eq!(a.diverged, b.diverged, "epoch {}", a.epoch);
                let a_bits: Vec<Option<Vec<u64>>> =
                    a.metrics.iter().map(|m| m.as_ref().map(bits)).collect();
                let b_bits: Vec<Option<Vec<u64>>> =
                    b.metrics.iter().map(|m| m.as_ref().map(bits)).collect();
                assert_eq!(a_bits, b_bits, "epoch {}, help {help}", a.epoch);
                assert_eq!(a, b);
            }
        }
    }
}

#[test]
fn an_error_from_the_consumer_stops_the_overlapped_loop() {
    use nnlab::run::Pipelining;
    let mut session = mnist_session();
    let mut seen = Vec::new();
    let result = session.train_reporting(
        10,
        Pipelining::Overlapped { help: true },
        |_| true,
        |r| {
            seen.push(r.epoch);
            if r.epoch == 2 { Err("stop") } else { Ok(()) }
        },
    );
    assert_eq!(result, Err("stop"));
    assert_eq!(seen, [1, 2]);
    // Training ran at most one epoch ahead of the rows handed out.
    assert!(session.runs[0].epoch <= 3, "{}", session.runs[0].epoch);
}

/// A row of the table writes every gradient in one form: dC/dw_j and dC/db alike, four
/// significant digits (the table mixed 1.73e-2 and 1.735e-2 in one row).
#[test]
fn every_gradient_in_a_row_has_one_form() {
    for preset in ["multi-input-neuron", "slowdown"] {
        let (ok, out, err) = crate::support::cli::nnlab(&["run", preset, "--epochs", "3"]);
        assert!(ok, "{err}");
        // the rows end at the blank line before the footer's reading of the costs
        for line in out.lines().skip(1).take_while(|l| !l.is_empty()) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let grads = cols[cols.len() - 2]
                .split(',')
                .chain([cols[cols.len() - 1]]);
            for g in grads {
                let (mantissa, exp) = g.split_once('e').unwrap_or_else(|| panic!("{g} in {line}"));
                let digits = mantissa.trim_start_matches('-');
                assert!(
                    digits.len() == 5 && digits.as_bytes()[1] == b'.' && exp.parse::<i32>().is_ok(),
                    "{g:?} is not d.ddde±n in {line:?}"
                );
            }
        }
    }
}

#[test]
fn the_table_reads_each_last_cost_against_a_model_that_learned_nothing() {
    use crate::support::cli::nnlab;
    let last = |preset: &str, run: &str| -> f64 {
        let (ok, out, err) = nnlab(&["run", preset, "--format", "csv"]);
        assert!(ok, "{err}");
        let header: Vec<&str> = out.lines().next().expect("header").split(',').collect();
        let cost = header
            .iter()
            .position(|h| *h == "cost")
            .expect("cost column");
        out.lines()
            .rfind(|l| l.starts_with(&format!("{run},")))
            .expect("a row")
            .split(',')
            .nth(cost)
            .expect("cost")
            .parse()
            .expect("a number")
    };
    let (ok, table, err) = nnlab(&["run", "slowdown", "--every", "100"]);
    assert!(ok, "{err}");
    let footer = table
        .split("reading the last cost")
        .nth(1)
        .expect("the footer");
    // cross-entropy, one output: the baseline is ln 2 (a = 1/2), e^-C the right value's probability
    let c = last("slowdown", "cross-entropy");
    let share = format!(
        "{:.1}% of the baseline 0.6931 (a = 1/2: ln 2)",
        100.0 * c / 2f64.ln()
    );
    assert!(footer.contains(&share), "{footer}\nwants {share}");
    assert!(
        footer.contains(&format!("the right value gets {:.3}", (-c).exp())),
        "{footer}"
    );
    // the quadratic on one example: the targets' mean fits them, so there is no baseline
    assert!(
        footer.contains("quadratic      C") && footer.contains("no baseline"),
        "{footer}"
    );
    // softmax over 2 classes: ln 2, and e^-C as the right class's probability
    let (ok, table, _) = nnlab(&["run", "softmax-log-likelihood", "--every", "50"]);
    assert!(ok);
    let c = last("softmax-log-likelihood", "softmax + log-likelihood");
    assert!(
        table.contains("a uniform softmax over 2 classes: ln 2"),
        "{table}"
    );
    assert!(
        table.contains(&format!("the right class gets {:.3}", (-c).exp())),
        "{table}"
    );
    // CSV and JSON stay data only
    for format in ["csv", "json"] {
        let (_, out, _) = nnlab(&["run", "slowdown", "--format", format, "--every", "100"]);
        assert!(!out.contains("reading"), "{format}");
    }
}
