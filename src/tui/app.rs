//! The router: [`App`] holds each area's state (the Lab tab, the exercises, About, the tour,
//! the overlays, the background jobs and the UI configuration) beside what they share (the
//! preset in force, the trainer's store, the status line, the commands for the trainer), and
//! [`App::update`] routes every [`Msg`] to the area it concerns. Keys are routed in
//! `update.rs`, trainer events in [`App::on_event`]; drawing reads the state and never changes it.

use super::about::AboutState;
use super::exercises::ExerciseState;
use super::jobs::Jobs;
use super::lab::{LabState, LabView};
use super::msg::Msg;
use super::overlay::Overlays;
use super::store::{Change, Store};
use super::theme::Theme;
use super::ui::UiConfig;
use crate::preset::Preset;
use crate::run::EpochMetrics;
use crate::trainer::{Command, Event, RunState};
use std::path::PathBuf;
use std::time::Instant;

pub use super::lab::{Focus, params_view_by_default};
pub use super::overlay::{Mode, PresetEntry, preset_entries};
pub use super::shared::{ERROR_FOR, INFO_FOR, Status, Tab};
pub use super::store::Digits;
pub use crate::save::{saved_preset, user_presets_dir};

/// The whole state of the lab.
#[derive(Debug, Clone)]
pub struct App {
    /// The preset with the settings in force (what `s` saves).
    pub preset: Preset,
    /// What the trainer sent.
    pub store: Store,
    /// The tab shown.
    pub tab: Tab,
    /// The Lab tab.
    pub lab: LabState,
    /// The exercise explorer.
    pub exercises: ExerciseState,
    /// The About tab.
    pub about: AboutState,
    /// Tour mode (None: the plain lab).
    pub tour: Option<Box<super::tour::TourState>>,
    /// The help overlay and the modal states.
    pub overlay: Overlays,
    /// The file job and the map's thread.
    pub jobs: Jobs,
    /// The theme, markers, pace and folders.
    pub ui: UiConfig,
    /// The status line's message.
    pub status: Option<Status>,
    /// Commands waiting to go to the trainer.
    pub outbox: Vec<Command>,
    /// The user asked to quit.
    pub quit: bool,
}

impl App {
    /// A lab on `preset` before the trainer reported anything.
    pub fn new(preset: Preset, ascii: bool) -> App {
        let n = preset.runs.len();
        let save_dir = user_presets_dir().unwrap_or_else(|| PathBuf::from("presets"));
        let mut app = App {
            store: Store::new(n),
            lab: LabState::new(&preset),
            preset,
            tab: Tab::Lab,
            exercises: ExerciseState::new(),
            about: AboutState::default(),
            tour: None,
            overlay: Overlays::default(),
            jobs: Jobs::default(),
            ui: UiConfig::new(ascii, save_dir),
            status: None,
            outbox: Vec::new(),
            quit: false,
        };
        app.hint_start();
        app
    }

