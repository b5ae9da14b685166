//! The lab's state and its one place of change, [`App::update`] (keys) and [`App::on_event`]
//! (trainer events). Drawing reads this state and never changes it.

use super::editor::{InputKey, TextInput};
use super::keys::{self, Action};
use crate::exercises::{self, Outcome, Values};
use crate::math::Cost;
use crate::metrics::RunHistory;
use crate::net::{EpochMetrics, Init};
use crate::preset::{BUILTIN, MAX_EPOCHS, Preset};
use crate::trainer::{Command, DEFAULT_PACE, DigitImages, Event, PACES, Pace, Param, RunState};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// One editable field of the parameter editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Starting weight j of a single-neuron run.
    W(usize, usize),
    /// Starting bias of a single-neuron run.
    B(usize),
    /// Learning rate.
    Eta(usize),
    /// Cost function.
    Cost(usize),
    /// Mini-batch size.
    MiniBatch(usize),
    /// The run's seed.
    Seed(usize),
    /// The preset's epochs.
    Epochs,
    /// Playback speed.
    Speed,
}

impl Field {
    /// The run the field belongs to.
    pub fn run(self) -> Option<usize> {
        match self {
            Field::W(r, _)
            | Field::B(r)
            | Field::Eta(r)
            | Field::Cost(r)
            | Field::MiniBatch(r)
            | Field::Seed(r) => Some(r),
            Field::Epochs | Field::Speed => None,
        }
    }
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

/// A preset the picker can open.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetEntry {
    /// Name shown.
    pub name: String,
    /// Where it is from: "built-in", "./presets", or the user's directory.
    pub origin: String,
    /// What to pass to `Preset::load`.
    pub source: String,
    /// The preset's description (or why it cannot be read).
    pub description: String,
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

/// The exercise explorer's state.
#[derive(Debug, Clone)]
pub struct ExerciseState {
    /// The highlighted exercise.
    pub selected: usize,
    /// Each exercise's input values.
    pub values: Vec<Values>,
    /// Each exercise's outcome at its values.
    pub outcomes: Vec<Outcome>,
    /// Keys go to the inputs (not the list).
    pub on_inputs: bool,
    /// The highlighted input.
    pub input: usize,
    /// Lines scrolled off the top of the statement, inputs, verdict and table.
    pub scroll: u16,
}

impl ExerciseState {
    fn new() -> ExerciseState {
        let reg = exercises::registry();
        let values: Vec<Values> = reg.iter().map(|e| e.defaults()).collect();
        let outcomes = reg
            .iter()
            .zip(&values)
            .map(|(e, v)| e.evaluate(v))
            .collect();
        ExerciseState {
            selected: 0,
            values,
            outcomes,
            on_inputs: false,
            input: 0,
            scroll: 0,
        }
    }
}

/// Digits and the network's guesses (784-input presets).
#[derive(Debug, Clone, PartialEq)]
pub struct Digits {
    /// The images and labels.
    pub images: DigitImages,
    /// Guesses per run per image.
    pub guesses: Vec<Vec<usize>>,
}

/// The whole state of the lab.
#[derive(Debug, Clone)]
pub struct App {
    /// The preset with the settings in force (what `s` saves).
    pub preset: Preset,
    /// One history per run.
    pub histories: Vec<RunHistory>,
    /// The trainer's state.
    pub state: RunState,
    /// Epochs done.
    pub epoch: u64,
    /// Measured epochs per second.
    pub rate: f64,
    /// Index into [`PACES`].
    pub pace: usize,
    /// Epoch at which each run diverged.
    pub diverged: Vec<Option<u64>>,
    /// Features per example.
    pub input_dim: usize,
    /// Data summary.
    pub data_summary: String,
    /// Training examples, and held-out evaluation examples (None: evaluated on the training set).
    pub split: (usize, Option<usize>),
    /// The digits pane's content.
    pub digits: Option<Digits>,
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

/// Every run's fields, then the preset's.
pub fn fields(preset: &Preset) -> Vec<Field> {
    let mut out = Vec::new();
    for (r, run) in preset.runs.iter().enumerate() {
        if let Init::Neuron { w, .. } = &run.init {
            out.extend((0..w.len()).map(|j| Field::W(r, j)));
            out.push(Field::B(r));
        }
        out.extend([
            Field::Eta(r),
            Field::Cost(r),
            Field::MiniBatch(r),
            Field::Seed(r),
        ]);
    }
    out.extend([Field::Epochs, Field::Speed]);
    out
}

/// The user's presets directory (`$XDG_DATA_HOME/nnlab/presets` or the platform's equivalent).
pub fn user_presets_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "nnlab").map(|d| d.data_dir().join("presets"))
}

