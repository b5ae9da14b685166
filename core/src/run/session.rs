//! A preset being trained: its data and all its runs, stepped together epoch by epoch.
//! Both the headless runner and the TUI's trainer thread drive one of these.

use crate::data::Dataset;
use crate::preset::Preset;
use crate::run::config::RunError;
use crate::run::train::{EpochMetrics, Run};
use std::sync::Arc;

/// Why a session could not start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SessionError {
    /// The data could not be loaded.
    #[error("preset {preset:?}: cannot load its data: {message}")]
    Data {
        /// The preset's name.
        preset: String,
        /// What went wrong.
        message: String,
    },
    /// The runs together need more weights than one network may have.
    #[error(
        "preset {preset:?}: its runs together need {count} weights and biases, more than the limit of {limit} for a whole preset"
    )]
    TooLarge {
        /// The preset's name.
        preset: String,
        /// Weights and biases over all runs.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A run could not be built.
    #[error("preset {preset:?}, run {run:?}: {source}")]
    Run {
        /// The preset's name.
        preset: String,
        /// The run's label.
        run: String,
        /// What went wrong.
        source: RunError,
    },
}

/// A preset, its data, and one [`Run`] per run of the preset.
#[derive(Debug, Clone)]
pub struct Session {
    /// The preset as loaded (seed possibly overridden).
    pub preset: Preset,
    /// The data every run trains on (shared, read-only).
    pub data: Arc<Dataset>,
    /// The runs, in the preset's order.
    pub runs: Vec<Run>,
}

impl Session {
    /// Loads the preset's data and builds its runs.
    pub fn new(preset: Preset) -> Result<Session, SessionError> {
        check_total_size(&preset)?;
        let data = preset.load_data().map_err(|message| SessionError::Data {
            preset: preset.name.clone(),
            message,
        })?;
        Session::with_data(preset, Arc::new(data))
    }

    /// Builds the runs on data already loaded.
    pub fn with_data(preset: Preset, data: Arc<Dataset>) -> Result<Session, SessionError> {
        check_total_size(&preset)?;
        let runs = preset
            .runs
            .iter()
            .map(|config| {
                Run::new(config.clone(), preset.seed, &data).map_err(|source| SessionError::Run {
                    preset: preset.name.clone(),
                    run: config.label.clone(),
                    source,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Session { preset, data, runs })
    }

    /// The metrics of every run now (at the start: epoch 0).
    pub fn metrics(&mut self) -> Vec<EpochMetrics> {
        let data = Arc::clone(&self.data);
        self.runs.iter_mut().map(|r| r.metrics(&data)).collect()
    }

    /// Trains every run one epoch; returns each run's metrics after it.
    pub fn step(&mut self) -> Vec<EpochMetrics> {
        let data = Arc::clone(&self.data);
        self.runs.iter_mut().map(|r| r.train_epoch(&data)).collect()
    }

    /// Trains every run one epoch, measuring each run's metrics only when `report` asks for
    /// them or the run diverged in this epoch (see [`Run::train_epoch_reporting`]); the
    /// metrics given are the same as [`Session::step`] gives.
    pub fn step_reporting(&mut self, report: bool) -> Vec<Option<EpochMetrics>> {
        let data = Arc::clone(&self.data);
        self.runs
            .iter_mut()
            .map(|r| r.train_epoch_reporting(&data, report))
            .collect()
    }

    /// Epochs done (the most any run has done).
    pub fn epoch(&self) -> u64 {
        self.runs.iter().map(|r| r.epoch).max().unwrap_or(0)
    }

    /// True when every run has done the preset's epochs or diverged.
    pub fn finished(&self) -> bool {
        self.runs
            .iter()
            .all(|r| r.epoch >= self.preset.epochs || r.diverged_at().is_some())
    }
}

/// The whole preset's weights and biases (all runs together) within
/// [`MAX_PARAMETERS`](crate::book::network::MAX_PARAMETERS), checked before anything is built.
pub fn check_total_size(preset: &Preset) -> Result<(), SessionError> {
    let limit = crate::book::network::MAX_PARAMETERS;
    let count = preset
        .runs
        .iter()
        .map(|r| {
            r.layers.windows(2).try_fold(0usize, |acc, p| {
                p[0].checked_mul(p[1])?.checked_add(p[1])?.checked_add(acc)
            })
        })
        .try_fold(0usize, |acc, c| acc.checked_add(c?));
    match count {
        Some(c) if c <= limit => Ok(()),
        c => Err(SessionError::TooLarge {
            preset: preset.name.clone(),
            count: c.unwrap_or(usize::MAX),
            limit,
        }),
    }
}
