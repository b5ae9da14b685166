//! A feedforward network: sigmoid hidden layers and a chosen output layer.

use super::init::Init;
use crate::book::{OutputLayer, sigmoid};
use nalgebra::{DMatrix, DVector};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// The largest number of weights nnlab builds (about 800 MB of f64), so that an absurd layer
/// size in a preset is refused instead of exhausting memory.
pub const MAX_PARAMETERS: usize = 100_000_000;

/// Beyond this magnitude a weight or bias has left any range where a sigmoid has a usable slope
/// (for inputs of order 1, |z| > 745 already makes sigma'(z) exactly 0 in f64): a run whose
/// parameters pass it is reported as diverged, as is one whose numbers stop being finite.
pub const DIVERGENCE_LIMIT: f64 = 1e4;

/// Why a network could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetworkError {
    /// Fewer than two layers, or a layer of zero neurons.
    #[error(
        "layers must list at least an input and an output layer, each of at least one neuron; got {0:?}"
    )]
    BadLayers(Vec<usize>),
    /// Too many parameters.
    #[error("layers {layers:?} need {count} weights, more than the limit of {MAX_PARAMETERS}")]
    TooLarge {
        /// The requested sizes.
        layers: Vec<usize>,
        /// Weights they need.
        count: usize,
    },
    /// Explicit weights whose shape does not match the layer sizes.
    #[error("initial weights do not fit layers {layers:?}: {what}")]
    Shape {
        /// The requested sizes.
        layers: Vec<usize>,
        /// What does not fit.
        what: String,
    },
    /// A non-finite initial weight or bias.
    #[error("initial weights and biases must be finite numbers")]
    NotFinite,
}

/// A network of layers `sizes[0]` (inputs), ..., `sizes[L]` (outputs).
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Neurons per layer, input layer first.
    pub sizes: Vec<usize>,
    /// `weights[l]` maps layer l to layer l + 1: shape `sizes[l+1]` x `sizes[l]`.
    pub weights: Vec<DMatrix<f64>>,
    /// `biases[l]` belongs to layer l + 1.
    pub biases: Vec<DVector<f64>>,
    /// The output layer's activation; hidden layers are sigmoid.
    pub output: OutputLayer,
}

/// Checks layer sizes: at least two layers, none empty, not absurdly large.
pub fn check_sizes(sizes: &[usize]) -> Result<(), NetworkError> {
    if sizes.len() < 2 || sizes.contains(&0) {
        return Err(NetworkError::BadLayers(sizes.to_vec()));
    }
    let mut count: usize = 0;
    for pair in sizes.windows(2) {
        let layer = pair[0]
            .checked_mul(pair[1])
            .and_then(|w| w.checked_add(pair[1]));
        count = match layer.and_then(|l| count.checked_add(l)) {
            Some(c) => c,
            None => usize::MAX,
        };
    }
    if count > MAX_PARAMETERS {
        return Err(NetworkError::TooLarge {
            layers: sizes.to_vec(),
            count,
        });
    }
    Ok(())
}