    /// The Lab tab as its panes see it.
    pub fn lab_view(&self) -> LabView<'_> {
        LabView {
            preset: &self.preset,
            store: &self.store,
            lab: &self.lab,
            ui: &self.ui,
            mode: &self.overlay.mode,
            map: self.jobs.map.as_ref(),
            decision: &self.jobs.decision,
            theme: self.theme(),
            predicting: self.tour.as_ref().is_some_and(|t| {
                t.current().question.is_some()
                    && t.answer().is_none()
                    && t.shipped
                        .as_ref()
                        .is_some_and(|p| p.name == self.preset.name)
            }),
        }
    }

    /// The status line as it draws.
    pub fn status_view(&self) -> super::panes::status::StatusView<'_> {
        super::panes::status::StatusView {
            status: self.status.as_ref(),
            mode: &self.overlay.mode,
            tab: self.tab,
            focus: self.lab.focus,
            restarts: matches!(
                self.current_field(),
                super::fields::Field::W(..)
                    | super::fields::Field::B(_)
                    | super::fields::Field::Seed(_)
            ),
            exercise_inputs: self.exercises.on_inputs,
            theme: self.theme(),
        }
    }

    /// The text of a field's value (what Enter starts editing with).
    pub fn field_text(&self, field: super::fields::Field) -> String {
        self.lab_view().field_text(field)
    }

    /// The theme's styles, as every pane draws them.
    pub fn theme(&self) -> &'static Theme {
        self.ui.theme()
    }

    /// Posts the start hint again (what a new lab shows), for tests of its lifetime.
    pub fn hint_start_for_tests(&mut self) {
        self.hint_start();
    }

    pub(super) fn hint_start(&mut self) {
        let epochs = self.preset.epochs;
        self.info(format!(
            "press space to train {epochs} epochs, n for one; ? lists every key"
        ));
        if let Some(s) = &mut self.status {
            s.until_running = true;
        }
    }

    /// One turn of the clock as the event loop takes it: the finished jobs' results, then
    /// [`Msg::Tick`] (messages expire: information after [`INFO_FOR`], errors after
    /// [`ERROR_FOR`]). Returns true if the screen needs drawing.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut dirty = false;
        for msg in self.finished_jobs() {
            dirty |= self.update(msg);
        }
        self.update(Msg::Tick(now)) || dirty
    }

    /// The results of the threads that finished (the file job, the map), as messages.
    pub fn finished_jobs(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        if let Some(result) = self.jobs.file.finished() {
            out.push(Msg::File(result));
        }
        if let Some(map) = super::views::finished_map(self) {
            out.push(Msg::Map(map));
        }
        out
    }

    /// Lets the status message expire; true if it did.
    pub(super) fn expire(&mut self, now: Instant) -> bool {
        let expired = self.status.as_ref().is_some_and(|s| {
            let age = now.saturating_duration_since(s.posted);
            age > if s.error { ERROR_FOR } else { INFO_FOR }
        });
        if expired {
            self.status = None;
        }
        expired
    }

    /// The fields of the parameter editor.
    pub fn fields(&self) -> Vec<super::fields::Field> {
        super::fields::fields(&self.preset)
    }

    /// The selected field.
    pub fn current_field(&self) -> super::fields::Field {
        let f = self.fields();
        f[self.lab.field.min(f.len() - 1)]
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
            posted: Instant::now(),
            until_running: false,
        });
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
            posted: Instant::now(),
            until_running: false,
        });
    }

    /// Applies a trainer event: the store takes the data, the view reacts to what changed.
    pub fn on_event(&mut self, event: Event) {
        self.tour_event(&event);
        match self.store.apply(event) {
            Change::Data => {
                // "press space to train" is answered by training, stepped or run.
                if self.store.epoch > 0 && self.status.as_ref().is_some_and(|s| s.until_running) {
                    self.status = None;
                }
            }
            Change::Loaded(preset) => {
                let renamed = preset.name != self.preset.name;
                if renamed || preset.runs.len() != self.preset.runs.len() {
                    self.lab.open(&preset);
                }
                // The settings the trainer accepted are the ones shown and saved.
                self.preset = *preset;
                self.lab.settled();
                // "loading preset ..." is answered; a message posted since (a tour answer
                // typed while a large preset loaded) is newer news and stays.
                let newer = self
                    .status
                    .as_ref()
                    .is_some_and(|s| !s.until_running && !s.text.starts_with("loading preset"));
                if renamed && !newer {
                    self.hint_start();
                    if let Some(s) = &mut self.status {
                        s.text = format!("opened {:?}; {}", self.preset.name, s.text);
                    }
                }
            }
            Change::State { from } => {
                let state = self.store.state;
                if state == RunState::Finished && from != RunState::Finished {
                    self.info(format!(
                        "finished {} epochs; r resets, or raise the epochs in the editor",
                        self.store.epoch
                    ));
                }
                if state == RunState::Running
                    && self.status.as_ref().is_some_and(|s| s.until_running)
                {
                    self.status = None;
                }
            }
            Change::Diverged { run, diverged } => {
                let label = self
                    .preset
                    .runs
                    .get(run)
                    .map(|r| r.shown_label().into_owned())
                    .unwrap_or_default();
                self.error(format!(
                    "run {label:?} {diverged}; it stopped: lower its eta and press r"
                ));
            }
            Change::Applied(applied) => self.follow_applied(&applied),
            Change::Epochs(epochs) => {
                self.preset.epochs = epochs;
                self.lab.pending_epochs = None;
                self.info(format!("epochs = {epochs}"));
            }
            Change::Error(e) => {
                // What was sent and not accepted is no longer shown: the editor falls back
                // to the trainer's settings.
                self.lab.pending.clear();
                self.lab.pending_epochs = None;
                self.error(e);
            }
        }
    }
}

impl App {
    /// The newest metrics of a run.
    pub fn latest(&self, run: usize) -> Option<&EpochMetrics> {
        self.store.latest(run)
    }
}
