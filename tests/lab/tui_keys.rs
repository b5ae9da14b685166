//! Key handling on the app state, without a terminal: what each key changes and which command
//! It sends to the trainer; invalid values are refused and the old value kept.

use crate::support::tui as common_tui;

use common_tui::trained_app;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use nnlab::book::Cost;
use nnlab::trainer::{Command, Event, Pace, Param, RunState};
use nnlab::tui::app::{App, Focus, Mode, Tab};
use nnlab::tui::fields::Field;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(key(code));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn select(app: &mut App, field: Field) {
    app.lab.focus = Focus::Params;
    let i = app
        .fields()
        .iter()
        .position(|f| *f == field)
        .expect("field");
    app.lab.field = i;
}

#[test]
fn space_starts_and_pauses_and_releases_are_ignored() {
    let mut app = trained_app("slowdown", 0);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.outbox, vec![Command::Start]);
    app.outbox.clear();
    app.on_event(Event::State(RunState::Running));
    let mut release = key(KeyCode::Char(' '));
    release.kind = KeyEventKind::Release;
    release.state = KeyEventState::NONE;
    app.on_key(release);
    assert!(app.outbox.is_empty(), "a release must not act");
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.outbox, vec![Command::Pause]);
}

#[test]
fn step_reset_speed_and_quit() {
    let mut app = trained_app("slowdown", 0);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('r'));
    let before = app.ui.pace;
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.ui.pace, before + 1);
    press(&mut app, KeyCode::Char('['));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.ui.pace, before - 1);
    assert_eq!(app.outbox[0], Command::Step(1));
    assert_eq!(app.outbox[1], Command::Reset);
    assert!(matches!(app.outbox[2], Command::Speed(Pace::PerSecond(_))));
    assert!(!app.quit);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
    let mut app = trained_app("slowdown", 0);
    app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}

#[test]
fn eta_nudges_live_and_shift_is_coarse() {
    let mut app = trained_app("slowdown", 0);
    select(&mut app, Field::Eta(1));
    press(&mut app, KeyCode::Right);
    assert!((app.shown_run(1).expect("run").eta - 0.165).abs() < 1e-12);
    assert_eq!(app.outbox, vec![Command::Set(1, Param::Eta(0.165))]);
    app.on_key(KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT));
    assert!((app.shown_run(1).expect("run").eta - 0.33).abs() < 1e-12);
    assert_eq!(
        app.shown_run(0).expect("run").eta,
        0.15,
        "the other run is untouched"
    );
    assert_eq!(app.lab.selected_run, 1);
}

#[test]
fn cost_cycles_through_the_valid_costs_only() {
    let mut app = trained_app("slowdown", 0);
    select(&mut app, Field::Cost(0));
    press(&mut app, KeyCode::Right);
    assert_eq!(app.shown_run(0).expect("run").cost, Cost::CrossEntropy);
    press(&mut app, KeyCode::Right);
    // Log-likelihood needs softmax outputs: a sigmoid neuron goes back to quadratic.
    assert_eq!(app.shown_run(0).expect("run").cost, Cost::Quadratic);
    assert_eq!(
        app.outbox,
        vec![
            Command::Set(0, Param::Cost(Cost::CrossEntropy)),
            Command::Set(0, Param::Cost(Cost::Quadratic))
        ]
    );
    // Typing an invalid cost is refused with the reason.
    press(&mut app, KeyCode::Enter);
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "log-likelihood");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.shown_run(0).expect("run").cost, Cost::Quadratic);
    let status = app.status.clone().expect("status");
    assert!(
        status.error && status.text.contains("softmax"),
        "{status:?}"
    );
}

#[test]
fn typed_values_are_validated_and_bad_ones_refused() {
    let mut app = trained_app("slowdown", 0);
    select(&mut app, Field::Eta(0));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay.mode, Mode::Edit { .. }));
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "-3");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay.mode, Mode::Normal);
    assert_eq!(app.shown_run(0).expect("run").eta, 0.15, "old value kept");
    assert!(app.outbox.is_empty());
    let status = app.status.clone().expect("status");
    assert!(status.error && status.text.contains("eta"), "{status:?}");

    press(&mut app, KeyCode::Enter);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "abc");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.shown_run(0).expect("run").eta, 0.15);
    assert!(app.status.as_ref().is_some_and(|s| s.error));

    press(&mut app, KeyCode::Enter);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "0.5");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.shown_run(0).expect("run").eta, 0.5);
    assert_eq!(app.outbox, vec![Command::Set(0, Param::Eta(0.5))]);

    // Esc cancels an edit.
    app.outbox.clear();
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "9");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.shown_run(0).expect("run").eta, 0.5);
    assert!(app.outbox.is_empty());
}

