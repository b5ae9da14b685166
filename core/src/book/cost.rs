//! Output layers and cost functions, each with its value and its output-layer error
//! delta^L = dC/dz^L, side by side (the shape of network2.py's cost classes).
//!
//! All functions here work on one training example: slices of the output layer's weighted
//! inputs `z`, activations `a` and targets `y`, all of the same length. The cost of a set of
//! examples is the mean of these per-example values (see Eq. (57) and (63)).

use super::activation::{log_sum_exp, sigmoid, sigmoid_prime, softmax_into, softplus_from};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The activation function of the output layer. Hidden layers are always sigmoid, as in the book.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum OutputLayer {
    /// a = sigma(z), element-wise.
    Sigmoid,
    /// a = z: linear output neurons (Eq. 68-70).
    Linear,
    /// a_j = e^{c z_j} / sum_k e^{c z_k}: softmax with scale `c` (Eq. 78; Eq. 83 for c != 1).
    Softmax {
        /// The scale c of Eq. (83); the book's softmax is c = 1.
        c: f64,
    },
}

impl OutputLayer {
    /// Writes the output activations a^L for weighted inputs z^L into `a`.
    pub fn activate(self, z: &[f64], a: &mut [f64]) {
        match self {
            OutputLayer::Sigmoid => {
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = sigmoid(z);
                }
            }
            OutputLayer::Linear => a.copy_from_slice(z),
            OutputLayer::Softmax { c } => softmax_into(z, c, a),
        }
    }

    /// Short lower-case name, as used in tables and the TUI.
    pub fn name(self) -> &'static str {
        match self {
            OutputLayer::Sigmoid => "sigmoid",
            OutputLayer::Linear => "linear",
            OutputLayer::Softmax { .. } => "softmax",
        }
    }
}

/// A cost function C(a, y), summed over the output neurons of one example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cost {
    /// C = 1/2 sum_j (a_j - y_j)^2 (Eq. 54 for one neuron).
    Quadratic,
    /// C = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] (Eq. 57, 63), for sigmoid outputs.
    CrossEntropy,
    /// C = -ln a_y, or -sum_j y_j ln a_j for a distribution y (Eq. 80), for softmax outputs.
    LogLikelihood,
}