impl App {
    /// A lab on `preset` before the trainer reported anything.
    pub fn new(preset: Preset, ascii: bool) -> App {
        let n = preset.runs.len();
        let normalized = preset.runs.iter().any(|r| r.cost != preset.runs[0].cost);
        let log_scale = !preset.runs.iter().all(|r| r.is_single_neuron());
        let params_view = params_view_by_default(&preset);
        let mut app = App {
            histories: vec![RunHistory::default(); n],
            diverged: vec![None; n],
            preset,
            state: RunState::Paused,
            epoch: 0,
            rate: 0.0,
            pace: DEFAULT_PACE,
            input_dim: 0,
            data_summary: String::new(),
            split: (0, None),
            digits: None,
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

    fn hint_start(&mut self) {
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

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
            posted: Instant::now(),
            until_running: false,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
            posted: Instant::now(),
            until_running: false,
        });
    }

    /// Applies a trainer event.
    pub fn on_event(&mut self, event: Event) {
        match event {
            Event::Loaded(loaded) => {
                let renamed = loaded.preset.name != self.preset.name;
                let n = loaded.preset.runs.len();
                if renamed || n != self.preset.runs.len() {
                    self.field = 0;
                    self.selected_run = 0;
                    self.normalized = loaded
                        .preset
                        .runs
                        .iter()
                        .any(|r| r.cost != loaded.preset.runs[0].cost);
                    // Networks: the epoch-0 cost dwarfs the rest; a log axis shows the learning.
                    self.log_scale = !loaded.preset.runs.iter().all(|r| r.is_single_neuron());
                    self.params_view = params_view_by_default(&loaded.preset);
                }
                self.preset = loaded.preset;
                self.histories = vec![RunHistory::default(); n];
                for (h, m) in self.histories.iter_mut().zip(&loaded.metrics) {
                    h.push(m);
                }
                self.diverged = vec![None; n];
                self.epoch = 0;
                self.rate = 0.0;
                self.cursor = None;
                self.input_dim = loaded.input_dim;
                self.data_summary = loaded.data_summary;
                self.split = loaded.split;
                self.digits = loaded.digits.map(|images| Digits {
                    images,
                    guesses: Vec::new(),
                });
                // "loading preset ..." is answered.
                if renamed {
                    self.hint_start();
                    if let Some(s) = &mut self.status {
                        s.text = format!("opened {:?}; {}", self.preset.name, s.text);
                    }
                }
            }
            Event::Progress {
                metrics,
                epoch,
                rate,
            } => {
                for (h, ms) in self.histories.iter_mut().zip(&metrics) {
                    for m in ms {
                        h.push(m);
                    }
                }
                self.epoch = epoch;
                // Single steps are not a speed worth showing.
                self.rate = if self.state == RunState::Running {
                    rate
                } else {
                    0.0
                };
            }
            Event::CostChanged { run, epoch, c0 } => {
                if let Some(h) = self.histories.get_mut(run) {
                    h.cost_changed(epoch as f64 + 0.5, c0);
                }
            }
            Event::RunRestarted(run, m) => {
                if let Some(h) = self.histories.get_mut(run) {
                    h.clear();
                    h.push(&m);
                }
                if let Some(d) = self.diverged.get_mut(run) {
                    *d = None;
                }
                self.epoch = self
                    .histories
                    .iter()
                    .filter_map(|h| h.latest.as_ref().map(|m| m.epoch))
                    .max()
                    .unwrap_or(0);
            }
            Event::State(state) => {
                if state == RunState::Finished && self.state != RunState::Finished {
                    self.info(format!(
                        "finished {} epochs; r resets, or raise the epochs in the editor",
                        self.epoch
                    ));
                }
                self.state = state;
                if state == RunState::Running
                    && self.status.as_ref().is_some_and(|s| s.until_running)
                {
                    self.status = None;
                }
                if state != RunState::Running {
                    self.rate = 0.0;
                }
            }
            Event::Diverged(run, epoch) => {
                if let Some(d) = self.diverged.get_mut(run) {
                    *d = Some(epoch);
                }
                let label = self
                    .preset
                    .runs
                    .get(run)
                    .map(|r| r.label.clone())
                    .unwrap_or_default();
                let reason = self.divergence_reason(run);
                self.error(format!(
                    "run {label:?} diverged at epoch {epoch} ({reason}) and stopped; lower its eta and press r"
                ));
            }
            Event::Guesses(g) => {
                if let Some(d) = &mut self.digits {
                    d.guesses = g;
                }
            }
            Event::Error(e) => self.error(e),
        }
    }