#[test]
fn changing_w_restarts_the_run_from_it() {
    let mut app = trained_app("slowdown", 0);
    select(&mut app, Field::W(0, 0));
    press(&mut app, KeyCode::Char('-'));
    assert_eq!(
        app.outbox,
        vec![Command::Set(
            0,
            Param::Neuron {
                w: vec![1.9],
                b: 2.0
            }
        )]
    );
    select(&mut app, Field::MiniBatch(0));
    press(&mut app, KeyCode::Left);
    let status = app.status.clone().expect("status");
    assert!(status.error, "mini-batch 0 must be refused: {status:?}");
    assert_eq!(app.shown_run(0).expect("run").mini_batch, 1);
}

#[test]
fn focus_tabs_help_and_cursor() {
    let mut app = trained_app("slowdown", 300);
    // The lab opens on the chart, whose arrows change nothing (the editor's would).
    assert_eq!(app.lab.focus, Focus::Metrics);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.lab.focus, Focus::Params);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.lab.focus, Focus::Neuron);
    app.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    app.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(app.lab.focus, Focus::Metrics);
    press(&mut app, KeyCode::Left);
    assert_eq!(app.lab.cursor, Some(297.0));
    press(&mut app, KeyCode::Home);
    assert_eq!(app.lab.cursor, Some(0.0));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.lab.cursor, None);
    let (log, norm) = (app.lab.log_scale, app.lab.normalized);
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!((app.lab.log_scale, app.lab.normalized), (!log, !norm));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.tab, Tab::Exercises);
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.tab, Tab::About);
    press(&mut app, KeyCode::Char('?'));
    assert!(app.overlay.help);
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.overlay.help, "any key closes the help");
    assert!(
        app.outbox.is_empty(),
        "the key that closes the help does nothing else"
    );
}

#[test]
fn slowdown_defaults_to_c_over_c0_since_its_costs_differ() {
    assert!(trained_app("slowdown", 0).lab.normalized);
    assert!(!trained_app("quadratic-mild", 0).lab.normalized);
}

#[test]
fn a_bad_preset_in_the_picker_keeps_the_current_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Preset(name: \"x\", epochs: -1)").expect("write");
    let mut app = trained_app("slowdown", 0);
    app.load(&bad.display().to_string());
    assert!(app.outbox.is_empty());
    assert_eq!(app.preset.name, "slowdown");
    let status = app.status.clone().expect("status");
    assert!(
        status.error && status.text.contains("bad.ron"),
        "{status:?}"
    );
    // A good one is sent to the trainer.
    press(&mut app, KeyCode::Char('p'));
    assert!(matches!(app.overlay.mode, Mode::Picker { .. }));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.outbox.as_slice(), [Command::Load(p)] if p.name == "quadratic-mild"));
}

#[test]
fn save_never_overwrites_without_asking_and_failures_keep_the_lab_running() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = trained_app("slowdown", 0);
    app.ui.save_dir = dir.path().to_path_buf();
    select(&mut app, Field::Eta(0));
    press(&mut app, KeyCode::Right);
    // What is saved is what the trainer accepted: here it accepts the request.
    let sent = app.outbox.clone();
    for c in sent {
        if let Command::Set(run, param) = c {
            app.on_event(Event::Applied(nnlab::run::Applied {
                run,
                epoch: 0,
                param,
            }));
        }
    }
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Enter);
    let path = dir.path().join("slowdown-edited.ron");
    let saved = nnlab::Preset::load(&path.display().to_string()).expect("saved preset loads");
    assert!((saved.runs[0].eta - 0.165).abs() < 1e-12);
    // Again: the file exists, so it asks; n keeps it.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay.mode, Mode::Save { confirm: true, .. }));
    press(&mut app, KeyCode::Char('n'));
    assert!(matches!(
        app.overlay.mode,
        Mode::Save { confirm: false, .. }
    ));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay.mode, Mode::Normal);
    // A path under a regular file cannot be written: the error shows, nothing panics.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").expect("write");
    app.save(&blocker.join("p.ron"), false);
    assert!(app.status.as_ref().is_some_and(|s| s.error));
    app.ui.export_dir = blocker.clone();
    app.export();
    app.wait_file_job();
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("export"))
    );
    assert!(!app.quit);
}

