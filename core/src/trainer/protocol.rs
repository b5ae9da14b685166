//! What the UI and the trainer thread say to each other: the [`Command`]s the UI sends, the
//! [`Event`]s the trainer answers with, and the pace and parameters they name.

use crate::preset::Preset;
use crate::run::EpochMetrics;
pub use crate::run::settings::{Param, RunId};

/// Epochs per second of the playback, or as fast as the machine goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// A fixed number of epochs per second (> 0).
    PerSecond(f64),
    /// No throttle.
    Unthrottled,
}

/// The speeds the `[` and `]` keys step through.
pub const PACES: &[Pace] = &[
    Pace::PerSecond(1.0),
    Pace::PerSecond(2.0),
    Pace::PerSecond(5.0),
    Pace::PerSecond(10.0),
    Pace::PerSecond(20.0),
    Pace::PerSecond(30.0),
    Pace::PerSecond(60.0),
    Pace::PerSecond(120.0),
    Pace::PerSecond(300.0),
    Pace::PerSecond(1000.0),
    Pace::PerSecond(3000.0),
    Pace::PerSecond(10000.0),
    Pace::Unthrottled,
];

/// The default pace: a toy preset's 300 epochs in five seconds, like the book's animation.
pub const DEFAULT_PACE: usize = 6;

/// What the UI asks the trainer to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Train continuously at the current pace.
    Start,
    /// Stop training.
    Pause,
    /// Train this many epochs, then pause.
    Step(u64),
    /// Restart every run of the preset (with the current settings).
    Reset,
    /// Change one run's parameter.
    Set(RunId, Param),
    /// Change the preset's epoch count.
    SetEpochs(u64),
    /// Replace the preset.
    Load(Box<Preset>),
    /// Change the playback speed.
    Speed(Pace),
    /// Stop the thread.
    Quit,
}

/// Whether the trainer is training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Training continuously.
    Running,
    /// Waiting for a command.
    Paused,
    /// Every run did the preset's epochs or diverged.
    Finished,
}

/// Evaluation images shown by the digits pane (presets with 784 = 28 x 28 inputs).
#[derive(Debug, Clone, PartialEq)]
pub struct DigitImages {
    /// Pixels in [0, 1], 784 per image, row by row.
    pub pixels: Vec<Vec<f64>>,
    /// The true digit of each image.
    pub labels: Vec<usize>,
}

/// A (re)started preset: what the UI needs to draw it from scratch.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The preset with the settings in force.
    pub preset: Preset,
    /// Each run's metrics at epoch 0.
    pub metrics: Vec<EpochMetrics>,
    /// Features per example.
    pub input_dim: usize,
    /// One-line summary of the data.
    pub data_summary: String,
    /// Training examples, and held-out evaluation examples (None: evaluated on the training set).
    pub split: (usize, Option<usize>),
    /// Images for the digits pane, when the inputs are 28 x 28 images.
    pub digits: Option<DigitImages>,
    /// What a model that learned nothing scores under each cost on the training targets
    /// ([`crate::metrics::reading`]): the lab reads each run's cost against it.
    pub baselines: crate::metrics::reading::Baselines,
    /// The first training example (x, y) when the inputs are few (at most 16 features): the
    /// formula view substitutes it into the gradient.
    pub first_example: Option<(Vec<f64>, Vec<f64>)>,
}

/// What the trainer tells the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A preset was loaded or reset.
    Loaded(Box<Loaded>),
    /// New epochs: for each run, metrics in increasing epoch (thinned when many).
    Progress {
        /// Per run.
        metrics: Vec<Vec<EpochMetrics>>,
        /// Epochs done (the most of any run).
        epoch: u64,
        /// Measured training speed in epochs per second.
        rate: f64,
    },
    /// A run restarted from epoch 0; its history starts again from these metrics. A new w, b or
    /// seed for one run restarts every run (one event each), so side-by-side runs share one
    /// epoch origin.
    RunRestarted(RunId, Box<EpochMetrics>),
    /// The trainer's state changed.
    State(RunState),
    /// A run's cost function changed: epochs after `epoch` are measured with it, and `c0` is the
    /// run's starting state's cost under it (for C/C0).
    CostChanged {
        /// The run.
        run: RunId,
        /// The last epoch measured with the old cost.
        epoch: u64,
        /// The starting cost under the new cost.
        c0: f64,
    },
    /// A run passed a limit (a parameter past 1e4 or not finite, a cost not finite) and stopped
    /// training: when and which ([`crate::run::Diverged`]).
    Diverged(RunId, crate::run::Diverged),
    /// The network's guesses (argmax) for each digit image, per run.
    Guesses(Vec<Vec<usize>>),
    /// A run's setting was accepted (after any `RunRestarted` or `CostChanged` it caused):
    /// what replaying the session needs ([`crate::run::replay::Journal`]).
    Applied(crate::run::settings::Applied),
    /// The preset's epoch count was accepted ([`Command::SetEpochs`]).
    Epochs(u64),
    /// A command was refused or failed; the previous state is kept.
    Error(String),
}

/// Merges queued commands: of several `Set` commands for the same run and parameter only the
/// last is kept (in its place), since each would otherwise restart or reconfigure the run in
/// turn. Other commands keep their order.
pub fn coalesce(commands: Vec<Command>) -> Vec<Command> {
    let same = |a: &Command, b: &Command| match (a, b) {
        (Command::Set(r1, p1), Command::Set(r2, p2)) => r1 == r2 && p1.same_kind(p2),
        _ => false,
    };
    // A later Set of the same kind with no other command between them replaces this one.
    let superseded: Vec<bool> = commands
        .iter()
        .enumerate()
        .map(|(k, c)| {
            commands[k + 1..]
                .iter()
                .take_while(|n| matches!(n, Command::Set(..)))
                .any(|n| same(c, n))
        })
        .collect();
    commands
        .into_iter()
        .zip(superseded)
        .filter_map(|(c, gone)| (!gone).then_some(c))
        .collect()
}
