//! Mini-batch stochastic gradient descent: one [`Run`] is one network learning under one set
//! of hyper-parameters, epoch by epoch, with per-epoch metrics.

use super::backprop::{Gradients, OutputError, Workspace, evaluate};
use super::init::Init;
use super::network::{Network, NetworkError};
use crate::data::Dataset;
use crate::math::{Cost, CostError, OutputLayer};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
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
    #[serde(deserialize_with = "crate::preset::de::layers")]
    pub layers: Vec<usize>,
    /// The output layer's activation.
    #[serde(default = "default_output")]
    pub output: OutputLayer,
    /// The cost function.
    pub cost: Cost,
    /// The learning rate eta (> 0).
    #[serde(deserialize_with = "crate::preset::de::eta")]
    pub eta: f64,
    /// Examples per mini-batch (>= 1); larger than the training set means full batch.
    #[serde(
        default = "default_mini_batch",
        deserialize_with = "crate::preset::de::positive"
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

/// The toy neuron's state after an epoch (single-neuron runs only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeuronMetrics {
    /// Weights w_j.
    pub w: Vec<f64>,
    /// Bias b.
    pub b: f64,
    /// Weighted input z = w.x + b on the first training input.
    pub z: f64,
    /// Output a = sigma(z) on the first training input.
    pub a: f64,
    /// dC/dw_j over the whole training set (Eq. 55 or 61).
    pub dc_dw: Vec<f64>,
    /// dC/db over the whole training set (Eq. 56 or 62).
    pub dc_db: f64,
    /// The step a book-demo run takes instead of the gradient: (dC/dw_j, dC/db) with dC/da in
    /// place of dC/dz (for y = 0 and cross-entropy, 1/(1 - a), Eq. 75). None for gradient runs.
    #[serde(default)]
    pub step: Option<(Vec<f64>, f64)>,
}

/// Size of one layer's gradient on the last mini-batch of an epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LayerGradient {
    /// |dC/dw^l|, Euclidean norm.
    pub weights: f64,
    /// |dC/db^l|, Euclidean norm.
    pub biases: f64,
}

/// What a run reports after each epoch (epoch 0 is the state before any update).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochMetrics {
    /// Epochs of training done.
    pub epoch: u64,
    /// Mean cost over the training set.
    pub cost: f64,
    /// Mean cost over the evaluation set (classification presets with held-out data).
    pub eval_cost: Option<f64>,
    /// Fraction of evaluation examples classified correctly (classification presets).
    pub accuracy: Option<f64>,
    /// The neuron's parameters and gradients (single-neuron runs).
    pub neuron: Option<NeuronMetrics>,
    /// Per-layer gradient norms on the epoch's last mini-batch (empty at epoch 0).
    pub gradient_norms: Vec<LayerGradient>,
}

impl EpochMetrics {
    /// True when the cost or a reported number is NaN or infinite.
    pub fn is_diverged(&self) -> bool {
        !self.cost.is_finite()
            || self.neuron.as_ref().is_some_and(|n| {
                !(n.a.is_finite() && n.b.is_finite() && n.w.iter().all(|w| w.is_finite()))
            })
    }
}

/// A network learning under one [`RunConfig`].
#[derive(Debug, Clone)]
pub struct Run {
    /// The configuration (eta and cost may change between epochs).
    pub config: RunConfig,
    /// The seed the run started from.
    pub seed: u64,
    /// The network being trained.
    pub network: Network,
    /// Epochs done.
    pub epoch: u64,
    /// The epoch at which the parameters or the cost stopped being finite.
    pub diverged_at: Option<u64>,
    rng: ChaCha8Rng,
    order: Vec<usize>,
    ws: Workspace,
    grads: Gradients,
    last_norms: Vec<LayerGradient>,
}

impl Run {
    /// Builds the run's network for `data` (`seed` unless the config names its own).
    pub fn new(config: RunConfig, seed: u64, data: &Dataset) -> Result<Run, RunError> {
        config.check()?;
        let (n_in, n_out) = (data.train.input_dim(), data.train.output_dim());
        let layers = &config.layers;
        if layers[0] != n_in {
            return Err(RunError::Invalid(format!(
                "layers start with {} inputs but the data has {n_in} features per example",
                layers[0]
            )));
        }
        if layers[layers.len() - 1] != n_out {
            return Err(RunError::Invalid(format!(
                "layers end with {} outputs but the data's targets have {n_out} values",
                layers[layers.len() - 1]
            )));
        }
        if data.train.is_empty() {
            return Err(RunError::Invalid("the training set is empty".into()));
        }
        let seed = config.seed.unwrap_or(seed);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let network = Network::new(&config.layers, config.output, &config.init, &mut rng)?;
        let grads = Gradients::zeros_like(&network);
        Ok(Run {
            order: (0..data.train.len()).collect(),
            config,
            seed,
            network,
            epoch: 0,
            diverged_at: None,
            rng,
            ws: Workspace::default(),
            grads,
            last_norms: Vec::new(),
        })
    }

    /// Changes the learning rate from the next mini-batch on.
    pub fn set_eta(&mut self, eta: f64) -> Result<(), RunError> {
        let mut c = self.config.clone();
        c.eta = eta;
        c.check()?;
        self.config = c;
        Ok(())
    }

