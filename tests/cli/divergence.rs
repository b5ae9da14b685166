//! A run that diverges says which limit it passed, with the value, wherever the word shows:
//! `nnlab run` (stderr and the JSON row), `nnlab plot`'s legend, the lab's status line and run
//! readout, and the tour's verdict. The case is issue 21's: `cross-entropy-saturated` at
//! eta = 20000, whose cost is about 0 when it stops (|w| > 1e4 stops it, not a cost that is
//! not finite).

use crate::support::cli::nnlab;
use nnlab::preset::BUILTIN;
use nnlab::run::{Diverged, Divergence};
use nnlab::{Preset, Session};

fn source(name: &str) -> &'static str {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .expect("built in")
}

/// `cross-entropy-saturated` at eta = 20000, written to `dir`.
fn huge_eta(dir: &std::path::Path) -> std::path::PathBuf {
    let text = source("cross-entropy-saturated").replacen("eta: 0.005", "eta: 20000.0", 1);
    assert_ne!(
        text,
        source("cross-entropy-saturated"),
        "the eta was replaced"
    );
    let path = dir.join("huge-eta.ron");
    std::fs::write(&path, text).expect("write preset");
    path
}

/// What the engine decided for the preset at `path`, trained until it stops.
fn engine_says(path: &std::path::Path) -> Diverged {
    let preset = Preset::load(path.to_str().expect("utf-8")).expect("preset");
    let mut session = Session::new(preset).expect("session");
    while !session.finished() {
        session.step();
    }
    session.runs[0].diverged.clone().expect("it diverges")
}

#[test]
fn the_engine_names_the_weight_past_the_limit_with_its_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = engine_says(&huge_eta(dir.path()));
    assert_eq!(d.epoch, 1);
    let Divergence::Parameter { name, value } = &d.why else {
        panic!("a weight passed the limit, not the cost: {d}");
    };
    // one step of Eq. 61 from w = 2: w - eta x (a - y) with a = sigma(4)
    let a = 1.0 / (1.0 + (-4.0f64).exp());
    assert_eq!(name, "w");
    assert!((value - (2.0 - 20000.0 * a)).abs() < 1e-6, "{value}");
    assert_eq!(
        d.to_string(),
        "diverged at epoch 1: w = -19638.2758, |w| > 1e4"
    );
}

#[test]
fn a_network_names_its_parameter_as_the_book_does() {
    let text = source("linear-output-quadratic");
    let eta = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("eta: "))
        .expect("an eta")
        .trim_end_matches(',');
    let text = text.replace(&format!("eta: {eta}"), "eta: 1000000.0");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("network.ron");
    std::fs::write(&path, text).expect("write");
    let preset = Preset::load(path.to_str().expect("utf-8")).expect("preset");
    let mut session = Session::new(preset).expect("session");
    while !session.finished() {
        session.step();
    }
    let d = session.runs[0]
        .diverged
        .clone()
        .expect("eta = 1e6 diverges");
    let Divergence::Parameter { name, value } = &d.why else {
        panic!("{d}");
    };
    assert!(
        name.starts_with("w^") || name.starts_with("b^"),
        "a layer's parameter: {name}"
    );
    assert!(!value.is_finite() || value.abs() > 1e4, "{d}");
    // the named parameter holds the value printed
    let network = &session.runs[0].network;
    let all: Vec<f64> = network
        .weights
        .iter()
        .flat_map(|w| w.iter().copied())
        .chain(network.biases.iter().flat_map(|b| b.iter().copied()))
        .collect();
    assert!(
        all.iter().any(|v| v.to_bits() == value.to_bits()),
        "{value} is one of the network's parameters"
    );
}

#[test]
fn nnlab_run_says_which_limit_tripped_on_stderr_and_in_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = huge_eta(dir.path());
    let file = path.to_str().expect("utf-8");
    let (ok, out, err) = nnlab(&["run", file, "--epochs", "3"]);
    assert!(ok, "{err}");
    assert!(out.contains("-19638.2758"), "{out}");
    assert!(
        err.contains("diverged at epoch 1: w = -19638.2758, |w| > 1e4"),
        "{err}"
    );
    assert!(!err.contains("stopped being finite"), "{err}");
    let (ok, out, err) = nnlab(&["run", file, "--epochs", "3", "--format", "json"]);
    assert!(ok, "{err}");
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let why: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.get("diverged").and_then(|d| d.as_str()))
        .collect();
    assert_eq!(
        why,
        ["w = -19638.2758, |w| > 1e4"],
        "only the row it stopped at"
    );
    assert_eq!(rows.last().and_then(|r| r["epoch"].as_u64()), Some(1));
}

#[test]
fn the_figures_legend_says_which_limit_tripped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = huge_eta(dir.path());
    let svg = dir.path().join("f.svg");
    let (ok, _, err) = nnlab(&[
        "plot",
        path.to_str().expect("utf-8"),
        "-o",
        svg.to_str().expect("utf-8"),
    ]);
    assert!(ok, "{err}");
    let svg = std::fs::read_to_string(&svg).expect("svg");
    assert!(
        svg.contains("cross-entropy (diverged at epoch 1: w = -19638.2758, |w| &gt; 1e4)")
            || svg.contains("cross-entropy (diverged at epoch 1: w = -19638.2758, |w| > 1e4)"),
        "legend lacks the reason"
    );
}

#[test]
fn the_tours_verdict_says_which_limit_tripped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = huge_eta(dir.path());
    let preset = Preset::load(path.to_str().expect("utf-8")).expect("preset");
    let trace = nnlab::tour::run_trace(&preset, 5).expect("trace");
    assert_eq!(
        trace.runs[0].diverged.as_ref().map(ToString::to_string),
        Some("diverged at epoch 1: w = -19638.2758, |w| > 1e4".to_string())
    );
    let tour = nnlab::tour::Tour::builtin().expect("the shipped tour");
    // the step on this preset: "where does a end?", judged on the run at eta = 20000
    let question = tour
        .steps
        .iter()
        .find(|s| s.preset == "cross-entropy-saturated")
        .and_then(|s| s.question.as_ref())
        .expect("the tour asks about cross-entropy-saturated");
    let judged = question.judge(&trace, &preset, &preset).expect("judged");
    let happened = judged.happened.join("; ");
    assert!(
        happened.contains("diverged at epoch 1: w = -19638.2758, |w| > 1e4"),
        "{happened}"
    );
}
