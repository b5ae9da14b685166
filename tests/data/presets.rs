//! Every shipped preset parses, validates and trains; malformed presets fail with a message
//! Naming the line and column.

use nnlab::preset::BUILTIN;
use nnlab::{Preset, Session};
use std::path::Path;

#[test]
fn every_builtin_parses_validates_and_runs() {
    for (name, _) in BUILTIN {
        let preset = Preset::builtin(name)
            .expect("listed")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            &preset.name, name,
            "a preset's name matches its built-in name"
        );
        assert!(!preset.description.is_empty());
        let mut session = Session::new(preset).unwrap_or_else(|e| panic!("{name}: {e}"));
        let before = session.metrics();
        let mut after = before.clone();
        for _ in 0..3 {
            after = session.step();
        }
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(a.epoch, 3);
            assert!(a.cost.is_finite(), "{name}: cost {}", a.cost);
            assert!(a.cost != b.cost, "{name}: three epochs changed nothing");
        }
    }
}

#[test]
fn every_file_in_presets_is_a_builtin_and_identical() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("presets/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "ron") {
            files += 1;
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("name");
            let (_, src) = BUILTIN
                .iter()
                .find(|(n, _)| *n == stem)
                .unwrap_or_else(|| panic!("{stem}.ron is not embedded as a built-in"));
            let on_disk = std::fs::read_to_string(&path).expect("read");
            assert_eq!(&on_disk, src);
            Preset::read_file(&path).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    assert_eq!(files, BUILTIN.len());
}

#[test]
fn a_preset_round_trips_through_ron() {
    for (name, _) in BUILTIN {
        let preset = Preset::builtin(name).expect("listed").expect("valid");
        let text = preset.to_ron().expect("serialize");
        let back =
            Preset::parse(&text, "round-trip").unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert_eq!(back, preset);
    }
}

const GOOD_RUN: &str = r#"(label: "q", layers: [1, 1], cost: Quadratic, eta: 0.15, mini_batch: 1, init: Neuron(w: [0.6], b: 0.9))"#;

fn preset_with(run: &str) -> String {
    format!(
        "Preset(\n    name: \"t\",\n    description: \"d\",\n    epochs: 10,\n    data: Inline(inputs: [[1.0]], targets: [[0.0]]),\n    runs: [\n        {run},\n    ],\n)\n"
    )
}

#[test]
fn the_table_of_good_input_parses() {
    Preset::parse(&preset_with(GOOD_RUN), "good.ron").expect("the baseline of the table is valid");
}

/// (what is wrong, source, line, column, words the message must contain)
fn malformed() -> Vec<(&'static str, String, usize, usize, &'static str)> {
    let run = |from: &str, to: &str| preset_with(&GOOD_RUN.replace(from, to));
    vec![
        (
            "negative eta",
            run("eta: 0.15", "eta: -0.5"),
            7,
            60,
            "eta must be a finite number greater than 0",
        ),
        (
            "zero eta",
            run("eta: 0.15", "eta: 0.0"),
            7,
            60,
            "greater than 0",
        ),
        (
            "NaN eta",
            run("eta: 0.15", "eta: NaN"),
            7,
            60,
            "eta must be",
        ),
        (
            "eta of the wrong type",
            run("eta: 0.15", "eta: \"fast\""),
            7,
            59,
            "Expected float",
        ),
        (
            "unknown field",
            run("mini_batch: 1", "mini_batch: 1, momentum: 0.9"),
            7,
            81,
            "momentum",
        ),
        ("missing field", run("cost: Quadratic, ", ""), 7, 94, "cost"),
        ("unknown cost", run("Quadratic", "Hinge"), 7, 44, "Hinge"),
        (
            "empty layers",
            run("layers: [1, 1]", "layers: []"),
            7,
            31,
            "layers",
        ),
        (
            "zero-sized layer",
            run("layers: [1, 1]", "layers: [1, 0]"),
            7,
            35,
            "at least one neuron",
        ),
        (
            "absurd layer sizes",
            run("layers: [1, 1]", "layers: [1, 100000, 100000, 1]"),
            7,
            51,
            "limit",
        ),
        (
            "zero mini-batch",
            run("mini_batch: 1", "mini_batch: 0"),
            7,
            78,
            "a whole number from 1 to",
        ),
        (
            "layer size not matching the data",
            run("layers: [1, 1]", "layers: [2, 1]"),
            7,
            17,
            "2 inputs",
        ),
        (
            "explicit weights of the wrong size",
            run("w: [0.6]", "w: [0.6, 0.1]"),
            7,
            17,
            "w has 2 weights",
        ),
        (
            "log-likelihood without softmax",
            run("Quadratic", "LogLikelihood"),
            7,
            17,
            "softmax",
        ),
        (
            "cross-entropy with linear outputs",
            run("cost: Quadratic", "output: Linear, cost: CrossEntropy"),
            7,
            17,
            "linear",
        ),
        (
            "syntax error",
            preset_with(GOOD_RUN).replace("epochs: 10,", "epochs: 10,,"),
            4,
            16,
            "",
        ),
        (
            // the string runs on to the next quote, on the run's line, where a comma is missing
            "unclosed string",
            preset_with(GOOD_RUN).replace("\"d\"", "\"d"),
            7,
            18,
            "Expected comma",
        ),
        (
            "no runs",
            preset_with("").replace("        ,\n", ""),
            6,
            5,
            "at least one run",
        ),
        (
            "duplicate label",
            preset_with(&format!("{GOOD_RUN}, {GOOD_RUN}")),
            7,
            17,
            "labelled",
        ),
    ]
}

#[test]
fn malformed_presets_name_line_and_column() {
    for (what, source, line, col, words) in malformed() {
        let Err(err) = Preset::parse(&source, "bad.ron") else {
            panic!("{what}: accepted\n{source}")
        };
        let text = err.to_string();
        assert!(err.position.is_some(), "{what}: no position in {text:?}");
        let (l, c) = err.position.unwrap_or_default();
        assert_eq!(l, line, "{what}: line in {text:?}\n{source}");
        // serde errors point just past the offending value; cross-field errors at the run's label
        assert_eq!(c, col, "{what}: column in {text:?}");
        assert!(
            text.starts_with(&format!("bad.ron:{l}:{c}: ")),
            "{what}: {text}"
        );
        assert!(text.contains(words), "{what}: {text:?} lacks {words:?}");
    }
}

#[test]
fn files_that_are_not_presets_are_refused_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.ron", Vec::new(), "empty.ron:1:1"),
        (
            "binary.ron",
            vec![b'P', b'r', 0xff, 0xfe, 0x00],
            "not valid UTF-8",
        ),
        ("text.ron", b"hello world".to_vec(), "text.ron:1:"),
    ];
    for (name, bytes, words) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let err = Preset::read_file(&path).expect_err(name).to_string();
        assert!(err.contains(words), "{name}: {err}");
    }
    let big = dir.path().join("big.ron");
    std::fs::write(&big, vec![b' '; 50 * 1024 * 1024]).expect("write");
    let err = Preset::read_file(&big).expect_err("50 MB").to_string();
    assert!(err.contains("at most"), "{err}");
}
