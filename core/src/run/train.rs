//! Mini-batch stochastic gradient descent: one [`Run`] is one network learning under one set
//! of hyper-parameters, epoch by epoch, with per-epoch metrics.
//!
//! Measuring a run (its cost, accuracy and the neuron's state after an epoch) is in
//! [`measure`](self::measure), a child module that shares the run's private state.

mod measure;

pub use measure::{Evaluation, MetricsSnapshot, Trained};

pub use super::config::{RunConfig, RunError};
use super::divergence::{self, Diverged, Divergence};
use super::update::Update;
use crate::book::{Cost, Gradients, Init, Network, OutputError, OutputLayer};
use crate::data::{Dataset, Features, Samples};
use crate::fast::neuron::{self, NeuronRule, NeuronSamples, NeuronScratch};
use crate::fast::workspace::Workspace;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

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
    /// Fraction of evaluation examples classified correctly (classification presets); the
    /// training set's fraction when the data has no evaluation set. `nnlab run` reports this one.
    pub accuracy: Option<f64>,
    /// Fraction of training examples classified correctly (classification presets), measured in
    /// the same pass as the training cost.
    pub train_accuracy: Option<f64>,
    /// The neuron's parameters and gradients (single-neuron runs).
    pub neuron: Option<NeuronMetrics>,
    /// Per-layer gradient norms on the epoch's last mini-batch (empty at epoch 0).
    pub gradient_norms: Vec<LayerGradient>,
    /// A copy of the network after the epoch, for networks of two inputs and at most
    /// [`PLANAR_PARAMETERS`] parameters: what the decision view draws over the input plane
    /// (see [`crate::views::decision`]). Not exported.
    #[serde(skip)]
    pub network: Option<std::sync::Arc<Network>>,
}

/// The most parameters a network may have for its metrics to carry a copy of it
/// ([`EpochMetrics::network`]): a [2, 100, 100, 10] network, far above the two-feature presets.
pub const PLANAR_PARAMETERS: usize = 12_000;

/// The copy of `network` an epoch's metrics carry: `Some` for two inputs and a small network.
pub fn planar_copy(network: &Network) -> Option<std::sync::Arc<Network>> {
    let params: usize = network
        .weights
        .iter()
        .map(nalgebra::Matrix::len)
        .chain(network.biases.iter().map(nalgebra::Matrix::len))
        .sum();
    (network.sizes.first() == Some(&2) && params <= PLANAR_PARAMETERS)
        .then(|| std::sync::Arc::new(network.clone()))
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
    /// When and why the run stopped: a parameter past the limit or not finite, or a cost that
    /// is not finite ([`Diverged`]).
    pub diverged: Option<Diverged>,
    rng: ChaCha8Rng,
    order: Vec<usize>,
    ws: Workspace,
    grads: Gradients,
    last_norms: Vec<LayerGradient>,
    /// Set for a single sigmoid or linear neuron on dense data: such a run trains and measures
    /// itself with the scalar loops of the fast layer's scalar neuron (the same bits, no matrices).
    scalar: Option<NeuronScratch>,
    /// Sizes of the data, for [`Run::metrics_certainly_finite`].
    data_bound: DataBound,
}

/// What bounds the cost on a data set: the largest sum of |x_k| of an example, the largest
/// |y|, and the number of examples (of the training or the evaluation set, whichever is
/// larger).
#[derive(Debug, Clone, Copy, PartialEq)]
struct DataBound {
    inputs: f64,
    targets: f64,
    count: usize,
}

impl DataBound {
    fn of(data: &Dataset) -> DataBound {
        let sets = std::iter::once(&data.train).chain(data.eval.as_ref());
        let mut bound = DataBound {
            inputs: 0.0,
            targets: 0.0,
            count: 0,
        };
        for samples in sets {
            let inputs = match &samples.features {
                // Pixels are at most 255/255 = 1 each.
                Features::Bytes { dim, .. } => *dim as f64,
                Features::Dense(x) => x
                    .column_iter()
                    .map(|c| c.iter().map(|v| v.abs()).sum::<f64>())
                    .fold(0.0, f64::max),
            };
            let targets = samples.targets.iter().map(|v| v.abs()).fold(0.0, f64::max);
            bound.inputs = bound.inputs.max(inputs);
            bound.targets = bound.targets.max(targets);
            bound.count = bound.count.max(samples.len());
        }
        bound
    }
}

