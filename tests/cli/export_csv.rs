//! The lab's `e` export holds every epoch of every run, byte for byte what
//! `nnlab run --format csv` prints for the same preset, seed and epochs, also where the lab's
//! History is thinned, and also after settings changed mid-run (a restart starts every run again).

use crate::support::tui as common_tui;

use common_tui::trained_app;
use nnlab::trainer::{Command as TrainerCommand, Param, RunState, Trainer};
use nnlab::tui::app::App;
use nnlab::{Preset, Session};
use std::process::Command;
use std::time::{Duration, Instant};

fn nnlab_run_csv(preset: &str, epochs: u64) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(["run", preset, "--format", "csv", "--epochs"])
        .arg(epochs.to_string())
        .output()
        .expect("nnlab runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn export(app: &mut App) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    app.ui.export_dir = dir.path().to_path_buf();
    app.export();
    app.wait_file_job();
    let status = app.status.clone().expect("a status");
    assert!(!status.error, "{}", status.text);
    let path = std::fs::read_dir(dir.path())
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .expect("an exported CSV");
    assert!(
        status.text.contains(&path.display().to_string()),
        "{}",
        status.text
    );
    std::fs::read_to_string(path).expect("read csv")
}

fn assert_same(exported: &str, expected: &str) {
    assert_eq!(exported.len(), expected.len(), "same size");
    if let Some((k, (a, b))) = exported
        .lines()
        .zip(expected.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
    {
        panic!("line {k} differs:\n export: {a}\n    run: {b}");
    }
    assert!(exported == expected);
}

#[test]
fn export_equals_nnlab_run_at_300_epochs() {
    let mut app = trained_app("slowdown", 300);
    let exported = export(&mut app);
    let expected = nnlab_run_csv("slowdown", 300);
    assert_eq!(expected.lines().count(), 1 + 2 * 301);
    assert_same(&exported, &expected);
}

#[test]
fn export_equals_nnlab_run_at_100000_epochs_though_the_history_is_thinned() {
    let mut app = trained_app("slowdown", 100_000);
    let kept = app.store.histories[0].cost.points().len();
    assert!(
        kept < 100_001,
        "the lab's history is thinned ({kept} points)"
    );
    let exported = export(&mut app);
    let expected = nnlab_run_csv("slowdown", 100_000);
    assert_eq!(exported.lines().count(), 1 + 2 * 100_001);
    assert_same(&exported, &expected);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("exported 200002 rows"))
    );
}

/// Feeds the app every event the trainer sends until `done` holds (or 30 s pass).
fn pump(app: &mut App, trainer: &Trainer, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(app) {
        assert!(Instant::now() < deadline, "trainer too slow");
        if let Ok(e) = trainer.events.recv_timeout(Duration::from_millis(50)) {
            app.on_event(e);
        }
    }
}