    /// Why run `run` was stopped, from its newest metrics: a cost or parameter that is not
    /// finite, or a parameter past the trainer's limit of 1e4 in magnitude.
    pub fn divergence_reason(&self, run: usize) -> String {
        let Some(m) = self.latest(run) else {
            return "its cost or a parameter left the finite range".into();
        };
        if !m.cost.is_finite() {
            return format!("cost {}", m.cost);
        }
        if let Some(n) = &m.neuron {
            let params = n.w.iter().chain([&n.b]);
            if let Some(v) = params.clone().find(|v| !v.is_finite()) {
                return format!("a parameter became {v}");
            }
            if let Some(v) = params
                .map(|v| v.abs())
                .filter(|v| *v > crate::net::network::DIVERGENCE_LIMIT)
                .reduce(f64::max)
            {
                return format!(
                    "|w| or |b| reached {v:.3e}, past the limit {:.0e}",
                    crate::net::network::DIVERGENCE_LIMIT
                );
            }
        }
        format!(
            "a weight or bias passed the limit {:.0e} in magnitude",
            crate::net::network::DIVERGENCE_LIMIT
        )
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
    fn text_key(&mut self, key: KeyEvent, mut input: TextInput) -> Option<TextInput> {
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
            Action::TogglePlay => match self.state {
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

    fn set_pace(&mut self, pace: usize) {
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

    fn params_nav(&mut self, action: Action) {
        let n = self.fields().len();
        match action {
            Action::Up => self.field = self.field.saturating_sub(1),
            Action::Down => self.field = (self.field + 1).min(n - 1),
            Action::Left => self.nudge(-1, false),
            Action::Right => self.nudge(1, false),
            Action::CoarseLeft => self.nudge(-1, true),
            Action::CoarseRight => self.nudge(1, true),
            Action::Enter => {
                let field = self.current_field();
                self.mode = Mode::Edit {
                    field,
                    buffer: TextInput::new(&self.field_text(field)),
                };
            }
            _ => {}
        }
        if let Some(r) = self.current_field().run() {
            self.selected_run = r;
        }
    }

    fn cursor_nav(&mut self, action: Action) {
        let last = self
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

    /// The text of a field's value (what Enter starts editing with).
    pub fn field_text(&self, field: Field) -> String {
        let run = field.run().and_then(|r| self.preset.runs.get(r));
        match (field, run) {
            (Field::W(_, j), Some(run)) => match &run.init {
                Init::Neuron { w, .. } => fmt_value(w.get(j).copied().unwrap_or(0.0)),
                _ => String::new(),
            },
            (Field::B(_), Some(run)) => match &run.init {
                Init::Neuron { b, .. } => fmt_value(*b),
                _ => String::new(),
            },
            (Field::Eta(_), Some(run)) => fmt_value(run.eta),
            (Field::Cost(_), Some(run)) => run.cost.name().to_string(),
            (Field::MiniBatch(_), Some(run)) => run.mini_batch.to_string(),
            (Field::Seed(_), Some(run)) => run.seed.unwrap_or(self.preset.seed).to_string(),
            (Field::Epochs, _) => self.preset.epochs.to_string(),
            (Field::Speed, _) => match self.pace() {
                Pace::PerSecond(r) => format!("{r}"),
                Pace::Unthrottled => "max".into(),
            },
            _ => String::new(),
        }
    }

    fn nudge(&mut self, dir: i32, coarse: bool) {
        let field = self.current_field();
        let up = dir > 0;
        let text = match field {
            Field::W(..) | Field::B(_) => {
                let v: f64 = self.field_text(field).parse().unwrap_or(0.0);
                let step = if coarse { 1.0 } else { 0.1 };
                fmt_value(((v + f64::from(dir) * step) * 1e6).round() / 1e6)
            }
            Field::Eta(_) => {
                let v: f64 = self.field_text(field).parse().unwrap_or(0.1);
                let factor: f64 = if coarse { 2.0 } else { 1.1 };
                let next = if up { v * factor } else { v / factor };
                fmt_value(round_sig(next, 4))
            }
            Field::Cost(r) => {
                let run = &self.preset.runs[r];
                let valid: Vec<Cost> = Cost::ALL
                    .into_iter()
                    .filter(|c| c.check_output(run.output).is_ok())
                    .collect();
                let i = valid.iter().position(|c| *c == run.cost).unwrap_or(0);
                let k = valid.len();
                let next = if up { (i + 1) % k } else { (i + k - 1) % k };
                if k == 1 {
                    self.info(format!(
                        "the {} output layer has one valid cost: {}",
                        run.output.name(),
                        valid[0].name()
                    ));
                    return;
                }
                valid[next].name().to_string()
            }
            Field::MiniBatch(r) => {
                let m = self.preset.runs[r].mini_batch;
                let next = match (up, coarse) {
                    (true, false) => m.saturating_add(1),
                    (false, false) => m.saturating_sub(1),
                    (true, true) => m.saturating_mul(2),
                    (false, true) => m / 2,
                };
                next.to_string()
            }
            Field::Seed(_) => {
                let s: u64 = self.field_text(field).parse().unwrap_or(0);
                let step = if coarse { 10 } else { 1 };
                (if up {
                    s.saturating_add(step)
                } else {
                    s.saturating_sub(step)
                })
                .to_string()
            }
            Field::Epochs => {
                let e = self.preset.epochs;
                let next = match (up, coarse) {
                    (true, false) => e.saturating_add((e / 10).max(1)),
                    (false, false) => e.saturating_sub((e / 10).max(1)),
                    (true, true) => e.saturating_mul(2),
                    (false, true) => e / 2,
                };
                next.to_string()
            }
            Field::Speed => {
                let step = if coarse { 3 } else { 1 };
                let p = if up {
                    (self.pace + step).min(PACES.len() - 1)
                } else {
                    self.pace.saturating_sub(step)
                };
                self.set_pace(p);
                return;
            }
        };
        self.commit_text(field, &text);
    }

    /// Validates and applies a typed or nudged value; refuses it with a message otherwise.
    pub fn commit_text(&mut self, field: Field, text: &str) {
        match self.apply_text(field, text) {
            Ok(msg) => self.info(msg),
            Err(e) => self.error(format!("{e}; value kept")),
        }
    }

    fn apply_text(&mut self, field: Field, text: &str) -> Result<String, String> {
        let number = |name: &str| -> Result<f64, String> {
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("{name} must be a finite number, got {text:?}"))
        };
        let r = field.run().unwrap_or(0);
        let label = self
            .preset
            .runs
            .get(r)
            .map(|run| run.label.clone())
            .unwrap_or_default();
        match field {
            Field::W(_, _) | Field::B(_) => {
                let name = if matches!(field, Field::B(_)) {
                    "b"
                } else {
                    "w"
                };
                let v = number(name)?;
                if v.abs() > 1000.0 {
                    return Err(format!("{name} must be between -1000 and 1000, got {v}"));
                }
                let Init::Neuron { w, b } = &mut self.preset.runs[r].init else {
                    return Err("this run does not start from explicit w and b".into());
                };
                match field {
                    Field::W(_, j) if j < w.len() => w[j] = v,
                    _ => *b = v,
                }
                let (w, b) = (w.clone(), *b);
                self.outbox.push(Command::Set(r, Param::Neuron { w, b }));
                Ok(format!("{label}: {name} = {v}; the run restarts from it"))
            }
            Field::Eta(_) => {
                let v = number("eta")?;
                if v <= 0.0 || v > 1e6 {
                    return Err(format!(
                        "eta must be greater than 0 and at most 1e6, got {v}"
                    ));
                }
                self.preset.runs[r].eta = v;
                self.outbox.push(Command::Set(r, Param::Eta(v)));
                Ok(format!("{label}: eta = {v} from the next mini-batch"))
            }
            Field::Cost(_) => {
                let wanted = text.to_ascii_lowercase().replace(['_', ' '], "-");
                let cost = Cost::ALL
                    .into_iter()
                    .find(|c| c.name() == wanted || c.name().replace('-', "") == wanted)
                    .ok_or_else(|| {
                        format!(
                            "unknown cost {text:?}; accepted: quadratic, cross-entropy, log-likelihood"
                        )
                    })?;
                let output = self.preset.runs[r].output;
                cost.check_output(output).map_err(|e| e.to_string())?;
                self.preset.runs[r].cost = cost;
                self.outbox.push(Command::Set(r, Param::Cost(cost)));
                Ok(format!(
                    "{label}: cost = {} from the next mini-batch",
                    cost.name()
                ))
            }
            Field::MiniBatch(_) => {
                let m: usize = text
                    .parse()
                    .ok()
                    .filter(|m| (1..=10_000_000).contains(m))
                    .ok_or_else(|| {
                        format!(
                            "mini_batch must be a whole number from 1 to 10000000, got {text:?}"
                        )
                    })?;
                self.preset.runs[r].mini_batch = m;
                self.outbox.push(Command::Set(r, Param::MiniBatch(m)));
                Ok(format!("{label}: mini_batch = {m} from the next epoch"))
            }
            Field::Seed(_) => {
                let s: u64 = text
                    .parse()
                    .map_err(|_| format!("the seed must be a whole number >= 0, got {text:?}"))?;
                self.preset.runs[r].seed = Some(s);
                self.outbox.push(Command::Set(r, Param::Seed(s)));
                Ok(format!("{label}: seed = {s}; the run restarts"))
            }
            Field::Epochs => {
                let e: u64 = text
                    .parse()
                    .ok()
                    .filter(|e| (1..=MAX_EPOCHS).contains(e))
                    .ok_or_else(|| {
                        format!(
                            "epochs must be a whole number from 1 to {MAX_EPOCHS}, got {text:?}"
                        )
                    })?;
                self.preset.epochs = e;
                self.outbox.push(Command::SetEpochs(e));
                Ok(format!("epochs = {e}"))
            }
            Field::Speed => {
                let wanted = text.to_ascii_lowercase();
                let i = if wanted == "max" || wanted == "unthrottled" {
                    PACES.len() - 1
                } else {
                    let v: f64 = number("speed")?;
                    if v <= 0.0 {
                        return Err(format!(
                            "speed must be greater than 0 epochs/s or \"max\", got {v}"
                        ));
                    }
                    PACES
                        .iter()
                        .position(|p| matches!(p, Pace::PerSecond(r) if *r >= v))
                        .unwrap_or(PACES.len() - 1)
                };
                self.set_pace(i);
                Ok(format!("speed: {}", self.pace().describe()))
            }
        }
    }

    fn exercise_nav(&mut self, action: Action) {
        let reg = exercises::registry();
        let ex = &mut self.exercises;
        if !ex.on_inputs {
            match action {
                Action::Up => {
                    ex.selected = ex.selected.saturating_sub(1);
                    ex.scroll = 0;
                }
                Action::Down => {
                    ex.selected = (ex.selected + 1).min(reg.len().saturating_sub(1));
                    ex.scroll = 0;
                }
                Action::Enter | Action::Right => {
                    ex.on_inputs = true;
                    ex.input = 0;
                }
                _ => {}
            }
            return;
        }
        let Some(exercise) = reg.get(ex.selected) else {
            return;
        };
        let inputs = exercise.inputs();
        if inputs.is_empty() {
            ex.on_inputs = false;
            return;
        }
        let k = ex.input.min(inputs.len() - 1);
        let input = inputs[k];
        let current = ex.values[ex.selected].as_slice()[k];
        match action {
            Action::Up => ex.input = ex.input.saturating_sub(1),
            Action::Down => ex.input = (ex.input + 1).min(inputs.len() - 1),
            Action::Left | Action::Right | Action::CoarseLeft | Action::CoarseRight => {
                let mult = match action {
                    Action::CoarseLeft | Action::CoarseRight => 10.0,
                    _ => 1.0,
                };
                let sign = if matches!(action, Action::Left | Action::CoarseLeft) {
                    -1.0
                } else {
                    1.0
                };
                let v = (current + sign * mult * input.step).clamp(input.min, input.max);
                self.set_input(k, round_sig(v, 10));
            }
            Action::Enter => {
                self.mode = Mode::EditInput {
                    input: k,
                    buffer: TextInput::new(&fmt_value(current)),
                }
            }
            _ => {}
        }
    }

    fn set_input(&mut self, k: usize, v: f64) {
        let reg = exercises::registry();
        let ex = &mut self.exercises;
        let Some(exercise) = reg.get(ex.selected) else {
            return;
        };
        let Some(input) = exercise.inputs().get(k) else {
            return;
        };
        match ex.values[ex.selected].set(input.name, v) {
            Ok(()) => {
                ex.outcomes[ex.selected] = exercise.evaluate(&ex.values[ex.selected]);
                let msg = format!("{} = {}", input.name, fmt_value(v));
                self.info(msg);
            }
            Err(e) => self.error(format!("{e}; value kept")),
        }
    }

    fn picker_key(&mut self, key: KeyEvent, entries: Vec<PresetEntry>, selected: usize) {
        let n = entries.len();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('p') => self.mode = Mode::Normal,
            KeyCode::Up | KeyCode::Char('k') => {
                self.mode = Mode::Picker {
                    entries,
                    selected: selected.saturating_sub(1),
                }
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.mode = Mode::Picker {
                    entries,
                    selected: (selected + 1).min(n.saturating_sub(1)),
                }
            }
            KeyCode::Enter => {
                self.mode = Mode::Normal;
                if let Some(entry) = entries.get(selected) {
                    self.load(&entry.source);
                }
            }
            _ => self.mode = Mode::Picker { entries, selected },
        }
    }

    /// Loads a preset by name or path; on error keeps the current one and says why.
    pub fn load(&mut self, source: &str) {
        match Preset::load(source) {
            Ok(p) => {
                self.info(format!("loading preset {:?}", p.name));
                self.outbox.push(Command::Load(Box::new(p)));
            }
            Err(e) => self.error(format!("{e}; keeping preset {:?}", self.preset.name)),
        }
    }

    fn save_key(&mut self, key: KeyEvent, buffer: TextInput, confirm: bool) {
        if confirm {
            match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.mode = Mode::Normal;
                    self.save(Path::new(buffer.text().trim()), true);
                }
                _ => {
                    self.mode = Mode::Save {
                        buffer,
                        confirm: false,
                    };
                    self.info("not overwritten; edit the path or Esc");
                }
            }
            return;
        }
        if let Some(buffer) = self.text_key(key, buffer.clone()) {
            self.mode = Mode::Save {
                buffer,
                confirm: false,
            };
        } else if key.code == KeyCode::Enter {
            let path = PathBuf::from(buffer.text().trim());
            if path.exists() {
                self.mode = Mode::Save {
                    buffer,
                    confirm: true,
                };
            } else {
                self.mode = Mode::Normal;
                self.save(&path, false);
            }
        }
    }

    /// Writes the current settings as a RON preset, atomically; errors go to the status line.
    /// The preset is named after the file and says what it was derived from, so reopening
    /// it shows the new name and not the built-in's story alone.
    pub fn save(&mut self, path: &Path, overwrite: bool) {
        let result = saved_preset(&self.preset, path)
            .to_ron()
            .and_then(|text| write_atomic(path, text.as_bytes(), overwrite));
        match result {
            Ok(()) => self.info(format!("saved the settings to {}", path.display())),
            Err(e) => self.error(format!("cannot save to {}: {e}", path.display())),
        }
    }

    /// Exports every run's history as CSV into `export_dir`, under a fresh name.
    pub fn export(&mut self) {
        let base = format!("nnlab-{}-epoch{}", sanitize(&self.preset.name), self.epoch);
        let mut path = self.export_dir.join(format!("{base}.csv"));
        let mut k = 1;
        while path.exists() && k < 1000 {
            path = self.export_dir.join(format!("{base}-{k}.csv"));
            k += 1;
        }
        let csv = self.metrics_csv();
        match write_atomic(&path, csv.as_bytes(), false) {
            Ok(()) => self.info(format!(
                "exported {} rows to {}",
                csv.lines().count().saturating_sub(1),
                path.display()
            )),
            Err(e) => self.error(format!("cannot export to {}: {e}", path.display())),
        }
    }

    /// The metrics of all runs as CSV (`run,epoch,cost,eval_cost,accuracy`).
    pub fn metrics_csv(&self) -> String {
        let mut out = String::from("run,epoch,cost,eval_cost,accuracy\n");
        for (run, h) in self.preset.runs.iter().zip(&self.histories) {
            let evals = h.eval_cost.points();
            let accs = h.accuracy.points();
            let find = |pts: &[(f64, f64)], e: f64| {
                pts.iter()
                    .find(|p| p.0 == e)
                    .map(|p| p.1.to_string())
                    .unwrap_or_default()
            };
            for (e, c) in h.cost.points() {
                out += &format!(
                    "{},{},{},{},{}\n",
                    csv_field(&run.label),
                    e,
                    c,
                    find(&evals, e),
                    find(&accs, e)
                );
            }
        }
        out
    }

    /// The newest metrics of a run.
    pub fn latest(&self, run: usize) -> Option<&EpochMetrics> {
        self.histories.get(run).and_then(|h| h.latest.as_ref())
    }
}

/// The preset as saved to `path`: named after the file, its description saying where it came
/// from (the settings themselves are the ones in force).
pub fn saved_preset(preset: &Preset, path: &Path) -> Preset {
    let mut saved = preset.clone();
    if let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned())
        && !stem.is_empty()
    {
        saved.name = stem;
    }
    if saved.name != preset.name {
        let original = preset
            .description
            .strip_prefix("Derived in the lab from ")
            .map_or(preset.description.as_str(), |_| "");
        saved.description = format!(
            "Derived in the lab from preset {:?}, with the settings in force when saved (see the runs below).{}",
            preset.name,
            if original.is_empty() {
                String::new()
            } else {
                format!(" The original: {original}")
            }
        );
    }
    saved
}

