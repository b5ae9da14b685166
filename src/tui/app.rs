//! The lab's view state: tabs, focus, cursor, scales, modals and the status message, with the
//! store of what the trainer sent. Keys change it in `update.rs`, trainer events in
//! [`App::on_event`]; drawing reads it and never changes it.

use super::editor::TextInput;
use super::msg::Msg;
use super::store::{Change, Store};
use crate::preset::Preset;
use crate::run::EpochMetrics;
use crate::trainer::{Command, DEFAULT_PACE, Event, PACES, Pace, RunState};
use std::path::PathBuf;
use std::time::{Duration, Instant};

// The editor, the exercise tab, the modals, file I/O and the trainer's store live in their
// own files; their types keep their old paths here.
pub use super::exercise_tab::ExerciseState;
pub use super::fields::{Field, fields, fmt_value, round_sig};
pub use super::files::{saved_preset, user_presets_dir, write_atomic};
pub use super::modal::{PresetEntry, preset_entries};
pub use super::store::Digits;

/// The tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Charts, parameters, neuron.
    Lab,
    /// The exercise explorer.
    Exercises,
    /// The preset's description and the chapter's equations.
    About,
}

/// The focusable panes of the lab tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The cost chart (cursor).
    Metrics,
    /// The parameter editor.
    Params,
    /// The neuron / gradient pane (selects the run).
    Neuron,
}

/// A modal state that takes the keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// Keys go to the bindings.
    Normal,
    /// Typing an exact value for a field of the parameter editor.
    Edit {
        /// The field.
        field: Field,
        /// The text typed so far.
        buffer: TextInput,
    },
    /// Typing an exact value for an exercise input.
    EditInput {
        /// The input's index.
        input: usize,
        /// The text typed so far.
        buffer: TextInput,
    },
    /// Choosing a preset.
    Picker {
        /// What can be opened.
        entries: Vec<PresetEntry>,
        /// The highlighted one.
        selected: usize,
    },
    /// Typing the path to save the settings to.
    Save {
        /// The path typed so far.
        buffer: TextInput,
        /// The file exists: waiting for y/n.
        confirm: bool,
    },
}

/// The status line's message.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Shown as an error.
    pub error: bool,
    /// When it was posted (it expires on [`Msg::Tick`]).
    pub posted: Instant,
    /// What ends it early: the trainer starting (a hint to press space).
    pub until_running: bool,
}

/// How long an information message stays.
pub const INFO_FOR: Duration = Duration::from_secs(6);
/// How long an error stays (Esc clears it sooner).
pub const ERROR_FOR: Duration = Duration::from_secs(20);

/// The whole state of the lab.
#[derive(Debug, Clone)]
pub struct App {
    /// The preset with the settings in force (what `s` saves).
    pub preset: Preset,
    /// What the trainer sent.
    pub store: Store,
    /// Index into [`PACES`].
    pub pace: usize,
    /// The tab shown.
    pub tab: Tab,
    /// The focused pane.
    pub focus: Focus,
    /// A modal state.
    pub mode: Mode,
    /// The help overlay is open.
    pub help: bool,
    /// Lines of the help scrolled off its top.
    pub help_scroll: u16,
    /// Lines of the about tab scrolled off its top.
    pub about_scroll: u16,
    /// The parameters-over-epochs view is shown (single-neuron presets).
    pub params_view: bool,
    /// The selected field of the parameter editor.
    pub field: usize,
    /// The run shown in the neuron pane.
    pub selected_run: usize,
    /// The chart cursor's epoch.
    pub cursor: Option<f64>,
    /// Log-scale cost axis.
    pub log_scale: bool,
    /// Cost shown as C/C0.
    pub normalized: bool,
    /// ASCII markers instead of braille.
    pub ascii: bool,
    /// The status line's message.
    pub status: Option<Status>,
    /// The exercise explorer.
    pub exercises: ExerciseState,
    /// Commands waiting to go to the trainer.
    pub outbox: Vec<Command>,
    /// A CSV export or SVG figure being written on its own thread.
    pub file_job: super::files::FileJobSlot,
    /// Settings sent to the trainer and not yet echoed back ([`Event::Applied`]), oldest
    /// first: the editor shows them (and nudges from them) until the trainer answers, then
    /// shows what it accepted. A refusal drops them all.
    pub pending: Vec<(usize, crate::trainer::Param)>,
    /// An epoch count sent to the trainer and not yet echoed back.
    pub pending_epochs: Option<u64>,
    /// The user asked to quit.
    pub quit: bool,
    /// Where `s` proposes to save presets.
    pub save_dir: PathBuf,
    /// Where `e` writes CSV files.
    pub export_dir: PathBuf,
    /// Enables the test-only panic key.
    pub test_panic: bool,
    /// Issue 13's views: lower pane, landscape surface, softmax sliders, the map's thread.
    pub views: super::views::ViewState,
    /// Tour mode (None: the plain lab).
    pub tour: Option<Box<super::tour::TourState>>,
}