/// A cost that makes no sense with the chosen output layer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the {cost} cost cannot be used with a {output} output layer: {why}")]
pub struct CostError {
    /// The cost's name.
    pub cost: &'static str,
    /// The output layer's name.
    pub output: &'static str,
    /// What goes wrong and what to use instead.
    pub why: &'static str,
}

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Cost {
    /// Every cost, in the order the TUI cycles through them.
    pub const ALL: [Cost; 3] = [Cost::Quadratic, Cost::CrossEntropy, Cost::LogLikelihood];

    /// Short lower-case name, as used in tables, CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Cost::Quadratic => "quadratic",
            Cost::CrossEntropy => "cross-entropy",
            Cost::LogLikelihood => "log-likelihood",
        }
    }

    /// Whether this cost is defined for `output`; an error says why not and what to use.
    ///
    /// - The quadratic cost works with every output layer.
    /// - The cross-entropy of Eq. (63) takes ln a and ln(1 - a), so it needs 0 < a < 1 for each
    ///   neuron on its own: sigmoid outputs only.
    /// - The log-likelihood of Eq. (80) reads the outputs as a probability distribution: softmax only.
    pub fn check_output(self, output: OutputLayer) -> Result<(), CostError> {
        let err = |why| {
            Err(CostError {
                cost: self.name(),
                output: output.name(),
                why,
            })
        };
        match (self, output) {
            (Cost::Quadratic, _)
            | (Cost::CrossEntropy, OutputLayer::Sigmoid)
            | (Cost::LogLikelihood, OutputLayer::Softmax { .. }) => Ok(()),
            (Cost::CrossEntropy, OutputLayer::Linear) => err(
                "ln a and ln(1 - a) (Eq. 63) are undefined for linear outputs outside (0, 1); use the quadratic cost (Eq. 68-70)",
            ),
            (Cost::CrossEntropy, OutputLayer::Softmax { .. }) => err(
                "softmax outputs are one distribution, not independent probabilities; use the log-likelihood (Eq. 80)",
            ),
            (Cost::LogLikelihood, _) => err(
                "-ln a_y (Eq. 80) needs outputs that form a probability distribution; use a softmax output layer (Eq. 78)",
            ),
        }
    }

    /// The cost of one example, from the weighted inputs `z` (for stability) and activations `a`.
    ///
    /// The cross-entropy and log-likelihood are computed from z (softplus and log-sum-exp), so
    /// they are finite for every finite z even where a rounds to exactly 0 or 1.
    /// For a pair rejected by [`Cost::check_output`] the value is NaN.
    ///
    /// ```
    /// use nnlab_core::book::{Cost, OutputLayer};
    /// let s = OutputLayer::Sigmoid;
    /// // One neuron with a = 0.8 and y = 0: (a - y)^2 / 2 = 0.32.
    /// assert!((Cost::Quadratic.value(s, &[0.0], &[0.8], &[0.0]) - 0.32).abs() < 1e-15);
    /// // z = 0, a = 1/2, y = 0: the cross-entropy is ln 2 (Eq. 57).
    /// let c = Cost::CrossEntropy.value(s, &[0.0], &[0.5], &[0.0]);
    /// assert!((c - 2f64.ln()).abs() < 1e-15);
    /// // Softmax over z = (0, ln 3): a = (1/4, 3/4); class 2 costs -ln(3/4) (Eq. 80).
    /// let (z, a) = ([0.0, 3f64.ln()], [0.25, 0.75]);
    /// let ll = Cost::LogLikelihood.value(OutputLayer::Softmax { c: 1.0 }, &z, &a, &[0.0, 1.0]);
    /// assert!((ll - (4.0f64 / 3.0).ln()).abs() < 1e-15);
    /// ```
    pub fn value(self, output: OutputLayer, z: &[f64], a: &[f64], y: &[f64]) -> f64 {
        match (self, output) {
            (Cost::Quadratic, _) => {
                0.5 * a.iter().zip(y).map(|(a, y)| (a - y).powi(2)).sum::<f64>()
            }
            (Cost::CrossEntropy, OutputLayer::Sigmoid) => z
                .iter()
                .zip(y)
                .map(|(&z, &y)| cross_entropy_from_z(z, y))
                .sum(),
            (Cost::LogLikelihood, OutputLayer::Softmax { c }) => {
                // ln a_j = c z_j - ln sum_k e^{c z_k}
                let scaled: Vec<f64> = z.iter().map(|&z| c * z).collect();
                let lse = log_sum_exp(&scaled);
                scaled
                    .iter()
                    .zip(y)
                    .filter(|(_, y)| **y != 0.0)
                    .map(|(&cz, &y)| -y * (cz - lse))
                    .sum()
            }
            _ => f64::NAN,
        }
    }

    /// The output-layer error delta^L = dC/dz^L of one example, written into `delta`.
    ///
    /// - quadratic, sigmoid: (a - y) sigma'(z) (Eq. 65), the slow one;
    /// - quadratic, linear: a - y (Eq. 68);
    /// - quadratic, softmax: the softmax Jacobian applied to a - y,
    ///   c a_j [(a_j - y_j) - sum_k a_k (a_k - y_k)];
    /// - cross-entropy, sigmoid: a - y (Eq. 66), the sigma'(z) factor cancels;
    /// - log-likelihood, softmax: c (a - y) (Eq. 84 for c = 1), for targets that sum to 1.
    ///
    /// For a pair rejected by [`Cost::check_output`] the result is NaN.
    ///
    /// ```
    /// use nnlab_core::book::{Cost, OutputLayer, sigmoid};
    /// let (z, y) = (4.0, 0.0);
    /// let a = sigmoid(z); // 0.982
    /// let mut d = [0.0];
    /// Cost::CrossEntropy.delta(OutputLayer::Sigmoid, &[z], &[a], &[y], &mut d);
    /// assert!((d[0] - 0.982_013_790_037_908).abs() < 1e-12); // a - y (Eq. 66)
    /// Cost::Quadratic.delta(OutputLayer::Sigmoid, &[z], &[a], &[y], &mut d);
    /// assert!((d[0] - 0.017_345_021_070_840).abs() < 1e-15); // (a - y) sigma'(4) (Eq. 65)
    /// ```
    pub fn delta(self, output: OutputLayer, z: &[f64], a: &[f64], y: &[f64], delta: &mut [f64]) {
        match (self, output) {
            (Cost::Quadratic, OutputLayer::Sigmoid) => {
                for ((d, &z), (&a, &y)) in delta.iter_mut().zip(z).zip(a.iter().zip(y)) {
                    *d = (a - y) * sigmoid_prime(z);
                }
            }
            (Cost::Quadratic, OutputLayer::Linear) | (Cost::CrossEntropy, OutputLayer::Sigmoid) => {
                for (d, (&a, &y)) in delta.iter_mut().zip(a.iter().zip(y)) {
                    *d = a - y;
                }
            }
            (Cost::Quadratic, OutputLayer::Softmax { c }) => {
                let mean: f64 = a.iter().zip(y).map(|(&a, &y)| a * (a - y)).sum();
                for (d, (&a, &y)) in delta.iter_mut().zip(a.iter().zip(y)) {
                    *d = c * a * ((a - y) - mean);
                }
            }
            (Cost::LogLikelihood, OutputLayer::Softmax { c }) => {
                for (d, (&a, &y)) in delta.iter_mut().zip(a.iter().zip(y)) {
                    *d = c * (a - y);
                }
            }
            _ => delta.fill(f64::NAN),
        }
    }

    /// dC/da for one sigmoid output neuron: the step the book's in-browser animations take
    /// instead of dC/dz (see [`crate::run::Update::BookDemo`]). It is delta without the
    /// sigma'(z) factor: a - y for the quadratic cost, (a - y) / (a (1 - a)) for the
    /// cross-entropy (Eq. 75). NaN for other costs.
    ///
    /// The cross-entropy form is computed from z as -y (1 + e^-z) + (1 - y)(1 + e^z), which is
    /// (a - y) / sigma'(z) without its 0/0 where sigma'(z) underflows; it grows like e^{|z|} and
    /// overflows to infinity past |z| of about 709, which the trainer reports as divergence.
    pub fn dc_da(self, z: f64, a: f64, y: f64) -> f64 {
        match self {
            Cost::Quadratic => a - y,
            Cost::CrossEntropy => {
                // -y/a + (1 - y)/(1 - a) with 1/sigma(z) = 1 + e^-z and 1/(1 - sigma(z)) = 1 + e^z:
                // no 0/0 where sigma'(z) underflows; terms with a zero factor are skipped.
                let mut d = 0.0;
                if y != 0.0 {
                    d -= y * (1.0 + (-z).exp());
                }
                if y != 1.0 {
                    d += (1.0 - y) * (1.0 + z.exp());
                }
                d
            }
            Cost::LogLikelihood => f64::NAN,
        }
    }
}

