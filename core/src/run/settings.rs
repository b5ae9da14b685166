//! The settings a user can change while a run trains, in one home that the trainer, the
//! replay and the lab all import: which run ([`RunId`]), what to set ([`Param`]), a setting the
//! trainer accepted ([`Applied`]) and how it is applied to a run ([`apply_param`]), exactly as
//! the trainer and the replay both do it.

use super::config::RunConfig;
use super::config::RunError;
use super::train::Run;
use crate::book::{Cost, Init};
use crate::data::Dataset;

/// Index of a run in its preset.
pub type RunId = usize;

/// A parameter of one run that the user can change.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// The learning rate (applies from the next mini-batch).
    Eta(f64),
    /// The cost (applies from the next mini-batch).
    Cost(Cost),
    /// The mini-batch size (applies from the next epoch).
    MiniBatch(usize),
    /// The run's seed (restarts the run).
    Seed(u64),
    /// The single neuron's starting weights and bias (restarts the run from them).
    Neuron {
        /// One weight per input.
        w: Vec<f64>,
        /// The bias.
        b: f64,
    },
}

impl Param {
    /// Writes the setting into a run's configuration, as the trainer does when it accepts it:
    /// what a view of accepted settings (the lab's editor) follows on [`crate::trainer::Event::Applied`].
    pub fn apply_to(&self, config: &mut RunConfig) {
        match self {
            Param::Eta(eta) => config.eta = *eta,
            Param::Cost(cost) => config.cost = *cost,
            Param::MiniBatch(m) => config.mini_batch = *m,
            Param::Seed(s) => config.seed = Some(*s),
            Param::Neuron { w, b } => {
                config.init = Init::Neuron {
                    w: w.clone(),
                    b: *b,
                };
            }
        }
    }

    /// True when `other` sets the same parameter (whatever its value).
    pub fn same_kind(&self, other: &Param) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// A setting the trainer accepted: applied to run `run` when it had done `epoch` epochs.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The run.
    pub run: RunId,
    /// The run's epochs done when the setting took effect.
    pub epoch: u64,
    /// The setting.
    pub param: Param,
}

/// Applies one setting to a run, exactly as the trainer does; returns true if the run
/// restarted (a new seed or new starting weights), false if it goes on.
pub fn apply_param(
    run: &mut Run,
    param: Param,
    preset_seed: u64,
    data: &Dataset,
) -> Result<bool, RunError> {
    match param {
        Param::Eta(eta) => {
            run.set_eta(eta)?;
            Ok(false)
        }
        Param::Cost(cost) => {
            let mut wanted = run.config.clone();
            wanted.cost = cost;
            wanted.check_with(data)?;
            run.set_cost(cost)?;
            Ok(false)
        }
        Param::MiniBatch(m) => {
            run.set_mini_batch(m)?;
            Ok(false)
        }
        Param::Seed(s) => {
            let mut config = run.config.clone();
            config.seed = Some(s);
            *run = Run::new(config, preset_seed, data)?;
            Ok(true)
        }
        Param::Neuron { w, b } => {
            run.reset(Some(Init::Neuron { w, b }), data)?;
            Ok(true)
        }
    }
}