#[test]
fn export_writes_every_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = trained_app("slowdown", 10);
    app.ui.export_dir = dir.path().to_path_buf();
    press(&mut app, KeyCode::Char('e'));
    app.wait_file_job();
    let path = dir.path().join("nnlab-slowdown-epoch10.csv");
    let text = std::fs::read_to_string(&path).expect("csv written");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("run,epoch,cost,eval_cost,accuracy,w,b,z,a,dc_dw,dc_db")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 22, "11 epochs x 2 runs");
    // Epoch by epoch, runs in the preset's order, as `nnlab run` prints them.
    assert!(rows[0].starts_with("quadratic,0,0.48"));
    assert!(rows[1].starts_with("cross-entropy,0,4.01"));
    assert!(rows[21].starts_with("cross-entropy,10,"));
    // A second export does not overwrite the first.
    press(&mut app, KeyCode::Char('e'));
    app.wait_file_job();
    assert!(dir.path().join("nnlab-slowdown-epoch10-1.csv").exists());
}

#[test]
fn exercise_inputs_refuse_out_of_range_values() {
    let mut app = trained_app("slowdown", 0);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Tab);
    assert!(app.exercises.on_inputs);
    press(&mut app, KeyCode::Enter);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "1e9");
    press(&mut app, KeyCode::Enter);
    let status = app.status.clone().expect("status");
    assert!(
        status.error && status.text.contains("out of range"),
        "{status:?}"
    );
    let before = app.exercises.values[0].as_slice()[0];
    press(&mut app, KeyCode::Right);
    assert!(app.exercises.values[0].as_slice()[0] > before);
}

#[test]
fn the_editor_shows_what_the_trainer_accepted() {
    use nnlab::run::Applied;
    let mut app = trained_app("slowdown", 0);
    select(&mut app, Field::Eta(1));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    // Sent, not yet accepted: the editor shows the request, the preset keeps the trainer's.
    assert_eq!(app.preset.runs[1].eta, 0.15);
    assert!(app.is_pending(Field::Eta(1)));
    let last = app.shown_run(1).expect("run").eta;
    assert!((last - 0.15 * 1.1 * 1.1 * 1.1).abs() < 1e-3, "{last}");
    // The trainer merged the three requests and accepted the last one only.
    app.on_event(Event::Applied(Applied {
        run: 1,
        epoch: 0,
        param: Param::Eta(last),
    }));
    assert_eq!(app.preset.runs[1].eta, last);
    assert!(!app.is_pending(Field::Eta(1)) && app.lab.pending.is_empty());
    // A value the trainer did not send is never shown: its own echo wins.
    press(&mut app, KeyCode::Right);
    app.on_event(Event::Applied(Applied {
        run: 1,
        epoch: 0,
        param: Param::Eta(0.25),
    }));
    assert_eq!(app.shown_run(1).expect("run").eta, 0.25);
    assert!(app.lab.pending.is_empty());
    // A refusal drops what was sent: the editor falls back to the accepted value.
    select(&mut app, Field::MiniBatch(0));
    press(&mut app, KeyCode::Right);
    assert_eq!(app.shown_run(0).expect("run").mini_batch, 2);
    app.on_event(Event::Error("refused".into()));
    assert_eq!(app.shown_run(0).expect("run").mini_batch, 1);
    assert!(!app.is_pending(Field::MiniBatch(0)));
}

#[test]
fn settings_round_trip_through_the_real_trainer() {
    use nnlab::trainer::Trainer;
    use std::time::{Duration, Instant};
    let preset = nnlab::Preset::load("slowdown").expect("built-in");
    let trainer = Trainer::spawn(nnlab::Session::new(preset.clone()).expect("session"));
    let mut app = App::new(preset, false);
    let pump = |app: &mut App, trainer: &Trainer| {
        for c in app.outbox.drain(..) {
            trainer.send(c);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            match trainer.events.recv_timeout(Duration::from_millis(100)) {
                Ok(e) => app.on_event(e),
                Err(_) if app.lab.pending.is_empty() && app.lab.pending_epochs.is_none() => return,
                Err(_) => {}
            }
        }
        panic!("the trainer never answered: {:?}", app.lab.pending);
    };
    pump(&mut app, &trainer);
    select(&mut app, Field::Eta(0));
    press(&mut app, KeyCode::Enter);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "0.5");
    press(&mut app, KeyCode::Enter);
    select(&mut app, Field::W(0, 0));
    press(&mut app, KeyCode::Char('-'));
    select(&mut app, Field::Epochs);
    press(&mut app, KeyCode::Right);
    pump(&mut app, &trainer);
    assert_eq!(app.preset.runs[0].eta, 0.5);
    assert!(
        matches!(&app.preset.runs[0].init, nnlab::book::Init::Neuron { w, b } if w == &vec![1.9] && *b == 2.0)
    );
    assert_eq!(app.preset.epochs, 330);
    let journal = app.store.journal.clone().expect("journal");
    assert_eq!(journal.changes.len(), 2, "{:?}", journal.changes);
    trainer.shutdown();
}