#[test]
fn export_replays_settings_changed_mid_run_at_the_epoch_the_trainer_took_them() {
    let preset = Preset::load("slowdown").expect("built-in");
    let trainer = Trainer::spawn(Session::new(preset.clone()).expect("session"));
    let mut app = App::new(preset.clone(), false);
    pump(&mut app, &trainer, |a| a.store.journal.is_some());
    trainer.send(TrainerCommand::Step(40));
    pump(&mut app, &trainer, |a| {
        a.store.epoch == 40 && a.store.state == RunState::Paused
    });
    trainer.send(TrainerCommand::Set(0, Param::Eta(0.05)));
    trainer.send(TrainerCommand::Set(1, Param::MiniBatch(1)));
    trainer.send(TrainerCommand::Set(
        1,
        Param::Neuron {
            w: vec![1.5],
            b: -0.5,
        },
    ));
    trainer.send(TrainerCommand::Step(25));
    // The new w and b restarted both runs from epoch 0 (one origin): 25 more is epoch 25.
    pump(&mut app, &trainer, |a| {
        a.store
            .journal
            .as_ref()
            .is_some_and(|j| j.changes.len() == 3)
            && a.store.state == RunState::Paused
            && a.store.latest(0).is_some_and(|m| m.epoch == 25)
            && a.store.latest(1).is_some_and(|m| m.epoch == 25)
    });
    trainer.send(TrainerCommand::Set(0, Param::Eta(0.3)));
    trainer.send(TrainerCommand::Step(10));
    pump(&mut app, &trainer, |a| {
        a.store
            .journal
            .as_ref()
            .is_some_and(|j| j.changes.len() == 4)
            && a.store.state == RunState::Paused
            && a.store.latest(0).is_some_and(|m| m.epoch == 35)
    });
    trainer.shutdown();
    let journal = app.store.journal.clone().expect("journal");
    let epochs: Vec<u64> = journal.changes.iter().map(|c| c.epoch).collect();
    assert_eq!(
        epochs,
        vec![40, 40, 0, 25],
        "where the trainer took them (the restart at the new origin)"
    );
    let exported = export(&mut app);

    // The same by hand, on the session's own API: the restart after 40 epochs starts both runs
    // again, run 0 with eta 0.05 (changed at 40), run 1 from w = 1.5, b = -0.5 with
    // mini-batch 1; run 0's eta becomes 0.3 at 25; both do 35 epochs.
    let mut s = Session::new(preset).expect("session");
    let data = s.data.clone();
    let mut expected = String::from(nnlab::export::CSV_HEADER);
    expected.push('\n');
    let row = |label: &str, m: &nnlab::run::EpochMetrics| nnlab::export::csv_row(label, m) + "\n";
    let (run0, rest) = s.runs.split_at_mut(1);
    let (r0, r1) = (&mut run0[0], &mut rest[0]);
    r0.set_eta(0.05).expect("eta");
    r0.reset(None, &data).expect("reset");
    r1.set_mini_batch(1).expect("mini-batch");
    r1.reset(
        Some(nnlab::book::Init::Neuron {
            w: vec![1.5],
            b: -0.5,
        }),
        &data,
    )
    .expect("reset");
    let mut rows0 = vec![row(&r0.config.label.clone(), &r0.metrics(&data))];
    for e in 1..=35 {
        if e == 26 {
            r0.set_eta(0.3).expect("eta");
        }
        rows0.push(row(&r0.config.label.clone(), &r0.train_epoch(&data)));
    }
    let mut rows1 = vec![row(&r1.config.label.clone(), &r1.metrics(&data))];
    for _ in 1..=35 {
        rows1.push(row(&r1.config.label.clone(), &r1.train_epoch(&data)));
    }
    for (r0, r1) in rows0.iter().zip(&rows1) {
        expected += r0;
        expected += r1;
    }
    assert_same(&exported, &expected);
}

fn press(app: &mut App, c: char) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    // e and g write on a thread of their own: wait for the file and its message.
    app.wait_file_job();
}

#[test]
fn g_writes_the_chart_as_nnlab_plot_draws_it_never_overwriting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = trained_app("slowdown", 300);
    app.ui.export_dir = dir.path().to_path_buf();
    press(&mut app, 'g');
    let first = dir.path().join("nnlab-slowdown-cost.svg");
    let status = app.status.clone().expect("status");
    assert!(!status.error, "{}", status.text);
    assert!(
        status.text.contains(&first.display().to_string()),
        "{}",
        status.text
    );
    let svg = std::fs::read_to_string(&first).expect("svg written");

    // The same figure from the command line: C/C0 (the runs' costs differ), linear axis.
    let cli = dir.path().join("cli.svg");
    let out = Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(["plot", "slowdown", "--epochs", "300", "-o"])
        .arg(&cli)
        .output()
        .expect("nnlab plot runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        svg == std::fs::read_to_string(&cli).expect("cli svg"),
        "g's SVG equals nnlab plot's"
    );

    // Again: a new name, the first kept.
    press(&mut app, 'g');
    assert!(dir.path().join("nnlab-slowdown-cost-2.svg").exists());
    assert_eq!(std::fs::read_to_string(&first).expect("first"), svg);

    // The parameters view is what g draws when the lab shows it.
    press(&mut app, 'w');
    press(&mut app, 'g');
    assert!(dir.path().join("nnlab-slowdown-params.svg").exists());

    // An unwritable directory: an error in the status line, no panic.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").expect("write");
    app.ui.export_dir = blocker;
    press(&mut app, 'g');
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("figure"))
    );
}
