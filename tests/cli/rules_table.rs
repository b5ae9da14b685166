//! Every refusal of `nnlab_core::rules`, through `nnlab check`, `nnlab run` and the lab's editor,
//! With one wording: the message of the engine's typed error, whatever the interface.

use crate::support::cli::nnlab_code as nnlab;
use nnlab::Preset;
use nnlab::book::Cost;
use nnlab::rules::RuleError;
use nnlab::tui::app::App;
use nnlab::tui::fields::Field;

/// A one-run preset; every placeholder is a field of the run or the data.
struct P {
    epochs: &'static str,
    targets: &'static str,
    layers: &'static str,
    output: &'static str,
    cost: &'static str,
    eta: &'static str,
    mini_batch: &'static str,
    update: &'static str,
    init: &'static str,
}

const GOOD: P = P {
    epochs: "5",
    targets: "[[0.0]]",
    layers: "[1, 1]",
    output: "Sigmoid",
    cost: "Quadratic",
    eta: "0.5",
    mini_batch: "1",
    update: "Gradient",
    init: "Scaled",
};

impl P {
    fn ron(&self) -> String {
        format!(
            "Preset(\n    name: \"t\",\n    description: \"a rule\",\n    epochs: {},\n    data: Inline(inputs: [[1.0]], targets: {}),\n    runs: [\n        (\n            label: \"r\",\n            layers: {},\n            output: {},\n            cost: {},\n            eta: {},\n            mini_batch: {},\n            init: {},\n            update: {},\n        ),\n    ],\n)\n",
            self.epochs,
            self.targets,
            self.layers,
            self.output,
            self.cost,
            self.eta,
            self.mini_batch,
            self.init,
            self.update
        )
    }
}