    /// Changes the cost from the next mini-batch on.
    pub fn set_cost(&mut self, cost: Cost) -> Result<(), RunError> {
        let mut c = self.config.clone();
        c.cost = cost;
        c.check()?;
        self.config = c;
        Ok(())
    }

    /// Changes the mini-batch size from the next epoch on.
    pub fn set_mini_batch(&mut self, mini_batch: usize) -> Result<(), RunError> {
        let mut c = self.config.clone();
        c.mini_batch = mini_batch;
        c.check()?;
        self.config = c;
        Ok(())
    }

    /// One epoch of mini-batch SGD: shuffle, then one step per mini-batch. Returns the metrics
    /// after it. A diverged run does not train further and reports its last state.
    pub fn train_epoch(&mut self, data: &Dataset) -> EpochMetrics {
        self.sgd_epoch(data);
        let metrics = self.metrics(data);
        if self.diverged_at.is_none() && (metrics.is_diverged() || self.network.has_diverged()) {
            self.diverged_at = Some(self.epoch);
        }
        metrics
    }

    /// The training half of [`Run::train_epoch`]: shuffle and one step per mini-batch, no
    /// metrics (for benchmarks). Does nothing once the run has diverged.
    pub fn sgd_epoch(&mut self, data: &Dataset) {
        if self.diverged_at.is_none() {
            self.order.shuffle(&mut self.rng);
            let m = self.config.mini_batch.min(self.order.len()).max(1);
            let error = match self.config.update {
                Update::Gradient => OutputError::Gradient,
                Update::BookDemo => OutputError::DcDa,
            };
            let eta = self.config.eta;
            let batches = self.order.len().div_ceil(m);
            for (n, batch) in self.order.chunks(m).enumerate() {
                self.ws.load(&data.train, batch);
                self.ws.forward_loaded(&self.network);
                if n + 1 < batches {
                    self.ws
                        .descend(&mut self.network, self.config.cost, error, eta);
                    continue;
                }
                // The epoch's last mini-batch keeps its gradient, for the reported norms.
                self.ws
                    .backward(&self.network, self.config.cost, error, &mut self.grads);
                for (w, g) in self.network.weights.iter_mut().zip(&self.grads.weights) {
                    w.zip_apply(g, |w, g| *w -= eta * g);
                }
                for (b, g) in self.network.biases.iter_mut().zip(&self.grads.biases) {
                    b.axpy(-eta, g, 1.0);
                }
            }
            self.last_norms = self
                .grads
                .weight_norms()
                .into_iter()
                .zip(self.grads.bias_norms())
                .map(|(weights, biases)| LayerGradient { weights, biases })
                .collect();
            self.epoch += 1;
        }
    }

    /// The metrics of the current state, without training.
    pub fn metrics(&mut self, data: &Dataset) -> EpochMetrics {
        let cost = self.config.cost;
        let (train_cost, train_correct) = evaluate(&self.network, cost, &data.train, &mut self.ws);
        let (eval_cost, accuracy) = match &data.eval {
            Some(eval) => {
                let (c, correct) = evaluate(&self.network, cost, eval, &mut self.ws);
                (
                    Some(c),
                    correct.map(|k| k as f64 / eval.len().max(1) as f64),
                )
            }
            None => (
                None,
                train_correct.map(|k| k as f64 / data.train.len().max(1) as f64),
            ),
        };
        let neuron = self
            .config
            .is_single_neuron()
            .then(|| self.neuron_metrics(data));
        EpochMetrics {
            epoch: self.epoch,
            cost: train_cost,
            eval_cost,
            accuracy,
            neuron,
            gradient_norms: self.last_norms.clone(),
        }
    }

    /// w, b, z, a and the full-batch gradient of a single neuron.
    fn neuron_metrics(&mut self, data: &Dataset) -> NeuronMetrics {
        // The run's own buffers: the epoch's gradient norms were already taken from `grads`.
        let all: Vec<usize> = (0..data.train.len()).collect();
        let (ws, grads) = (&mut self.ws, &mut self.grads);
        ws.load(&data.train, &all);
        ws.forward_loaded(&self.network);
        let (z, a) = (ws.output_weighted_input()[(0, 0)], ws.output()[(0, 0)]);
        ws.backward(
            &self.network,
            self.config.cost,
            OutputError::Gradient,
            grads,
        );
        let dc_dw: Vec<f64> = grads.weights[0].iter().copied().collect();
        let dc_db = grads.biases[0][0];
        let step = (self.config.update == Update::BookDemo).then(|| {
            ws.backward(&self.network, self.config.cost, OutputError::DcDa, grads);
            (
                grads.weights[0].iter().copied().collect(),
                grads.biases[0][0],
            )
        });
        NeuronMetrics {
            w: self.network.weights[0].iter().copied().collect(),
            b: self.network.biases[0][0],
            z,
            a,
            dc_dw,
            dc_db,
            step,
        }
    }

    /// Restarts from the initial weights, optionally with a new initialisation.
    pub fn reset(&mut self, init: Option<Init>, data: &Dataset) -> Result<(), RunError> {
        let mut config = self.config.clone();
        if let Some(init) = init {
            config.init = init;
        }
        *self = Run::new(config, self.seed, data)?;
        Ok(())
    }
}
