//! The headless command line, run as a real process.

use crate::support::cli::nnlab;
use std::process::Command;

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn run_json_reports_every_kth_epoch_with_the_neuron() {
    let (ok, out, err) = nnlab(&[
        "run",
        "quadratic-saturated",
        "--every",
        "50",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let rows = json_lines(&out);
    let epochs: Vec<u64> = rows
        .iter()
        .map(|r| r["epoch"].as_u64().expect("epoch"))
        .collect();
    assert_eq!(epochs, [0, 50, 100, 150, 200, 250, 300]);
    for r in &rows {
        assert_eq!(r["run"], "quadratic");
        for key in ["cost", "b", "a", "z", "dc_db"] {
            assert!(r[key].is_f64(), "{key} in {r}");
        }
        assert!(r["w"].is_array() && r["dc_dw"].is_array());
    }
    let a0 = rows[0]["a"].as_f64().expect("a");
    assert!((a0 - 0.98).abs() < 0.005);
}

#[test]
fn same_seed_same_json_different_seed_different_json() {
    let args = |seed: &'static str| {
        [
            "run",
            "multilayer-cross-entropy",
            "--epochs",
            "5",
            "--seed",
            seed,
            "--format",
            "json",
        ]
    };
    let (ok1, a, _) = nnlab(&args("42"));
    let (ok2, b, _) = nnlab(&args("42"));
    let (ok3, c, _) = nnlab(&args("43"));
    assert!(ok1 && ok2 && ok3);
    assert_eq!(a, b, "same preset and seed must give bit-identical metrics");
    assert_ne!(a, c, "a different seed must give different metrics");
    let rows = json_lines(&a);
    assert_eq!(rows.len(), 2 * 6, "two runs, epochs 0..=5");
    assert!(
        rows.iter()
            .all(|r| r["accuracy"].is_f64() && r["eval_cost"].is_f64())
    );
}

#[test]
fn csv_and_table_formats() {
    let (ok, out, _) = nnlab(&["run", "slowdown", "--epochs", "2", "--format", "csv"]);
    assert!(ok);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("run,epoch,cost"));
    assert_eq!(lines.len(), 1 + 2 * 3);
    assert!(lines[1].starts_with("quadratic,0,"));
    let (ok, out, _) = nnlab(&["run", "slowdown", "--epochs", "2"]);
    assert!(ok);
    assert!(out.contains("cross-entropy") && out.contains("dC/dw"));
}

#[test]
fn presets_lists_every_builtin() {
    let (ok, out, _) = nnlab(&["presets"]);
    assert!(ok);
    for (name, _) in nnlab::preset::BUILTIN {
        assert!(
            out.lines().any(|l| l.starts_with(name)),
            "{name} missing from\n{out}"
        );
    }
}

#[test]
fn check_accepts_good_and_refuses_bad_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.ron");
    std::fs::write(&good, nnlab::preset::BUILTIN[0].1).expect("write");
    let (ok, out, _) = nnlab(&["check", good.to_str().expect("utf8")]);
    assert!(ok, "{out}");
    assert!(out.contains("ok"));
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        nnlab::preset::BUILTIN[0]
            .1
            .replace("eta: 0.15", "eta: -1.0"),
    )
    .expect("write");
    let (ok, _, err) = nnlab(&["check", bad.to_str().expect("utf8")]);
    assert!(!ok);
    assert!(
        err.contains("bad.ron:") && err.contains("eta must be"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    let (ok, _, err) = nnlab(&["run", "no-such-preset"]);
    assert!(!ok && err.contains("built-ins:"), "{err}");
}

#[test]
fn a_huge_eta_diverges_with_a_message_and_no_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wild.ron");
    let src = nnlab::preset::BUILTIN
        .iter()
        .find(|(n, _)| *n == "multilayer-cross-entropy")
        .expect("preset")
        .1
        .replacen("eta: 0.5", "eta: 1e6", 1); // the largest eta accepted (rules::MAX_ETA)
    std::fs::write(&path, src).expect("write");
    let (ok, out, err) = nnlab(&[
        "run",
        path.to_str().expect("utf8"),
        "--epochs",
        "20",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("diverged at epoch"), "{err}");
    assert!(!err.contains("panicked"));
    // the other run goes on to epoch 20
    let rows = json_lines(&out);
    assert!(
        rows.iter()
            .any(|r| r["run"] == "quadratic" && r["epoch"] == 20)
    );
}

#[test]
fn the_csv_example_runs_from_any_directory() {
    let preset = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/csv/rings.ron");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(["run", preset, "--epochs", "30", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("run nnlab");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = json_lines(&String::from_utf8_lossy(&out.stdout));
    let last = rows
        .iter()
        .rev()
        .find(|r| r["run"] == "softmax + log-likelihood")
        .expect("row");
    assert_eq!(last["epoch"], 30);
    // 60 held-out rows; the network learns the two rings.
    assert!(last["accuracy"].as_f64().expect("accuracy") > 0.9, "{last}");
}

#[test]
fn presets_never_cut_and_long_prints_every_description_whole() {
    let (ok, short, _) = nnlab(&["presets"]);
    assert!(ok);
    let (ok, long, _) = nnlab(&["presets", "--long"]);
    assert!(ok);
    assert!(!short.contains("..."), "{short}");
    for (name, _) in nnlab::preset::BUILTIN {
        let preset = nnlab::Preset::builtin(name)
            .expect("listed")
            .expect("valid");
        let first = preset.first_sentence();
        assert!(
            first.ends_with('.') || first == preset.description,
            "{name}: {first}"
        );
        assert!(
            short.contains(first),
            "{name}: {first:?} not whole in\n{short}"
        );
        assert!(
            long.contains(&preset.description),
            "{name}: description not whole"
        );
    }
    assert!(long.len() > short.len());
}
