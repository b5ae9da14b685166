//! The lab's state and its one place of change, [`App::update`] (keys) and [`App::on_event`]
//! (trainer events). Drawing reads this state and never changes it.

use super::editor::{InputKey, TextInput};
use super::keys::{self, Action};
use super::store::{Change, Store};
use crate::net::EpochMetrics;
use crate::preset::Preset;
use crate::trainer::{Command, DEFAULT_PACE, Event, PACES, Pace, RunState};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
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
    /// When it was posted (it expires, see [`App::tick`]).
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
    /// The user asked to quit.
    pub quit: bool,
    /// Where `s` proposes to save presets.
    pub save_dir: PathBuf,
    /// Where `e` writes CSV files.
    pub export_dir: PathBuf,
    /// Enables the test-only panic key.
    pub test_panic: bool,
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
            quit: false,
            save_dir: user_presets_dir().unwrap_or_else(|| PathBuf::from("presets")),
            export_dir: PathBuf::from("."),
            test_panic: false,
        };
        app.hint_start();
        app
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

    /// Lets messages expire: information after [`INFO_FOR`], errors after [`ERROR_FOR`].
    /// Returns true if the status changed (the screen needs drawing).
    pub fn tick(&mut self, now: Instant) -> bool {
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
        match self.store.apply(event) {
            Change::Data => {}
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
                self.cursor = None;
                // "loading preset ..." is answered.
                if renamed {
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
            Change::Error(e) => self.error(e),
        }
    }

    /// Handles a key event (presses only: Windows terminals also report releases).
    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        if self.help {
            // Arrows and pages scroll the help; any other key closes it; q and Ctrl-C quit.
            match keys::action(key, false) {
                Some(Action::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
                Some(Action::Down) => self.help_scroll = self.help_scroll.saturating_add(1).min(80),
                Some(Action::PageUp) => self.help_scroll = self.help_scroll.saturating_sub(10),
                Some(Action::PageDown) => {
                    self.help_scroll = self.help_scroll.saturating_add(10).min(80)
                }
                Some(Action::Quit) => self.quit = true,
                _ => self.help = false,
            }
            return;
        }
        match self.mode.clone() {
            Mode::Normal => {
                if let Some(action) = keys::action(key, self.test_panic) {
                    self.update(action);
                }
            }
            Mode::Edit { field, buffer } => {
                if let Some(buffer) = self.text_key(key, buffer) {
                    self.mode = Mode::Edit { field, buffer };
                } else if key.code == KeyCode::Enter
                    && let Mode::Edit { buffer, .. } =
                        std::mem::replace(&mut self.mode, Mode::Normal)
                {
                    self.commit_text(field, buffer.text().trim());
                }
            }
            Mode::EditInput { input, buffer } => {
                if let Some(buffer) = self.text_key(key, buffer) {
                    self.mode = Mode::EditInput { input, buffer };
                } else if key.code == KeyCode::Enter
                    && let Mode::EditInput { buffer, .. } =
                        std::mem::replace(&mut self.mode, Mode::Normal)
                {
                    let text = buffer.text();
                    match text.trim().parse::<f64>() {
                        Ok(v) => self.set_input(input, v),
                        Err(_) => {
                            self.error(format!("{:?} is not a number; value kept", text.trim()))
                        }
                    }
                }
            }
            Mode::Picker { entries, selected } => self.picker_key(key, entries, selected),
            Mode::Save { buffer, confirm } => self.save_key(key, buffer, confirm),
        }
    }

    /// Text entry: returns the input to keep editing, or None when the key ends the entry
    /// (Enter: the caller uses the text; Esc cancels; Ctrl-C quits).
    pub(super) fn text_key(&mut self, key: KeyEvent, mut input: TextInput) -> Option<TextInput> {
        match input.key(key) {
            InputKey::Edited => Some(input),
            InputKey::Submit => None,
            InputKey::Cancel => {
                self.mode = Mode::Normal;
                self.info("cancelled");
                None
            }
            InputKey::Quit => {
                self.quit = true;
                None
            }
        }
    }

    /// Applies an action in the current context.
    pub fn update(&mut self, action: Action) {
        if self.help {
            match action {
                Action::Quit => self.quit = true,
                _ => self.help = false,
            }
            return;
        }
        match action {
            Action::TogglePlay => match self.store.state {
                RunState::Running => self.outbox.push(Command::Pause),
                RunState::Paused => self.outbox.push(Command::Start),
                RunState::Finished => {
                    self.outbox.push(Command::Reset);
                    self.outbox.push(Command::Start);
                }
            },
            Action::Step => self.outbox.push(Command::Step(1)),
            Action::Reset => {
                self.outbox.push(Command::Reset);
                self.info("reset: every run restarts from the settings shown");
            }
            Action::FocusNext | Action::FocusPrev => self.move_focus(action == Action::FocusNext),
            Action::TabLab => self.tab = Tab::Lab,
            Action::TabExercises => self.tab = Tab::Exercises,
            Action::TabAbout => self.tab = Tab::About,
            Action::Picker => {
                self.mode = Mode::Picker {
                    entries: preset_entries(self.save_dir.as_path()),
                    selected: 0,
                }
            }
            Action::Save => {
                let path = self
                    .save_dir
                    .join(format!("{}-edited.ron", self.preset.name));
                self.mode = Mode::Save {
                    buffer: TextInput::new(&path.display().to_string()),
                    confirm: false,
                };
            }
            Action::Export => self.export(),
            Action::Slower => self.set_pace(self.pace.saturating_sub(1)),
            Action::Faster => self.set_pace((self.pace + 1).min(PACES.len() - 1)),
            Action::LogScale => {
                self.log_scale = !self.log_scale;
                self.info(if self.log_scale {
                    "cost axis: log scale"
                } else {
                    "cost axis: linear"
                });
            }
            Action::Normalize => {
                self.normalized = !self.normalized;
                self.info(if self.normalized {
                    "cost shown as C/C0: each run relative to its epoch-0 cost"
                } else {
                    "cost shown as C"
                });
            }
            Action::Markers => {
                self.ascii = !self.ascii;
                self.info(if self.ascii {
                    "chart markers: ASCII"
                } else {
                    "chart markers: braille"
                });
            }
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::PageUp | Action::PageDown => {
                let down = action == Action::PageDown;
                let step = |v: u16| {
                    if down {
                        v.saturating_add(10).min(500)
                    } else {
                        v.saturating_sub(10)
                    }
                };
                match self.tab {
                    Tab::Exercises => self.exercises.scroll = step(self.exercises.scroll),
                    Tab::About => self.about_scroll = step(self.about_scroll),
                    Tab::Lab => {}
                }
            }
            Action::ParamsView => {
                if self.preset.runs.iter().all(|r| r.is_single_neuron()) {
                    self.params_view = !self.params_view;
                    self.info(if self.params_view {
                        "showing a, w and b over the epochs"
                    } else {
                        "parameters view hidden"
                    });
                } else {
                    self.info("the parameters view is for one-neuron presets; networks show gradient norms");
                }
            }
            Action::Quit => self.quit = true,
            Action::Escape => {
                self.cursor = None;
                self.status = None;
            }
            Action::TestPanic => panic!("NNLAB_TEST_PANIC: test panic inside the UI loop"),
            nav => self.navigate(nav),
        }
    }

    fn move_focus(&mut self, forward: bool) {
        if self.tab == Tab::Exercises {
            self.exercises.on_inputs = !self.exercises.on_inputs;
            return;
        }
        let order = [Focus::Metrics, Focus::Params, Focus::Neuron];
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let i = if forward { (i + 1) % 3 } else { (i + 2) % 3 };
        self.focus = order[i];
    }

    pub(super) fn set_pace(&mut self, pace: usize) {
        self.pace = pace;
        self.outbox.push(Command::Speed(self.pace()));
        self.info(format!("speed: {}", self.pace().describe()));
    }

    fn navigate(&mut self, action: Action) {
        match self.tab {
            Tab::Lab => match self.focus {
                Focus::Params => self.params_nav(action),
                Focus::Metrics => self.cursor_nav(action),
                Focus::Neuron => match action {
                    Action::Up | Action::Left => {
                        self.selected_run = self.selected_run.saturating_sub(1)
                    }
                    Action::Down | Action::Right => {
                        self.selected_run =
                            (self.selected_run + 1).min(self.preset.runs.len().saturating_sub(1))
                    }
                    _ => {}
                },
            },
            Tab::Exercises => self.exercise_nav(action),
            Tab::About => match action {
                Action::Up => self.about_scroll = self.about_scroll.saturating_sub(1),
                Action::Down => self.about_scroll = self.about_scroll.saturating_add(1).min(500),
                _ => {}
            },
        }
    }

    fn cursor_nav(&mut self, action: Action) {
        let last = self
            .store
            .histories
            .iter()
            .filter_map(|h| h.cost.last().map(|p| p.0))
            .fold(0.0, f64::max);
        let fine = (last / 100.0).floor().max(1.0);
        let coarse = (last / 10.0).floor().max(1.0);
        let cur = self.cursor.unwrap_or(last);
        let next = match action {
            Action::Left => cur - fine,
            Action::Right => cur + fine,
            Action::CoarseLeft => cur - coarse,
            Action::CoarseRight => cur + coarse,
            Action::Home => 0.0,
            Action::End => last,
            _ => return,
        };
        self.cursor = Some(next.clamp(0.0, last));
    }
}

impl App {
    /// The newest metrics of a run.
    pub fn latest(&self, run: usize) -> Option<&EpochMetrics> {
        self.store.latest(run)
    }
}