/// The samples as a single neuron's scalar view, when they are dense with one target each.
fn neuron_samples(samples: &Samples) -> Option<NeuronSamples<'_>> {
    match &samples.features {
        Features::Dense(x) if samples.output_dim() == 1 => Some(NeuronSamples {
            inputs: x.as_slice(),
            targets: samples.targets.as_slice(),
            labels: samples.labels.as_deref(),
        }),
        _ => None,
    }
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
        config.check_targets(data)?;
        let seed = config.seed.unwrap_or(seed);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let network = Network::new(&config.layers, config.output, &config.init, &mut rng)?;
        let grads = Gradients::zeros_like(&network);
        let scalar = (config.is_single_neuron()
            && NeuronRule::supports(config.output, config.cost)
            && neuron_samples(&data.train).is_some()
            && data
                .eval
                .as_ref()
                .is_none_or(|e| neuron_samples(e).is_some()))
        .then(NeuronScratch::default);
        Ok(Run {
            order: (0..data.train.len()).collect(),
            config,
            seed,
            network,
            epoch: 0,
            diverged: None,
            rng,
            ws: Workspace::default(),
            grads,
            last_norms: Vec::new(),
            scalar,
            data_bound: DataBound::of(data),
        })
    }

    /// True when this run trains and measures itself with the scalar single-neuron loops of
    /// the fast layer's scalar neuron (a single sigmoid or linear neuron on dense data).
    pub fn uses_scalar_path(&self) -> bool {
        self.scalar.is_some()
    }

    /// Makes the run use the general batched path even where the scalar one applies (the
    /// same bits, slower): for tests that compare the two and for benchmarks.
    pub fn use_general_path(&mut self) {
        self.scalar = None;
    }

    /// Changes the learning rate from the next mini-batch on.
    pub fn set_eta(&mut self, eta: f64) -> Result<(), RunError> {
        self.reconfigure(|c| c.eta = eta)
    }

    /// Changes the cost from the next mini-batch on.
    pub fn set_cost(&mut self, cost: Cost) -> Result<(), RunError> {
        self.reconfigure(|c| c.cost = cost)
    }

    /// Changes the mini-batch size from the next epoch on.
    pub fn set_mini_batch(&mut self, mini_batch: usize) -> Result<(), RunError> {
        self.reconfigure(|c| c.mini_batch = mini_batch)
    }

    /// Applies `change` to a copy of the config and keeps it only if [`RunConfig::check`]
    /// accepts it.
    fn reconfigure(&mut self, change: impl FnOnce(&mut RunConfig)) -> Result<(), RunError> {
        let mut c = self.config.clone();
        change(&mut c);
        c.check()?;
        self.config = c;
        Ok(())
    }

    /// One epoch of mini-batch SGD: shuffle, then one step per mini-batch. Returns the metrics
    /// after it. A diverged run does not train further and reports its last state.
    pub fn train_epoch(&mut self, data: &Dataset) -> EpochMetrics {
        self.sgd_epoch(data);
        let metrics = self.metrics(data);
        self.check_divergence(Some(&metrics));
        metrics
    }

    /// Trains one epoch like [`Run::train_epoch`] but measures the metrics only when `report`
    /// asks for them or the run diverged in this epoch (they are then the row that says so).
    /// Whether the run diverged is decided exactly as [`Run::train_epoch`] decides it: from the
    /// parameters alone where [`Run::metrics_certainly_finite`] proves the metrics finite,
    /// otherwise from the metrics, measured every epoch as before. Metrics never change
    /// training, so the numbers reported are the same bits either way.
    pub fn train_epoch_reporting(&mut self, data: &Dataset, report: bool) -> Option<EpochMetrics> {
        let was_diverged = self.diverged.is_some();
        if report || !self.metrics_certainly_finite() {
            let metrics = self.train_epoch(data);
            let diverged_now = !was_diverged && self.diverged.is_some();
            return (report || diverged_now).then_some(metrics);
        }
        self.sgd_epoch(data);
        if self.check_divergence(None) {
            return Some(self.metrics(data));
        }
        None
    }

    /// True when, for any parameters within [`crate::book::network::DIVERGENCE_LIMIT`] (the ones
    /// [`Network::has_diverged`] accepts), the cost and every reported output on this run's data
    /// are certain to be finite numbers, so that a run's divergence shows in its parameters
    /// alone. A bound on |z| per layer (at most limit times the inputs' absolute sum plus one),
    /// on a, and on the cost of an example times the number of examples must stay below 1e300.
    /// False for data with huge features or targets, whose runs then measure every epoch.
    pub fn metrics_certainly_finite(&self) -> bool {
        const LIMIT: f64 = crate::book::network::DIVERGENCE_LIMIT;
        const SAFE: f64 = 1e300;
        let DataBound {
            inputs,
            targets,
            count,
        } = self.data_bound;
        let layers = &self.config.layers;
        // Inputs to the output layer: the data's, or sigmoid activations in [0, 1].
        let into_output = if layers.len() == 2 {
            inputs
        } else {
            layers[layers.len() - 2] as f64
        };
        let z = LIMIT * (into_output + 1.0);
        let n_out = layers[layers.len() - 1] as f64;
        let a = match self.config.output {
            OutputLayer::Linear => z,
            _ => 1.0,
        };
        let per_example = match (self.config.cost, self.config.output) {
            (Cost::Quadratic, _) => 0.5 * n_out * (a + targets) * (a + targets),
            // softplus(z) <= |z| + ln 2 per term, weighted by |y| and |1 - y|.
            (Cost::CrossEntropy, _) => n_out * (2.0 * targets + 1.0) * (z + 1.0),
            // |c z_j - ln sum_k e^{c z_k}| <= 2 c |z| + ln n.
            (Cost::LogLikelihood, OutputLayer::Softmax { c }) => {
                n_out * targets * (2.0 * c.abs() * z + n_out.ln() + 1.0)
            }
            (Cost::LogLikelihood, _) => f64::INFINITY,
        };
        let total = per_example * (count.max(1) as f64);
        let softmax_scale = match self.config.output {
            OutputLayer::Softmax { c } => c.abs() * z,
            _ => 0.0,
        };
        total.is_finite() && total < SAFE && z < SAFE && softmax_scale < SAFE
    }

    /// The epoch at which the run stopped, if it did ([`Run::diverged`]).
    pub fn diverged_at(&self) -> Option<u64> {
        self.diverged.as_ref().map(|d| d.epoch)
    }

    /// Stops the run at this epoch if a parameter passed the limit ([`divergence::parameter`])
    /// or, from `metrics`, the cost or the neuron's output is not finite; true when it stopped
    /// now (false when it had already stopped or passed no limit).
    pub(crate) fn check_divergence(&mut self, metrics: Option<&EpochMetrics>) -> bool {
        if self.diverged.is_some() {
            return false;
        }
        let why = divergence::parameter(&self.network).or_else(|| {
            let m = metrics?;
            if !m.cost.is_finite() {
                return Some(Divergence::Cost(m.cost));
            }
            let a = m.neuron.as_ref()?.a;
            (!a.is_finite()).then_some(Divergence::Output(a))
        });
        self.diverged = why.map(|why| Diverged {
            epoch: self.epoch,
            why,
        });
        self.diverged.is_some()
    }

    /// The training half of [`Run::train_epoch`]: shuffle and one step per mini-batch, no
    /// metrics (for benchmarks). Does nothing once the run has diverged.
    pub fn sgd_epoch(&mut self, data: &Dataset) {
        if self.diverged.is_some() {
            return;
        }
        if let (Some(scratch), Some(samples)) = (&mut self.scalar, neuron_samples(&data.train)) {
            self.order.shuffle(&mut self.rng);
            let rule = NeuronRule {
                output: self.config.output,
                cost: self.config.cost,
                update: self.config.update,
                eta: self.config.eta,
                mini_batch: self.config.mini_batch,
            };
            let (w, b) = (&mut self.network.weights[0], &mut self.network.biases[0]);
            neuron::sgd_epoch(
                w.as_mut_slice(),
                &mut b[0],
                &rule,
                samples,
                &self.order,
                scratch,
            );
            let (weights, biases) = neuron::last_gradient_norms(scratch);
            self.last_norms.clear();
            self.last_norms.push(LayerGradient { weights, biases });
            self.epoch += 1;
            return;
        }
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

    /// The run's shuffling state and example order, for tests that replay its epochs with
    /// the book layer's SGD.
    #[cfg(test)]
    pub(crate) fn shuffle_state(&self) -> (ChaCha8Rng, Vec<usize>) {
        (self.rng.clone(), self.order.clone())
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
