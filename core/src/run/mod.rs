//! The run layer, where the book layer and the fast layer meet: a run's configuration
//! ([`RunConfig`]), one [`Run`] (it trains with the fast layer, watches for divergence and
//! measures its metrics), the settings a user can change while it trains ([`settings`]: one
//! home for [`RunId`], [`Param`] and [`Applied`]), the [`session`] that steps all runs of a
//! preset, and the [`replay`] of a lab session.

pub mod config;
pub mod de;
pub mod divergence;
pub mod replay;
pub mod session;
pub mod settings;
pub(crate) mod train;
pub mod update;

pub use crate::fast::exp_vector::vector_path;
pub use crate::fast::neuron::{NeuronLoop, NeuronRule, NeuronSamples};
pub use crate::fast::pipeline::{EpochReport, Pipelining};
pub use crate::fast::workspace::{
    EVAL_CHUNK, Workspace, eval_threads, evaluate, evaluate_with_threads,
};
pub use config::{RunConfig, RunError};
pub use divergence::{Diverged, Divergence};
pub use settings::{Applied, Param, RunId, apply_param};
pub use train::{
    EpochMetrics, Evaluation, LayerGradient, MetricsSnapshot, NeuronMetrics, PLANAR_PARAMETERS,
    Run, Trained, planar_copy,
};
pub use update::Update;
