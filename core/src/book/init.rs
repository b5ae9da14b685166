//! Initial weights and biases.

use serde::{Deserialize, Serialize};

/// How a network's weights and biases start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Init {
    /// A single layer of one neuron with the given weights (one per input) and bias:
    /// the toy neuron of section 3.1 (`Neuron(w: [0.6], b: 0.9)`).
    Neuron {
        /// One weight per input x_j.
        w: Vec<f64>,
        /// The bias.
        b: f64,
    },
    /// Every weight and bias given: `weights[l][j][k]` is the weight from neuron k of layer l
    /// to neuron j of layer l + 1, `biases[l][j]` the bias of neuron j of layer l + 1.
    Explicit {
        /// One matrix per layer after the input, as rows.
        weights: Vec<Vec<Vec<f64>>>,
        /// One vector per layer after the input.
        biases: Vec<Vec<f64>>,
    },
    /// Weights and biases drawn from N(0, 1): the book's "large" initialisation, used in
    /// section 3.1's MNIST runs.
    Large,
    /// Weights from N(0, 1/n_in), biases from N(0, 1): network2.py's default initialiser.
    Scaled,
    /// Weights and biases from N(0, std^2): a wide start that saturates the neurons.
    Normal {
        /// The standard deviation (finite, >= 0).
        std: f64,
    },
}

impl Init {
    /// Short name for tables.
    pub fn name(&self) -> &'static str {
        match self {
            Init::Neuron { .. } => "neuron",
            Init::Explicit { .. } => "explicit",
            Init::Large => "large N(0,1)",
            Init::Scaled => "N(0,1/n_in)",
            Init::Normal { .. } => "N(0,std^2)",
        }
    }
}
