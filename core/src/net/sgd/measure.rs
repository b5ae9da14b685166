//! A run's metrics: the cost and accuracy over the training and evaluation sets, and a single
//! neuron's w, b, z, a and full-batch gradient, through the scalar path when the run has one.

use super::{EpochMetrics, NeuronMetrics, Run, Update, neuron, neuron_samples};
use crate::data::Dataset;
use crate::net::backprop::{OutputError, evaluate};

impl Run {
    /// The metrics of the current state, without training.
    pub fn metrics(&mut self, data: &Dataset) -> EpochMetrics {
        if self.scalar.is_some()
            && let Some(metrics) = self.scalar_metrics(data)
        {
            return metrics;
        }
        let cost = self.config.cost;
        let (train_cost, train_correct) = evaluate(&self.network, cost, &data.train, &mut self.ws);
        let train_accuracy = train_correct.map(|k| k as f64 / data.train.len().max(1) as f64);
        let (eval_cost, accuracy) = match &data.eval {
            Some(eval) => {
                let (c, correct) = evaluate(&self.network, cost, eval, &mut self.ws);
                (
                    Some(c),
                    correct.map(|k| k as f64 / eval.len().max(1) as f64),
                )
            }
            None => (None, train_accuracy),
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
            train_accuracy,
            neuron,
            gradient_norms: self.last_norms.clone(),
        }
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