struct Case {
    what: &'static str,
    /// The preset that breaks the rule (for check and run).
    bad: P,
    /// The preset the editor starts from, and what is typed into which field.
    editor: (P, Field, &'static str),
    /// The refusal.
    error: RuleError,
}

fn softmax3(cost: &'static str, targets: &'static str) -> P {
    P {
        targets,
        layers: "[1, 3]",
        output: "Softmax(c: 1.0)",
        cost,
        ..GOOD
    }
}

fn cases() -> Vec<Case> {
    let got = |s: &str| s.to_string();
    vec![
        Case {
            what: "eta zero",
            bad: P { eta: "0.0", ..GOOD },
            editor: (GOOD, Field::Eta(0), "0"),
            error: RuleError::Eta { got: got("0") },
        },
        Case {
            what: "eta above 1e6",
            bad: P { eta: "2e6", ..GOOD },
            editor: (GOOD, Field::Eta(0), "2e6"),
            error: RuleError::Eta {
                got: got("2000000"),
            },
        },
        Case {
            what: "mini-batch zero",
            bad: P {
                mini_batch: "0",
                ..GOOD
            },
            editor: (GOOD, Field::MiniBatch(0), "0"),
            error: RuleError::MiniBatch { got: got("0") },
        },
        Case {
            what: "mini-batch above the cap",
            bad: P {
                mini_batch: "10000001",
                ..GOOD
            },
            editor: (GOOD, Field::MiniBatch(0), "10000001"),
            error: RuleError::MiniBatch {
                got: got("10000001"),
            },
        },
        Case {
            what: "no epochs",
            bad: P {
                epochs: "0",
                ..GOOD
            },
            editor: (GOOD, Field::Epochs, "0"),
            error: RuleError::Epochs { got: got("0") },
        },
        Case {
            what: "too many epochs",
            bad: P {
                epochs: "2000000000",
                ..GOOD
            },
            editor: (GOOD, Field::Epochs, "2000000000"),
            error: RuleError::Epochs {
                got: got("2000000000"),
            },
        },
        Case {
            what: "cross-entropy target above 1",
            bad: P {
                targets: "[[1.5]]",
                cost: "CrossEntropy",
                ..GOOD
            },
            editor: (
                P {
                    targets: "[[1.5]]",
                    ..GOOD
                },
                Field::Cost(0),
                "cross-entropy",
            ),
            error: RuleError::CrossEntropyTarget {
                example: 0,
                value: 1.5,
            },
        },
        Case {
            what: "log-likelihood target summing to 2",
            bad: softmax3("LogLikelihood", "[[0.0, 1.0, 1.0]]"),
            editor: (
                softmax3("Quadratic", "[[0.0, 1.0, 1.0]]"),
                Field::Cost(0),
                "log-likelihood",
            ),
            error: RuleError::LogLikelihoodTarget {
                example: 0,
                target: vec![0.0, 1.0, 1.0],
            },
        },
        Case {
            what: "log-likelihood target of zeros",
            bad: softmax3("LogLikelihood", "[[0.0, 0.0, 0.0]]"),
            editor: (
                softmax3("Quadratic", "[[0.0, 0.0, 0.0]]"),
                Field::Cost(0),
                "log-likelihood",
            ),
            error: RuleError::LogLikelihoodTarget {
                example: 0,
                target: vec![0.0, 0.0, 0.0],
            },
        },
        Case {
            what: "book-demo with the quadratic cost",
            bad: P {
                update: "BookDemo",
                ..GOOD
            },
            editor: (
                P {
                    update: "BookDemo",
                    cost: "CrossEntropy",
                    ..GOOD
                },
                Field::Cost(0),
                "quadratic",
            ),
            error: RuleError::BookDemoQuadratic,
        },
        Case {
            what: "a starting weight past the divergence limit",
            bad: P {
                init: "Neuron(w: [20000.0], b: 0.0)",
                ..GOOD
            },
            editor: (
                P {
                    init: "Neuron(w: [2.0], b: 2.0)",
                    ..GOOD
                },
                Field::W(0, 0),
                "20000",
            ),
            error: RuleError::Start {
                name: got("w"),
                got: got("20000"),
            },
        },
    ]
}

#[test]
fn every_refusal_has_one_wording_in_check_run_and_the_editor() {
    let dir = tempfile::tempdir().expect("tempdir");
    for case in cases() {
        let words = case.error.to_string();
        let (what, name) = (case.what, "bad.ron");
        let path = dir.path().join(name);
        std::fs::write(&path, case.bad.ron()).expect("write");
        let path = path.to_str().expect("utf-8 path");
        for cmd in ["check", "run"] {
            let (code, out, err) = nnlab(&[cmd, path]);
            assert_eq!(code, 1, "{what}: {cmd} exit code; {err}");
            assert!(out.is_empty(), "{what}: {cmd} printed {out}");
            assert!(
                err.contains(&words),
                "{what}: {cmd}: {err:?} lacks {words:?}"
            );
            // file:line:column, then the message
            let after = err.split_once(&format!("{name}:")).map(|(_, a)| a);
            let pos: Vec<&str> = after.map_or(vec![], |a| a.splitn(3, ':').take(2).collect());
            assert!(
                pos.len() == 2 && pos.iter().all(|p| p.parse::<usize>().is_ok()),
                "{what}: {cmd}: no line and column in {err:?}"
            );
        }

        let (start, field, text) = case.editor;
        let preset = Preset::parse(&start.ron(), "start.ron").expect("the editor's start is valid");
        let mut app = App::new(preset.clone(), true);
        app.commit_text(field, text);
        let status = app.status.clone().expect("a status line");
        assert!(status.error, "{what}: editor accepted {text:?}");
        assert!(
            status.text.contains(&words),
            "{what}: editor says {:?}, lacks {words:?}",
            status.text
        );
        assert_eq!(app.preset, preset, "{what}: the editor kept the old value");
        assert!(app.outbox.is_empty(), "{what}: nothing sent to the trainer");
        if let Field::Cost(_) = field {
            let offered = app.preset.costs_offered(0);
            assert!(
                !offered.iter().any(|c| c.name() == text),
                "{what}: the editor offers {text} ({offered:?})"
            );
            assert!(offered.contains(&app.preset.runs[0].cost));
        }
    }
}

#[test]
fn run_epochs_obeys_the_same_rule_as_presets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("good.ron");
    std::fs::write(&path, GOOD.ron()).expect("write");
    let path = path.to_str().expect("utf-8 path");
    for bad in [0_u64, 2_000_000_000] {
        let words = RuleError::Epochs {
            got: bad.to_string(),
        }
        .to_string();
        let (code, out, err) = nnlab(&["run", path, "--epochs", &bad.to_string()]);
        assert_eq!(code, 1, "--epochs {bad}: {err}");
        assert!(out.is_empty());
        assert!(
            err.contains(&words),
            "--epochs {bad}: {err:?} lacks {words:?}"
        );
    }
    // The seed: the same parse in `run --seed` and in the editor.
    let words = RuleError::Seed {
        got: "\"x1\"".into(),
    }
    .to_string();
    let (code, _, err) = nnlab(&["run", path, "--seed", "x1"]);
    assert_ne!(code, 0);
    assert!(err.contains(&words), "{err:?} lacks {words:?}");
    let preset = Preset::parse(&GOOD.ron(), "good.ron").expect("valid");
    let mut app = App::new(preset, true);
    app.commit_text(Field::Seed(0), "x1");
    let status = app.status.clone().expect("a status line");
    assert!(status.error && status.text.contains(&words), "{status:?}");
    let (code, out, err) = nnlab(&["run", path, "--epochs", "2", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().count() >= 3, "{out}");
}

#[test]
fn targets_the_book_allows_are_accepted() {
    for p in [
        P {
            targets: "[[0.3]]",
            cost: "CrossEntropy",
            ..GOOD
        },
        softmax3("LogLikelihood", "[[0.2, 0.3, 0.5]]"),
        P {
            targets: "[[1.5]]",
            ..GOOD
        },
        P {
            update: "BookDemo",
            cost: "CrossEntropy",
            ..GOOD
        },
    ] {
        let preset = Preset::parse(&p.ron(), "ok.ron").expect("valid");
        assert!(!preset.costs_offered(0).is_empty());
    }
    // A softmax layer offers both of its costs when the targets are distributions.
    let preset =
        Preset::parse(&softmax3("Quadratic", "[[0.0, 1.0, 0.0]]").ron(), "ok.ron").expect("valid");
    assert_eq!(
        preset.costs_offered(0),
        vec![Cost::Quadratic, Cost::LogLikelihood]
    );
}