/// The presets the picker lists: built-ins, `./presets/*.ron`, and the user's directory.
pub fn preset_entries(user_dir: &Path) -> Vec<PresetEntry> {
    let mut out: Vec<PresetEntry> = BUILTIN
        .iter()
        .map(|(name, _)| PresetEntry {
            name: (*name).to_string(),
            origin: "built-in".into(),
            source: (*name).to_string(),
            description: describe(name),
        })
        .collect();
    for (dir, origin) in [
        (PathBuf::from("presets"), "./presets".to_string()),
        (user_dir.to_path_buf(), user_dir.display().to_string()),
    ] {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let source = path.display().to_string();
            out.push(PresetEntry {
                name,
                origin: origin.clone(),
                description: describe(&source),
                source,
            });
        }
    }
    out
}

/// A preset's description for the picker, or why it cannot be opened.
fn describe(source: &str) -> String {
    match Preset::load(source) {
        Ok(p) => p.description,
        Err(e) => format!("cannot be opened: {e}"),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory, then renames it.
/// Without `overwrite`, an existing file is an error.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), String> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| e.to_string())?;
    tmp.write_all(bytes).map_err(|e| e.to_string())?;
    tmp.flush().map_err(|e| e.to_string())?;
    if overwrite {
        tmp.persist(path).map_err(|e| e.error.to_string())?;
    } else {
        tmp.persist_noclobber(path)
            .map_err(|e| e.error.to_string())?;
    }
    Ok(())
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Rounds to `digits` significant digits.
pub fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// A value as the editor shows it: short, exact enough to retype.
pub fn fmt_value(v: f64) -> String {
    if v == 0.0 || (1e-4..1e6).contains(&v.abs()) {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{v:e}")
    }
}
