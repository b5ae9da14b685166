//! What the trainer sent, merged (bottom's DataStore): the one place where the UI consumes
//! trainer events. [`Store::apply`] folds an event in and says what the view should react to;
//! the view state (tabs, cursor, editor, status) lives in [`super::app::App`].

use crate::metrics::RunHistory;
use crate::preset::Preset;
use crate::run::{Diverged, EpochMetrics};
use crate::trainer::{DigitImages, Event, RunState};

/// Digits and the network's guesses (784-input presets).
#[derive(Debug, Clone, PartialEq)]
pub struct Digits {
    /// The images and labels.
    pub images: DigitImages,
    /// Guesses per run per image.
    pub guesses: Vec<Vec<usize>>,
}

/// Everything the trainer reported.
#[derive(Debug, Clone)]
pub struct Store {
    /// One history per run.
    pub histories: Vec<RunHistory>,
    /// The trainer's state.
    pub state: RunState,
    /// Epochs done.
    pub epoch: u64,
    /// Measured epochs per second.
    pub rate: f64,
    /// When and why each run stopped, if it diverged (the trainer's [`Diverged`]).
    pub diverged: Vec<Option<Diverged>>,
    /// Features per example.
    pub input_dim: usize,
    /// Each cost's know-nothing baseline on the training targets.
    pub baselines: crate::metrics::reading::Baselines,
    /// The first training example (x, y), for the formula view.
    pub first_example: Option<(Vec<f64>, Vec<f64>)>,
    /// Data summary.
    pub data_summary: String,
    /// Training examples, and held-out evaluation examples (None: evaluated on the training set).
    pub split: (usize, Option<usize>),
    /// The digits pane's content.
    pub digits: Option<Digits>,
    /// The preset at the last load or reset and the settings accepted since: what the CSV
    /// export replays (None before the trainer loaded anything).
    pub journal: Option<crate::run::replay::Journal>,
}

/// What an event means for the view.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Nothing beyond the data.
    Data,
    /// A preset was loaded or reset: the settings the trainer accepted.
    Loaded(Box<Preset>),
    /// The trainer's state changed from `from`.
    State {
        /// The previous state.
        from: RunState,
    },
    /// A run stopped: its label is looked up by the view.
    Diverged {
        /// The run.
        run: usize,
        /// When and which limit it passed, as the engine decided.
        diverged: Diverged,
    },
    /// The trainer accepted a run's setting: the editor shows it from now on.
    Applied(crate::run::Applied),
    /// The trainer accepted a new epoch count.
    Epochs(u64),
    /// A command was refused.
    Error(String),
}

impl Store {
    /// An empty store for `runs` runs.
    pub fn new(runs: usize) -> Store {
        Store {
            histories: vec![RunHistory::default(); runs],
            state: RunState::Paused,
            epoch: 0,
            rate: 0.0,
            diverged: vec![None; runs],
            input_dim: 0,
            baselines: crate::metrics::reading::Baselines::default(),
            first_example: None,
            data_summary: String::new(),
            split: (0, None),
            digits: None,
            journal: None,
        }
    }

    /// Folds in one trainer event.
    pub fn apply(&mut self, event: Event) -> Change {
        match event {
            Event::Loaded(loaded) => {
                let n = loaded.preset.runs.len();
                self.histories = vec![RunHistory::default(); n];
                for (h, m) in self.histories.iter_mut().zip(&loaded.metrics) {
                    h.push(m);
                }
                self.diverged = vec![None; n];
                self.epoch = 0;
                self.rate = 0.0;
                self.input_dim = loaded.input_dim;
                self.baselines = loaded.baselines;
                self.first_example = loaded.first_example;
                self.data_summary = loaded.data_summary;
                self.split = loaded.split;
                self.digits = loaded.digits.map(|images| Digits {
                    images,
                    guesses: Vec::new(),
                });
                self.journal = Some(crate::run::replay::Journal::new(loaded.preset.clone()));
                Change::Loaded(Box::new(loaded.preset))
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
                Change::Data
            }
            Event::CostChanged { run, epoch, c0 } => {
                if let Some(h) = self.histories.get_mut(run) {
                    h.cost_changed(epoch as f64 + 0.5, c0);
                }
                Change::Data
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
                Change::Data
            }
            Event::State(state) => {
                let from = self.state;
                self.state = state;
                if state != RunState::Running {
                    self.rate = 0.0;
                }
                Change::State { from }
            }
            Event::Diverged(run, diverged) => {
                if let Some(d) = self.diverged.get_mut(run) {
                    *d = Some(diverged.clone());
                }
                Change::Diverged { run, diverged }
            }
            Event::Guesses(g) => {
                if let Some(d) = &mut self.digits {
                    d.guesses = g;
                }
                Change::Data
            }
            Event::Applied(applied) => {
                if let Some(j) = &mut self.journal {
                    j.changes.push(applied.clone());
                }
                Change::Applied(applied)
            }
            Event::Epochs(epochs) => Change::Epochs(epochs),
            Event::Error(e) => Change::Error(e),
        }
    }

    /// The newest metrics of a run.
    pub fn latest(&self, run: usize) -> Option<&EpochMetrics> {
        self.histories.get(run).and_then(|h| h.latest.as_ref())
    }
}