/// The cross-entropy of one sigmoid neuron, -[y ln sigma(z) + (1 - y) ln(1 - sigma(z))]
/// (Eq. 57 for one example), from z through softplus: finite for every finite z.
pub fn cross_entropy_from_z(z: f64, y: f64) -> f64 {
    cross_entropy_from_z_and_exp(z, y, (-z.abs()).exp())
}

/// [`cross_entropy_from_z`] with e = e^{-|z|} already taken (as the sigmoid takes it): ln
/// sigma(z) = -softplus(-z) and ln(1 - sigma(z)) = -softplus(z) both need just that exp.
#[inline]
pub fn cross_entropy_from_z_and_exp(z: f64, y: f64, e: f64) -> f64 {
    let mut c = 0.0;
    if y != 0.0 {
        c -= y * -softplus_from(-z, e);
    }
    if y != 1.0 {
        c -= (1.0 - y) * -softplus_from(z, e);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_entropy_is_finite_for_large_z() {
        for &z in &[-800.0, -40.0, 40.0, 800.0] {
            for &y in &[0.0, 0.3, 1.0] {
                assert!(cross_entropy_from_z(z, y).is_finite(), "z={z} y={y}");
            }
        }
        // badly wrong: z = 800, y = 0 costs about 800
        assert!((cross_entropy_from_z(800.0, 0.0) - 800.0).abs() < 1e-9);
    }

    #[test]
    fn pairs_are_checked() {
        assert!(Cost::Quadratic.check_output(OutputLayer::Linear).is_ok());
        assert!(
            Cost::CrossEntropy
                .check_output(OutputLayer::Linear)
                .is_err()
        );
        assert!(
            Cost::LogLikelihood
                .check_output(OutputLayer::Sigmoid)
                .is_err()
        );
        assert!(
            Cost::LogLikelihood
                .check_output(OutputLayer::Softmax { c: 1.0 })
                .is_ok()
        );
    }
}