#[test]
fn exports_and_figures_are_written_in_the_background_one_at_a_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = trained_app("slowdown", 300);
    app.ui.export_dir = dir.path().to_path_buf();
    press(&mut app, KeyCode::Char('e'));
    // Another file while one is written is refused, with the reason; nothing is lost.
    let running = app.jobs.file.running();
    press(&mut app, KeyCode::Char('g'));
    if running {
        let status = app.status.clone().expect("status");
        assert!(
            status.error && status.text.contains("still being written"),
            "{status:?}"
        );
    }
    app.wait_file_job();
    assert!(!app.jobs.file.running());
    let status = app.status.clone().expect("status");
    assert!(
        !status.error && status.text.contains("exported 602 rows"),
        "{status:?}"
    );
    press(&mut app, KeyCode::Char('g'));
    app.wait_file_job();
    let status = app.status.clone().expect("status");
    assert!(!status.error && status.text.contains(".svg"), "{status:?}");
    // Quitting cancels a job: whatever it had written goes, no temporary file stays.
    press(&mut app, KeyCode::Char('e'));
    app.cancel_file_job(std::time::Duration::from_secs(10));
    assert!(!app.jobs.file.running());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| has_extension(n, "csv") || has_extension(n, "svg")),
        "a temporary file stayed: {names:?}"
    );
    let csvs = names.iter().filter(|n| has_extension(n, "csv")).count();
    let status = app.status.clone().expect("status");
    if status.error {
        assert!(status.text.contains("cancelled"), "{status:?}");
        assert_eq!(csvs, 1, "a cancelled export leaves no file: {names:?}");
    } else {
        assert_eq!(csvs, 2, "{names:?}");
    }
}

#[test]
fn a_message_posted_while_a_preset_loads_is_not_overwritten_by_the_load() {
    use nnlab::trainer::Loaded;
    use nnlab::tui::app::Status;
    let mut app = trained_app("slowdown", 0);
    let other = nnlab::Preset::load("quadratic-mild").expect("built-in");
    let mut session = nnlab::Session::new(other.clone()).expect("session");
    let loaded = |session: &mut nnlab::Session| {
        Event::Loaded(Box::new(Loaded {
            preset: session.preset.clone(),
            metrics: session.metrics(),
            input_dim: 1,
            data_summary: String::new(),
            split: (1, None),
            digits: None,
            baselines: nnlab::metrics::reading::Baselines::default(),
            first_example: None,
        }))
    };
    let post = |app: &mut App, text: &str| {
        app.status = Some(Status {
            text: text.into(),
            error: false,
            posted: std::time::Instant::now(),
            until_running: false,
        });
    };
    // The picker's "loading preset" is answered by the load.
    post(&mut app, "loading preset \"quadratic-mild\"");
    app.on_event(loaded(&mut session));
    let status = app.status.clone().expect("status");
    assert!(
        status.text.starts_with("opened \"quadratic-mild\""),
        "{status:?}"
    );
    // A newer message (a tour answer typed meanwhile) stays when the next preset arrives.
    let third = nnlab::Preset::load("quadratic-saturated").expect("built-in");
    let mut session = nnlab::Session::new(third).expect("session");
    post(&mut app, "prediction saved");
    app.on_event(loaded(&mut session));
    assert_eq!(app.preset.name, "quadratic-saturated");
    assert_eq!(app.status.clone().expect("status").text, "prediction saved");
}

/// True if the file name `name` ends in `.ext`.
fn has_extension(name: &str, ext: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e == ext)
}

/// A cursor at the newest epoch, or before anything is trained, is no cursor: a first arrow on
/// the chart before training does not pin the readouts at epoch 0 for the whole run.
#[test]
fn the_cursor_at_the_newest_epoch_follows_the_run() {
    let mut app = trained_app("slowdown", 0);
    assert_eq!(app.lab.focus, Focus::Metrics);
    press(&mut app, KeyCode::Right);
    assert_eq!(
        app.lab.cursor, None,
        "nothing trained: nothing to move along"
    );
    let mut app = trained_app("slowdown", 300);
    press(&mut app, KeyCode::Right);
    assert_eq!(app.lab.cursor, None, "already at the newest epoch");
    press(&mut app, KeyCode::Left);
    assert_eq!(app.lab.cursor, Some(297.0));
    press(&mut app, KeyCode::Right);
    assert_eq!(
        app.lab.cursor, None,
        "back at the newest epoch: following again"
    );
    press(&mut app, KeyCode::Home);
    assert_eq!(app.lab.cursor, Some(0.0));
    press(&mut app, KeyCode::End);
    assert_eq!(app.lab.cursor, None);
}