/// Presets whose lesson is about the parameters (one neuron with several inputs: which
/// weight moves, Eq. 61) open with the parameters view; others show it on `w`.
pub fn params_view_by_default(preset: &Preset) -> bool {
    preset
        .runs
        .iter()
        .all(|r| r.is_single_neuron() && r.layers.first().is_some_and(|n| *n > 1))
}

impl App {
    /// A lab on `preset` before the trainer reported anything.
    pub fn new(preset: Preset, ascii: bool) -> App {
        let n = preset.runs.len();
        let normalized = preset.runs.iter().any(|r| r.cost != preset.runs[0].cost);
        let log_scale = !preset.runs.iter().all(|r| r.is_single_neuron());
        let params_view = params_view_by_default(&preset);
        let mut app = App {
            store: Store::new(n),
            preset,
            pace: DEFAULT_PACE,
            tab: Tab::Lab,
            focus: Focus::Params,
            mode: Mode::Normal,
            help: false,
            help_scroll: 0,
            about_scroll: 0,
            params_view,
            field: 0,
            selected_run: 0,
            cursor: None,
            log_scale,
            normalized,
            ascii,
            status: None,
            exercises: ExerciseState::new(),
            outbox: Vec::new(),
            file_job: Default::default(),
            pending: Vec::new(),
            pending_epochs: None,
            quit: false,
            save_dir: user_presets_dir().unwrap_or_else(|| PathBuf::from("presets")),
            export_dir: PathBuf::from("."),
            test_panic: false,
            views: Default::default(),
            tour: None,
        };
        app.hint_start();
        app
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
        if let Some(result) = self.file_job.finished() {
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
    pub fn fields(&self) -> Vec<Field> {
        fields(&self.preset)
    }

    /// The selected field.
    pub fn current_field(&self) -> Field {
        let f = self.fields();
        f[self.field.min(f.len() - 1)]
    }

    /// The pace in force.
    pub fn pace(&self) -> Pace {
        PACES[self.pace.min(PACES.len() - 1)]
    }

    /// The pace in words for the status line: "60 epochs/s" or "unthrottled".
    pub fn pace_words(&self) -> String {
        match self.pace() {
            Pace::PerSecond(r) => format!("{r} epochs/s"),
            Pace::Unthrottled => "unthrottled".to_string(),
        }
    }

    /// The pace for the header: "60" or "max".
    pub fn pace_label(&self) -> String {
        match self.pace() {
            Pace::PerSecond(r) => format!("{r}"),
            Pace::Unthrottled => "max".to_string(),
        }
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
                    self.field = 0;
                    self.selected_run = 0;
                    self.normalized = preset.runs.iter().any(|r| r.cost != preset.runs[0].cost);
                    // Networks: the epoch-0 cost dwarfs the rest; a log axis shows the learning.
                    self.log_scale = !preset.runs.iter().all(|r| r.is_single_neuron());
                    self.params_view = params_view_by_default(&preset);
                }
                // The settings the trainer accepted are the ones shown and saved.
                self.preset = *preset;
                self.pending.clear();
                self.pending_epochs = None;
                self.cursor = None;
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
            Change::Diverged { run, epoch, reason } => {
                let label = self
                    .preset
                    .runs
                    .get(run)
                    .map(|r| r.label.clone())
                    .unwrap_or_default();
                self.error(format!(
                    "run {label:?} diverged at epoch {epoch} ({reason}) and stopped; lower its eta and press r"
                ));
            }
            Change::Applied(applied) => self.follow_applied(&applied),
            Change::Epochs(epochs) => {
                self.preset.epochs = epochs;
                self.pending_epochs = None;
                self.info(format!("epochs = {epochs}"));
            }
            Change::Error(e) => {
                // What was sent and not accepted is no longer shown: the editor falls back
                // to the trainer's settings.
                self.pending.clear();
                self.pending_epochs = None;
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
