//! A run's configuration ([`RunConfig`]) as a preset writes it.

use crate::book::{Cost, CostError, Init, NetworkError, OutputLayer};
use crate::data::Dataset;
use crate::rules::{self, RuleError};
use crate::run::update::Update;
use serde::{Deserialize, Serialize};

/// One run of a preset: a network, its cost and its hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Name shown in legends and output (unique within a preset).
    pub label: String,
    /// Neurons per layer, inputs first: `[1, 1]` is the toy neuron, `[784, 30, 10]` the book's
    /// MNIST network.
    #[serde(deserialize_with = "crate::run::de::layers")]
    pub layers: Vec<usize>,
    /// The output layer's activation.
    #[serde(default = "default_output")]
    pub output: OutputLayer,
    /// The cost function.
    pub cost: Cost,
    /// The learning rate eta (> 0).
    #[serde(deserialize_with = "crate::run::de::eta")]
    pub eta: f64,
    /// Examples per mini-batch (>= 1); larger than the training set means full batch.
    #[serde(
        default = "default_mini_batch",
        deserialize_with = "crate::run::de::mini_batch"
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
    /// A value that breaks one of [`crate::rules`].
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// Anything else, said in words.
    #[error("{0}")]
    Invalid(String),
}

impl RunConfig {
    /// The run's name as every screen, table, file and figure shows it: its label, with
    /// " (book-demo)" added when the run steps by the book's dC/da rule ([`Update::BookDemo`],
    /// Eq. 75) and the label does not already say so. A learner never meets a book-demo run
    /// that looks like a gradient one, whatever its preset calls it.
    ///
    /// ```
    /// # use nnlab_core::preset::Preset;
    /// # use nnlab_core::run::Update;
    /// let mut run = Preset::builtin("cross-entropy-saturated").unwrap().unwrap().runs[0].clone();
    /// run.label = "mine".into();
    /// assert_eq!(run.shown_label(), "mine");
    /// run.update = Update::BookDemo;
    /// assert_eq!(run.shown_label(), "mine (book-demo)");
    /// run.label = "cross-entropy (book-demo)".into();
    /// assert_eq!(run.shown_label(), "cross-entropy (book-demo)");
    /// ```
    pub fn shown_label(&self) -> std::borrow::Cow<'_, str> {
        let tag = Update::BookDemo.name();
        if self.update == Update::BookDemo && !self.label.contains(tag) {
            format!("{} ({tag})", self.label).into()
        } else {
            self.label.as_str().into()
        }
    }

    /// True for a single output neuron on the inputs (`layers == [n, 1]`), of any output layer:
    /// the toy of section 3.1, whose metrics include w, b, a and the gradients.
    pub fn is_single_neuron(&self) -> bool {
        self.layers.len() == 2 && self.layers[1] == 1
    }

    /// True for a single sigmoid neuron: the only single neuron whose pane may speak of
    /// sigma(z) and sigma'(z). A `[n, 1]` network with a linear output is not one.
    pub fn is_sigmoid_neuron(&self) -> bool {
        self.is_single_neuron() && self.output == OutputLayer::Sigmoid
    }

    /// Checks the parts of the configuration that do not depend on the data.
    pub fn check(&self) -> Result<(), RunError> {
        crate::book::network::check_sizes(&self.layers)?;
        self.cost.check_output(self.output)?;
        rules::check_eta(self.eta)?;
        rules::check_mini_batch(self.mini_batch)?;
        rules::check_output(self.output)?;
        rules::check_update(self.update, self.output, self.cost)?;
        if let Init::Neuron { w, b } = &self.init {
            for (j, &v) in w.iter().enumerate() {
                let name = if w.len() == 1 {
                    "w".to_string()
                } else {
                    format!("w{}", j + 1)
                };
                rules::check_start(&name, v)?;
            }
            rules::check_start("b", *b)?;
        }
        Ok(())
    }

    /// Checks that the targets (training and evaluation) suit the cost
    /// ([`rules::check_targets`]).
    pub fn check_targets(&self, data: &Dataset) -> Result<(), RunError> {
        for samples in std::iter::once(&data.train).chain(&data.eval) {
            // Column-major: each chunk of `nrows` values is one example's target.
            let rows = samples.targets.nrows().max(1);
            rules::check_targets(self.cost, samples.targets.as_slice().chunks(rows))?;
        }
        Ok(())
    }

    /// [`RunConfig::check`] and [`RunConfig::check_targets`]: everything a run needs before it
    /// trains on `data`.
    pub fn check_with(&self, data: &Dataset) -> Result<(), RunError> {
        self.check()?;
        self.check_targets(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neuron(output: OutputLayer, layers: Vec<usize>) -> RunConfig {
        RunConfig {
            label: "n".into(),
            layers,
            output,
            cost: Cost::Quadratic,
            eta: 0.1,
            mini_batch: 1,
            init: Init::Scaled,
            update: Update::Gradient,
            seed: None,
        }
    }

    #[test]
    fn a_linear_output_neuron_is_not_a_sigmoid_neuron() {
        assert!(neuron(OutputLayer::Sigmoid, vec![3, 1]).is_sigmoid_neuron());
        let linear = neuron(OutputLayer::Linear, vec![3, 1]);
        assert!(linear.is_single_neuron() && !linear.is_sigmoid_neuron());
        assert!(!neuron(OutputLayer::Sigmoid, vec![3, 2, 1]).is_sigmoid_neuron());
    }
}
