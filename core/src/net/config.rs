//! A run's configuration ([`RunConfig`]) as a preset writes it, and the update rule.

use super::init::Init;
use super::network::NetworkError;
use crate::math::{Cost, CostError, OutputLayer};
use serde::{Deserialize, Serialize};

/// How a run turns the output error into a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Update {
    /// w -> w - eta dC/dw, b -> b - eta dC/db with the true gradient (Eq. 55-56, 61-62).
    #[default]
    Gradient,
    /// The step of the book's in-browser animations: the output error is dC/da instead of
    /// dC/dz, i.e. the sigma'(z) factor is left out (sigmoid output layer only). For the
    /// cross-entropy with y = 0 that is a step of 1/(1 - a) where Eq. (61) gives a.
    BookDemo,
}

impl Update {
    /// Short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Update::Gradient => "gradient",
            Update::BookDemo => "book-demo",
        }
    }
}

/// One run of a preset: a network, its cost and its hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Name shown in legends and output (unique within a preset).
    pub label: String,
    /// Neurons per layer, inputs first: `[1, 1]` is the toy neuron, `[784, 30, 10]` the book's
    /// MNIST network.
    #[serde(deserialize_with = "crate::net::de::layers")]
    pub layers: Vec<usize>,
    /// The output layer's activation.
    #[serde(default = "default_output")]
    pub output: OutputLayer,
    /// The cost function.
    pub cost: Cost,
    /// The learning rate eta (> 0).
    #[serde(deserialize_with = "crate::net::de::eta")]
    pub eta: f64,
    /// Examples per mini-batch (>= 1); larger than the training set means full batch.
    #[serde(
        default = "default_mini_batch",
        deserialize_with = "crate::net::de::positive"
    )]
    pub mini_batch: usize,
    /// Initial weights and biases.
    pub init: Init,
    /// The update rule.
    #[serde(default)]
    pub update: Update,
    /// Random seed for this run's initial weights and shuffling; the preset's seed if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

fn default_output() -> OutputLayer {
    OutputLayer::Sigmoid
}

fn default_mini_batch() -> usize {
    10
}

/// Why a run's configuration cannot train.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// The network could not be built.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// The cost does not fit the output layer.
    #[error(transparent)]
    Cost(#[from] CostError),
    /// Anything else, said in words.
    #[error("{0}")]
    Invalid(String),
}

impl RunConfig {
    /// True for a single sigmoid neuron (`layers == [n, 1]`): the toy of section 3.1, whose
    /// metrics include w, b, a and the gradients.
    pub fn is_single_neuron(&self) -> bool {
        self.layers.len() == 2 && self.layers[1] == 1
    }

    /// Checks the parts of the configuration that do not depend on the data.
    pub fn check(&self) -> Result<(), RunError> {
        super::network::check_sizes(&self.layers)?;
        self.cost.check_output(self.output)?;
        if !(self.eta.is_finite() && self.eta > 0.0) {
            return Err(RunError::Invalid(format!(
                "eta must be a finite number greater than 0, got {}",
                self.eta
            )));
        }
        if self.mini_batch == 0 {
            return Err(RunError::Invalid("mini_batch must be at least 1".into()));
        }
        if let OutputLayer::Softmax { c } = self.output
            && !(c.is_finite() && c > 0.0)
        {
            return Err(RunError::Invalid(format!(
                "the softmax scale c must be a finite number greater than 0 (Eq. 83), got {c}"
            )));
        }
        if self.update == Update::BookDemo
            && (self.output != OutputLayer::Sigmoid || self.cost == Cost::LogLikelihood)
        {
            return Err(RunError::Invalid(
                "update BookDemo steps by dC/da of a sigmoid neuron: it needs a Sigmoid output layer and the Quadratic or CrossEntropy cost".into(),
            ));
        }
        Ok(())
    }
}