impl Network {
    /// Builds a network with the given sizes, output layer and initial weights, drawing random
    /// weights from `rng` when `init` asks for them.
    pub fn new(
        sizes: &[usize],
        output: OutputLayer,
        init: &Init,
        rng: &mut impl Rng,
    ) -> Result<Network, NetworkError> {
        check_sizes(sizes)?;
        let shape_err = |what: String| NetworkError::Shape {
            layers: sizes.to_vec(),
            what,
        };
        let mut weights = Vec::with_capacity(sizes.len() - 1);
        let mut biases = Vec::with_capacity(sizes.len() - 1);
        match init {
            Init::Neuron { w, b } => {
                if sizes.len() != 2 || sizes[1] != 1 {
                    return Err(shape_err(
                        "Neuron(w, b) describes one neuron: layers must be [inputs, 1]".into(),
                    ));
                }
                if w.len() != sizes[0] {
                    return Err(shape_err(format!(
                        "w has {} weights but the neuron has {} inputs",
                        w.len(),
                        sizes[0]
                    )));
                }
                weights.push(DMatrix::from_row_slice(1, w.len(), w));
                biases.push(DVector::from_element(1, *b));
            }
            Init::Explicit {
                weights: ws,
                biases: bs,
            } => {
                if ws.len() != sizes.len() - 1 || bs.len() != sizes.len() - 1 {
                    return Err(shape_err(format!(
                        "expected {} weight matrices and bias vectors, got {} and {}",
                        sizes.len() - 1,
                        ws.len(),
                        bs.len()
                    )));
                }
                for (l, (w, b)) in ws.iter().zip(bs).enumerate() {
                    let (rows, cols) = (sizes[l + 1], sizes[l]);
                    if w.len() != rows || w.iter().any(|r| r.len() != cols) {
                        return Err(shape_err(format!(
                            "weights[{l}] must be {rows} rows of {cols} numbers"
                        )));
                    }
                    if b.len() != rows {
                        return Err(shape_err(format!("biases[{l}] must have {rows} numbers")));
                    }
                    weights.push(DMatrix::from_fn(rows, cols, |j, k| w[j][k]));
                    biases.push(DVector::from_column_slice(b));
                }
            }
            Init::Normal { std } if !(std.is_finite() && *std >= 0.0) => {
                return Err(shape_err(format!(
                    "Normal(std) needs a finite std >= 0, got {std}"
                )));
            }
            Init::Large | Init::Scaled | Init::Normal { .. } => {
                for pair in sizes.windows(2) {
                    let (n_in, n_out) = (pair[0], pair[1]);
                    let (w_scale, b_scale) = match init {
                        Init::Scaled => (1.0 / (n_in as f64).sqrt(), 1.0),
                        Init::Normal { std } => (*std, *std),
                        _ => (1.0, 1.0),
                    };
                    // Biases first, then weights, as network2.py draws them.
                    let b = DVector::from_fn(n_out, |_, _| {
                        let v: f64 = StandardNormal.sample(rng);
                        v * b_scale
                    });
                    let w = DMatrix::from_fn(n_out, n_in, |_, _| {
                        let v: f64 = StandardNormal.sample(rng);
                        v * w_scale
                    });
                    biases.push(b);
                    weights.push(w);
                }
            }
        }
        let net = Network {
            sizes: sizes.to_vec(),
            weights,
            biases,
            output,
        };
        if !net.is_finite() {
            return Err(NetworkError::NotFinite);
        }
        Ok(net)
    }

    /// Number of weight layers (L).
    pub fn depth(&self) -> usize {
        self.weights.len()
    }

    /// True when every weight and bias is a finite number.
    pub fn is_finite(&self) -> bool {
        self.weights.iter().all(|w| w.iter().all(|v| v.is_finite()))
            && self.biases.iter().all(|b| b.iter().all(|v| v.is_finite()))
    }

    /// True when a parameter is not finite or beyond [`DIVERGENCE_LIMIT`] in magnitude.
    pub fn has_diverged(&self) -> bool {
        let bad = |v: &f64| !v.is_finite() || v.abs() > DIVERGENCE_LIMIT;
        self.weights.iter().any(|w| w.iter().any(bad))
            || self.biases.iter().any(|b| b.iter().any(bad))
    }

    /// Weighted inputs z^l and activations a^l of every layer for one input x
    /// (`activations[0]` is x itself; `zs[l]` belongs to layer l + 1).
    pub fn forward(&self, x: &[f64]) -> (Vec<DVector<f64>>, Vec<DVector<f64>>) {
        let mut activations = vec![DVector::from_column_slice(x)];
        let mut zs = Vec::with_capacity(self.depth());
        for (l, (w, b)) in self.weights.iter().zip(&self.biases).enumerate() {
            let z = w * &activations[l] + b;
            let mut a = DVector::zeros(z.len());
            if l + 1 == self.depth() {
                self.output.activate(z.as_slice(), a.as_mut_slice());
            } else {
                a = z.map(sigmoid);
            }
            zs.push(z);
            activations.push(a);
        }
        (zs, activations)
    }

    /// The output a^L for one input x.
    pub fn feedforward(&self, x: &[f64]) -> DVector<f64> {
        let (_, mut activations) = self.forward(x);
        activations.pop().unwrap_or_else(|| DVector::zeros(0))
    }
}
