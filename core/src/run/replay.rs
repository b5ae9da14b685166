//! Replaying a lab session headless: the preset a session started from, plus every setting the
//! trainer accepted and at which epoch of which run, determines every epoch of every run
//! exactly (runs are deterministic). The lab's `e` export recomputes all epochs from this
//! journal instead of keeping them in memory (its history is thinned).

use crate::data::Dataset;
use crate::preset::Preset;
use crate::run::config::RunError;
use crate::run::settings::{Applied, Param, RunId, apply_param};
use crate::run::train::{EpochMetrics, Run};

/// What a session started from and what was changed since, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Journal {
    /// The preset (with the settings in force) at the last load or reset.
    pub preset: Preset,
    /// The settings accepted since, in the order the trainer applied them.
    pub changes: Vec<Applied>,
}

/// Why a replay stopped.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// A run could not be rebuilt or a setting re-applied (the journal does not fit the data).
    #[error("run {run}: {source}")]
    Run {
        /// The run's index.
        run: RunId,
        /// What went wrong.
        source: RunError,
    },
    /// The sink refused a row (a write failed).
    #[error("{0}")]
    Sink(String),
}

impl Journal {
    /// A journal starting at `preset`, with no changes yet.
    pub fn new(preset: Preset) -> Journal {
        Journal {
            preset,
            changes: Vec::new(),
        }
    }

    /// Recomputes every run of the journal and hands `emit` each run's metrics of every epoch
    /// since its last restart, from epoch 0 up to `targets[run]` (or its divergence, whichever
    /// comes first), in the order `nnlab run` prints them: epoch by epoch, runs in preset order
    /// within an epoch. Memory stays that of the runs themselves, whatever the epochs.
    pub fn replay(
        &self,
        data: &Dataset,
        targets: &[u64],
        mut emit: impl FnMut(RunId, &EpochMetrics) -> Result<(), String>,
    ) -> Result<(), ReplayError> {
        let seed = self.preset.seed;
        // A new w, b or seed restarted every run from its own start (the runs share one epoch
        // origin): replay from the last such change, with every setting before it in the
        // configurations, and the settings after it at their epochs.
        let restarts = |c: &Applied| matches!(c.param, Param::Seed(_) | Param::Neuron { .. });
        let split = self.changes.iter().rposition(restarts).map_or(0, |k| k + 1);
        let mut configs = self.preset.runs.clone();
        for c in &self.changes[..split] {
            if let Some(config) = configs.get_mut(c.run) {
                c.param.apply_to(config);
            }
        }
        let mut runs = Vec::with_capacity(configs.len());
        let mut pending: Vec<std::collections::VecDeque<&Applied>> = Vec::new();
        for (i, config) in configs.into_iter().enumerate() {
            let err = |source| ReplayError::Run { run: i, source };
            runs.push(Run::new(config, seed, data).map_err(err)?);
            pending.push(
                self.changes[split..]
                    .iter()
                    .filter(|c| c.run == i)
                    .collect(),
            );
        }
        let sink = ReplayError::Sink;
        let mut live: Vec<bool> = vec![true; runs.len()];
        for (i, run) in runs.iter_mut().enumerate() {
            let m = run.metrics(data);
            emit(i, &m).map_err(sink)?;
        }
        loop {
            let mut any = false;
            for (i, run) in runs.iter_mut().enumerate() {
                let target = targets.get(i).copied().unwrap_or(0);
                if !live[i] || run.epoch >= target || run.diverged_at().is_some() {
                    live[i] = false;
                    continue;
                }
                while let Some(c) = pending[i].front().filter(|c| c.epoch <= run.epoch) {
                    apply_param(run, c.param.clone(), seed, data)
                        .map_err(|source| ReplayError::Run { run: i, source })?;
                    pending[i].pop_front();
                }
                let m = run.train_epoch(data);
                emit(i, &m).map_err(sink)?;
                any = true;
            }
            if !any {
                return Ok(());
            }
        }
    }
}
