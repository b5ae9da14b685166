//! What nnlab does with bad input, end to end: every case is refused with one clear message
//! (file:line:column where there is one), a non-zero exit, and never a panic. The table "Bad
//! Input" in docs/formats.md lists these cases.

use crate::support::cli::nnlab_code as nnlab;
use nnlab::preset::BUILTIN;
use nnlab::{Preset, Session};

fn slowdown() -> &'static str {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == "slowdown")
        .map(|(_, s)| *s)
        .expect("slowdown is built in")
}

/// (file name, bytes, what stderr must contain)
fn bad_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let s = slowdown();
    let edit = |from: &str, to: &str| s.replacen(from, to, 1).into_bytes();
    vec![
        (
            "syntax.ron",
            edit("epochs: 300,", "epochs: 300,,"),
            "syntax.ron:5:",
        ),
        (
            "wrong-type.ron",
            edit("epochs: 300", "epochs: \"many\""),
            "wrong-type.ron:5:",
        ),
        (
            "unknown-field.ron",
            edit("mini_batch: 1,", "mini_batch: 1, momentum: 0.9,"),
            "momentum",
        ),
        ("missing-field.ron", edit("cost: Quadratic,", ""), "cost"),
        (
            "negative-eta.ron",
            edit("eta: 0.15", "eta: -0.15"),
            "eta must be a finite number greater than 0",
        ),
        ("nan-eta.ron", edit("eta: 0.15", "eta: NaN"), "eta must be"),
        (
            "zero-layer.ron",
            edit("layers: [1, 1]", "layers: [1, 0]"),
            "at least one neuron",
        ),
        (
            "mismatched-weights.ron",
            edit("w: [2.0]", "w: [2.0, 1.0]"),
            "w has 2 weights",
        ),
        (
            "absurd-sizes.ron",
            edit("layers: [1, 1]", "layers: [1, 1000000, 1000000, 1]"),
            "limit",
        ),
        (
            "bad-pair.ron",
            edit("cost: Quadratic", "cost: LogLikelihood"),
            "softmax",
        ),
        (
            "not-utf8.ron",
            vec![0xff, 0xfe, b'P', 0x80],
            "not valid UTF-8",
        ),
        ("empty.ron", Vec::new(), "empty.ron:1:1"),
        ("huge.ron", vec![b' '; 50 * 1024 * 1024], "at most"),
    ]
}

#[test]
fn check_and_run_refuse_every_bad_preset_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes, words) in bad_files() {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let path = path.to_str().expect("utf-8 path");
        for cmd in ["check", "run"] {
            let (code, out, err) = nnlab(&[cmd, path]);
            assert_eq!(code, 1, "{cmd} {name}: exit code; stderr {err}");
            assert!(out.is_empty(), "{cmd} {name}: printed {out}");
            assert!(err.contains(words), "{cmd} {name}: {err:?} lacks {words:?}");
            assert!(
                err.contains(name),
                "{cmd} {name}: the message names the file: {err}"
            );
            assert_eq!(
                err.trim_end().lines().count(),
                1,
                "{cmd} {name}: one message: {err}"
            );
            assert!(!err.contains("panicked"), "{cmd} {name}: {err}");
        }
    }
}

#[test]
fn a_missing_file_and_bad_arguments_are_refused() {
    let (code, _, err) = nnlab(&["check", "/nonexistent/dir/p.ron"]);
    assert_eq!(code, 1);
    assert!(err.contains("no such file"), "{err}");
    let (code, _, err) = nnlab(&["run", "slowdown", "--every", "0"]);
    assert_eq!(code, 2, "clap refuses --every 0: {err}");
    let (code, _, err) = nnlab(&["run", "slowdown", "--data", "/tmp"]);
    assert_eq!(code, 1);
    assert!(err.contains("MNIST"), "--data on a non-MNIST preset: {err}");
    let (code, _, err) = nnlab(&["run", "mnist-cross-entropy-30", "--data", "/nonexistent"]);
    assert_eq!(code, 1);
    assert!(
        !err.contains("panicked") && err.contains("/nonexistent"),
        "{err}"
    );
}

#[test]
fn a_huge_eta_diverges_on_every_preset_and_the_other_runs_go_on() {
    for (name, _) in BUILTIN {
        let mut preset = Preset::builtin(name).expect("listed").expect("valid");
        preset.runs[0].eta = 1e6;
        let mut session = Session::new(preset).expect("session");
        for _ in 0..5 {
            session.step();
        }
        assert!(
            session.runs[0].diverged_at().is_some(),
            "{name}: eta = 1e6 did not diverge"
        );
        for run in &session.runs[1..] {
            assert_eq!(
                run.diverged_at(),
                None,
                "{name}: {} diverged too",
                run.config.label
            );
            assert_eq!(run.epoch, 5, "{name}: {} stopped", run.config.label);
        }
    }
}
