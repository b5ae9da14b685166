//! Output that goes nowhere. A reader that leaves (`| head -1`) ends nnlab
//! Quietly with success; output that cannot be written (`> /dev/full`) is an error.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_exits_quietly_with_success() {
    // Outputs of megabytes: far more than a pipe buffers, so nnlab is still writing when the
    // reader leaves.
    for args in [
        &["run", "slowdown", "--epochs", "100000", "--every", "1"][..],
        &[
            "run", "slowdown", "--epochs", "100000", "--every", "1", "--format", "csv",
        ][..],
        &[
            "run", "slowdown", "--epochs", "100000", "--every", "1", "--format", "json",
        ][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nnlab"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("first line");
        assert!(!first.is_empty());
        // The reader is gone (like head after one line).
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}, {stderr}", out.status);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error() {
    for args in [&["run", "slowdown"][..], &["exercises"][..]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(env!("CARGO_BIN_EXE_nnlab"))
            .args(args)
            .stdout(full)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded on /dev/full");
        assert!(stderr.contains("cannot write output"), "{stderr}");
    }
}

/// A preset whose cost is 5e299 and whose gradient is -1e150.
const BIG: &str = r#"Preset(name: "big", description: "", epochs: 1, seed: 1,
    data: Inline(inputs: [[1.0]], targets: [[1e150]]),
    runs: [(label: "a", layers: [1, 1], output: Linear, cost: Quadratic, eta: 1e-320,
            mini_batch: 1, init: Scaled)])"#;

#[test]
fn huge_numbers_print_in_scientific_notation_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.ron");
    std::fs::write(&path, BIG).expect("write");
    for format in ["table", "csv", "json"] {
        let out = Command::new(env!("CARGO_BIN_EXE_nnlab"))
            .args(["run", path.to_str().expect("utf-8"), "--format", format])
            .output()
            .expect("run");
        assert!(out.status.success(), "{format}: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("e299") || text.contains("e+299"),
            "{format}: {text}"
        );
        assert!(
            text.contains("e150") || text.contains("e+150"),
            "{format}: {text}"
        );
        for line in text.lines() {
            assert!(
                line.len() < 250,
                "{format}: a line of {} chars: {line}",
                line.len()
            );
        }
    }
}

#[test]
fn nudging_a_subnormal_eta_gives_a_number_not_nan() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use nnlab::Preset;
    use nnlab::trainer::{Command as TrainerCommand, Param};
    use nnlab::tui::app::App;
    use nnlab::tui::fields::{Field, fields};
    let preset = Preset::parse(BIG, "big.ron").expect("preset");
    let mut app = App::new(preset.clone(), false);
    app.lab.focus = nnlab::tui::app::Focus::Params;
    app.lab.field = fields(&preset)
        .iter()
        .position(|f| *f == Field::Eta(0))
        .expect("an eta field");
    for code in [KeyCode::Right, KeyCode::Left, KeyCode::Left] {
        app.outbox.clear();
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
        if let Some(s) = &app.status {
            assert!(!s.error, "{code:?}: {}", s.text);
            assert!(!s.text.contains("NaN"), "{code:?}: {}", s.text);
        }
        let eta = app.outbox.iter().find_map(|c| match c {
            TrainerCommand::Set(0, Param::Eta(e)) => Some(*e),
            _ => None,
        });
        let eta = eta.unwrap_or_else(|| panic!("{code:?} sent no eta; status {:?}", app.status));
        assert!(eta.is_finite() && eta > 0.0, "{code:?}: eta {eta}");
    }
}
