//! A run's metrics: the cost and accuracy over the training and evaluation sets, and a single
//! neuron's w, b, z, a and full-batch gradient, through the scalar path when the run has one;
//! and an epoch whose metrics are measured later, from a snapshot, on another thread.

use super::{EpochMetrics, LayerGradient, NeuronMetrics, Run, neuron, neuron_samples};
use crate::book::network::Network;
use crate::book::{Cost, OutputError};
use crate::data::Dataset;
use crate::fast::workspace::evaluate;
use crate::run::update::Update;

/// A cost and a correct count over a data set, as [`evaluate`] gives them.
pub type Evaluation = (f64, Option<usize>);

/// What an epoch of [`Run::train_epoch_deferring`] leaves to measure.
#[derive(Debug)]
pub enum Trained {
    /// The metrics were measured (or not asked for) as [`Run::train_epoch_reporting`] does.
    Measured(Option<EpochMetrics>),
    /// The metrics are to be measured from this snapshot; they are the epoch's row.
    Deferred(MetricsSnapshot),
}

/// The state of a multi-layer run after an epoch, all its metrics depend on: evaluating the
/// network over the training and evaluation sets (with the fast layer's `evaluate_chunk`
/// per chunk, in any threads) and [`MetricsSnapshot::metrics`] give what [`Run::metrics`] would
/// have given then, to the bit.
#[derive(Debug, Clone)]
pub struct MetricsSnapshot {
    /// A copy of the network after the epoch.
    pub network: Network,
    /// The cost the metrics are measured with.
    pub cost: Cost,
    /// Epochs done.
    pub epoch: u64,
    gradient_norms: Vec<LayerGradient>,
}

impl MetricsSnapshot {
    /// The epoch's metrics from the evaluations of [`MetricsSnapshot::network`] over the
    /// training set and, when the data has one, the evaluation set.
    pub fn metrics(
        &self,
        data: &Dataset,
        train: Evaluation,
        eval: Option<Evaluation>,
    ) -> EpochMetrics {
        let mut m = assemble(
            self.epoch,
            data,
            train,
            eval,
            None,
            self.gradient_norms.clone(),
        );
        m.network = super::planar_copy(&self.network);
        m
    }
}

/// A run's metrics from the evaluations of its network (the same for [`Run::metrics`] and
/// [`MetricsSnapshot::metrics`]).
fn assemble(
    epoch: u64,
    data: &Dataset,
    (train_cost, train_correct): Evaluation,
    eval: Option<Evaluation>,
    neuron: Option<NeuronMetrics>,
    gradient_norms: Vec<LayerGradient>,
) -> EpochMetrics {
    let train_accuracy = train_correct.map(|k| k as f64 / data.train.len().max(1) as f64);
    let (eval_cost, accuracy) = match (&data.eval, eval) {
        (Some(samples), Some((c, correct))) => (
            Some(c),
            correct.map(|k| k as f64 / samples.len().max(1) as f64),
        ),
        _ => (None, train_accuracy),
    };
    EpochMetrics {
        epoch,
        cost: train_cost,
        eval_cost,
        accuracy,
        train_accuracy,
        neuron,
        gradient_norms,
        network: None,
    }
}

impl Run {
    /// The metrics of the current state, without training.
    pub fn metrics(&mut self, data: &Dataset) -> EpochMetrics {
        if self.scalar.is_some()
            && let Some(metrics) = self.scalar_metrics(data)
        {
            return metrics;
        }
        let cost = self.config.cost;
        let train = evaluate(&self.network, cost, &data.train, &mut self.ws);
        let eval = data
            .eval
            .as_ref()
            .map(|eval| evaluate(&self.network, cost, eval, &mut self.ws));
        let neuron = self
            .config
            .is_single_neuron()
            .then(|| self.neuron_metrics(data));
        let mut m = assemble(
            self.epoch,
            data,
            train,
            eval,
            neuron,
            self.last_norms.clone(),
        );
        m.network = super::planar_copy(&self.network);
        m
    }

    /// Trains one epoch like [`Run::train_epoch_reporting`], but where the epoch's metrics are
    /// asked for and are costly (a network, not a single neuron) and the parameters alone decide
    /// divergence ([`Run::metrics_certainly_finite`]), leaves them to measure from a snapshot of
    /// the network, so that they can be measured while the next epoch trains. Whether the run
    /// diverged is decided as [`Run::train_epoch_reporting`] decides it; a run that diverges
    /// in this epoch measures its row at once.
    pub fn train_epoch_deferring(&mut self, data: &Dataset, report: bool) -> Trained {
        let deferrable = report
            && self.diverged.is_none()
            && self.scalar.is_none()
            && !self.config.is_single_neuron()
            && self.metrics_certainly_finite();
        if !deferrable {
            return Trained::Measured(self.train_epoch_reporting(data, report));
        }
        self.sgd_epoch(data);
        if self.check_divergence(None) {
            return Trained::Measured(Some(self.metrics(data)));
        }
        Trained::Deferred(MetricsSnapshot {
            network: self.network.clone(),
            cost: self.config.cost,
            epoch: self.epoch,
            gradient_norms: self.last_norms.clone(),
        })
    }

    /// [`Run::metrics`] of a single neuron on dense data through the scalar loops: one pass over
    /// the training examples for the cost, accuracy, z, a and the full-batch gradient.
    fn scalar_metrics(&self, data: &Dataset) -> Option<EpochMetrics> {
        let train = neuron_samples(&data.train)?;
        let eval = match &data.eval {
            Some(e) => Some(neuron_samples(e)?),
            None => None,
        };
        let (output, cost) = (self.config.output, self.config.cost);
        let w = self.network.weights[0].as_slice();
        let b = self.network.biases[0][0];
        let mut dc_dw = vec![0.0; w.len()];
        let state = neuron::state(w, b, output, cost, train, Some(&mut dc_dw));
        let train_accuracy = state.correct.map(|k| k as f64 / train.len().max(1) as f64);
        let (eval_cost, accuracy) = match eval {
            Some(eval) => {
                let e = neuron::state(w, b, output, cost, eval, None);
                (
                    Some(e.cost),
                    e.correct.map(|k| k as f64 / eval.len().max(1) as f64),
                )
            }
            None => (None, train_accuracy),
        };
        Some(EpochMetrics {
            epoch: self.epoch,
            cost: state.cost,
            eval_cost,
            accuracy,
            train_accuracy,
            neuron: Some(NeuronMetrics {
                w: w.to_vec(),
                b,
                z: state.z,
                a: state.a,
                dc_dw,
                dc_db: state.dc_db,
                step: (self.config.update == Update::BookDemo).then(|| {
                    let mut step_w = vec![0.0; w.len()];
                    let step_b = neuron::book_demo_step(w, b, output, cost, train, &mut step_w);
                    (step_w, step_b)
                }),
            }),
            gradient_norms: self.last_norms.clone(),
            // the scalar path keeps w and b itself: the copy is built from them
            network: (w.len() == 2).then(|| {
                std::sync::Arc::new(Network {
                    sizes: vec![2, 1],
                    weights: vec![nalgebra::DMatrix::from_row_slice(1, 2, w)],
                    biases: vec![nalgebra::DVector::from_element(1, b)],
                    output,
                })
            }),
        })
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
}
