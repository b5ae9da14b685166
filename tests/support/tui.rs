//! Helpers shared by the TUI tests: an App fed by a real session, as the trainer would feed it.
#![allow(dead_code)]

use nnlab::trainer::{Event, Loaded, RunState};
use nnlab::tui::app::App;
use nnlab::{Preset, Session};

/// What the trainer announces when it loads `session` (its start, before any epoch).
pub fn loaded(session: &mut Session) -> Event {
    Event::Loaded(Box::new(Loaded {
        preset: session.preset.clone(),
        metrics: session.metrics(),
        input_dim: session.data.train.input_dim(),
        data_summary: session.data.summary.clone(),
        split: (
            session.data.train.len(),
            session.data.eval.as_ref().map(nnlab::data::Samples::len),
        ),
        digits: None,
        baselines: nnlab::metrics::reading::Baselines::of(&session.data.train.targets),
        first_example: nnlab::views::formula::first_example(&session.data.train),
    }))
}

/// An app on built-in `name` after `epochs` epochs, fed exactly as the trainer feeds it.
pub fn trained_app(name: &str, epochs: u64) -> App {
    let preset = Preset::load(name).expect("built-in preset");
    let mut session = Session::new(preset.clone()).expect("session");
    let mut app = App::new(preset, false);
    app.ui.save_dir = std::path::PathBuf::from("target/test-presets");
    app.on_event(loaded(&mut session));
    for _ in 0..epochs {
        let metrics = session.step();
        app.on_event(Event::Progress {
            metrics: metrics.into_iter().map(|m| vec![m]).collect(),
            epoch: session.epoch(),
            rate: 60.0,
        });
    }
    if epochs >= session.preset.epochs {
        app.on_event(Event::State(RunState::Finished));
    }
    app.status = None;
    app
}
