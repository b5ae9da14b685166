//! The whole tour walked in the real binary in a pseudo-terminal: every step predicted, run and
//! Judged with keys, then quit, restarted (the progress resumes), reset and restarted again.

#![cfg(unix)]

use crate::support::pty as common_pty;

use common_pty::Pty;
use std::path::Path;
use std::time::Duration;

/// The tour in a 45x140 terminal on `data`; the waits are generous (an MNIST step trains on a
/// loaded machine) and each key is followed by a short pause as a typist's.
fn start(data: &Path) -> Pty {
    Pty::builder()
        .size(45, 140)
        .dir(data)
        .args(&["tour"])
        .timeout(Duration::from_secs(120))
        .key_delay(Duration::from_millis(60))
        .start()
}

/// The header line.
fn header(t: &str) -> &str {
    t.lines().next().unwrap_or("")
}

/// True when the header shows `preset` freshly loaded: paused at epoch 0.
fn loaded(t: &str, preset: &str) -> bool {
    let h = header(t);
    h.contains(&format!("nnlab {preset} ")) && h.contains("paused") && h.contains("epoch 0/")
}

fn judged(t: &str) -> bool {
    t.contains("Right: ") || t.contains("Not this time: ")
}

#[test]
fn walks_the_whole_tour_with_keys_quits_resumes_and_resets() {
    let data = tempfile::tempdir().expect("tempdir");
    let tour = nnlab::tour::Tour::builtin().expect("tour");
    let n = tour.steps.len();
    let mut lab = start(data.path());
    lab.wait("the first step", |t| {
        t.contains(&format!("Tour 1/{n} (0 done)")) && t.contains(&tour.steps[0].title)
    });
    // The fastest pace, so each run takes a moment.
    for _ in 0..8 {
        lab.send(b"]");
    }
    lab.wait("the fastest pace", |t| header(t).contains("pace max"));
    let mut right = 0;
    for (i, step) in tour.steps.iter().enumerate() {
        lab.wait("the step", |t| {
            t.contains(&format!("Tour {}/{n}", i + 1)) && t.contains(&step.preset)
        });
        // The step's preset is loaded (the tour names it at once; the trainer loads it after,
        // an MNIST one takes a while, and its arrival replaces the status line).
        lab.wait("the step's preset loaded", |t| loaded(t, &step.preset));
        let q = step.question.as_ref().expect("every shipped step asks");
        lab.send(b"a");
        if q.options().is_empty() {
            lab.wait("the number entry", |t| t.contains("your answer: _"));
            lab.send(b"1");
            lab.wait("the typed answer", |t| t.contains("your answer: 1_"));
            lab.send(b"\r");
        } else {
            lab.wait("the option prompt", |t| t.contains("your answer: press a-"));
            lab.send(b"a");
        }
        lab.wait("the prediction saved", |t| t.contains("prediction saved"));
        lab.send(b" ");
        if step.check_epochs.is_some() {
            // MNIST: judge on the epochs run so far with v, without waiting for all 30.
            lab.wait("two epochs", |t| {
                t.contains("epoch 2/") || t.contains("epoch 3/") || t.contains("epoch 4/")
            });
            lab.send(b" ");
            lab.wait("paused", |t| t.contains("paused"));
            lab.send(b"f");
            lab.wait("the judgement so far", |t| {
                judged(t) && t.contains("judged on the")
            });
        } else {
            lab.wait("the run judged when it finishes", |t| {
                judged(t) && t.contains("finished") && t.contains("What happened")
            });
        }
        if lab.text().contains("Right: ") {
            right += 1;
        }
        lab.wait("the step marked done", |t| {
            t.contains(&format!("({} done)", i + 1))
        });
        if i + 1 < n {
            lab.send(b">");
        }
    }
    lab.quit();

    // The progress file holds every step with its answer.
    let path = nnlab::tour::Progress::path(&data.path().join("nnlab"), &tour.name);
    let (progress, note) = nnlab::tour::Progress::load(&path);
    assert!(note.is_none(), "{note:?}");
    assert_eq!(progress.done_count(&tour), n);
    assert_eq!(progress.current, n - 1);
    assert_eq!(
        progress
            .steps
            .values()
            .filter(|s| s.right == Some(true))
            .count(),
        right
    );
    for s in &tour.steps {
        assert!(progress.steps[&s.id].answer.is_some(), "{}", s.id);
    }

    // Restart: the tour resumes at the last step, everything done, and going back shows the
    // earlier step with its saved answer.
    let mut lab = start(data.path());
    lab.wait("the resumed tour", |t| {
        t.contains(&format!("Tour {n}/{n} ({n} done)")) && t.contains(&tour.steps[n - 1].title)
    });
    lab.send(b"<");
    lab.wait("the previous step with its saved answer", |t| {
        t.contains(&format!("Tour {}/{n}", n - 1))
            && t.contains(&tour.steps[n - 2].title)
            && t.contains("judged earlier")
    });
    lab.quit();

    // Reset, and the tour starts over.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(["tour", "--reset"])
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path())
        .output()
        .expect("reset");
    assert!(o.status.success());
    let mut lab = start(data.path());
    lab.wait("a fresh start", |t| {
        t.contains(&format!("Tour 1/{n} (0 done)")) && t.contains(&tour.steps[0].title)
    });
    lab.quit();
}

#[test]
fn a_corrupt_progress_file_is_reported_and_the_tour_starts_afresh() {
    let data = tempfile::tempdir().expect("tempdir");
    let tour = nnlab::tour::Tour::builtin().expect("tour");
    let path = nnlab::tour::Progress::path(&data.path().join("nnlab"), &tour.name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, "\u{0}garbage(((").expect("write");
    let mut lab = start(data.path());
    lab.wait("the warning and step 1", |t| {
        t.contains("Tour 1/") && t.contains("ignored")
    });
    lab.quit();
}
