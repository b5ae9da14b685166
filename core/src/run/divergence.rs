//! Why a run stopped: the one limit it passed, with the value that passed it.
//!
//! A run stops training at the first epoch where a weight or bias is not finite or passes
//! [`DIVERGENCE_LIMIT`] in magnitude, or where its cost (or a single neuron's output) is not
//! finite. The lab, `nnlab run`, `nnlab plot` and the tour's verdicts all print the same
//! [`Diverged`], so a learner sees which of these happened, not a list of what might have.
//!
//! ```
//! use nnlab_core::run::divergence::{Diverged, Divergence};
//! let d = Diverged {
//!     epoch: 1,
//!     why: Divergence::Parameter { name: "w".into(), value: -19638.27581 },
//! };
//! assert_eq!(d.to_string(), "diverged at epoch 1: w = -19638.2758, |w| > 1e4");
//! ```

use crate::book::Network;
use crate::book::network::DIVERGENCE_LIMIT;
use std::fmt;

/// The limit a run passed.
#[derive(Debug, Clone, PartialEq)]
pub enum Divergence {
    /// A weight or bias (named as the book writes it: `w`, `w_2`, `b`, `w^2_{3,1}`, `b^3_1`)
    /// is not finite or its magnitude passed [`DIVERGENCE_LIMIT`].
    Parameter {
        /// The parameter's name.
        name: String,
        /// Its value after the epoch.
        value: f64,
    },
    /// The cost is not a finite number (its parameters all are).
    Cost(f64),
    /// A single neuron's output a is not a finite number.
    Output(f64),
}

/// When a run stopped, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Diverged {
    /// The epoch after which the limit was passed.
    pub epoch: u64,
    /// Which limit, with the value.
    pub why: Divergence,
}

/// A value in a message: four decimals while that stays short, else scientific.
fn value(v: f64) -> String {
    if v.is_finite() && v.abs() < 1e7 {
        format!("{v:.4}")
    } else if v.is_finite() {
        format!("{v:.4e}")
    } else {
        // NaN, inf, -inf as Rust writes them
        format!("{v}")
    }
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Divergence::Parameter { name, value: v } if v.is_finite() => {
                write!(f, "{name} = {}, |{name}| > {DIVERGENCE_LIMIT:e}", value(*v))
            }
            Divergence::Parameter { name, value: v } => {
                write!(f, "{name} = {}, not a finite number", value(*v))
            }
            Divergence::Cost(v) => write!(f, "the cost C = {}, not a finite number", value(*v)),
            Divergence::Output(v) => {
                write!(f, "the output a = {}, not a finite number", value(*v))
            }
        }
    }
}

impl fmt::Display for Diverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "diverged at epoch {}: {}", self.epoch, self.why)
    }
}

/// The first parameter of `network` past the limit, named as the book writes it.
///
/// A single neuron (one layer of weights, one output) has `w` (one input) or `w_1`, `w_2`, ...
/// and `b`; a network has `w^l_{j,k}` (layer l counted from 2, as in the book, j and k from 1)
/// and `b^l_j`.
pub fn parameter(network: &Network) -> Option<Divergence> {
    let bad = |v: f64| !v.is_finite() || v.abs() > DIVERGENCE_LIMIT;
    let neuron = network.weights.len() == 1 && network.weights[0].nrows() == 1;
    for (l, (w, b)) in network.weights.iter().zip(&network.biases).enumerate() {
        for j in 0..w.nrows() {
            for k in 0..w.ncols() {
                let v = w[(j, k)];
                if bad(v) {
                    let name = match (neuron, w.ncols()) {
                        (true, 1) => "w".to_string(),
                        (true, _) => format!("w_{}", k + 1),
                        _ => format!("w^{}_{{{},{}}}", l + 2, j + 1, k + 1),
                    };
                    return Some(Divergence::Parameter { name, value: v });
                }
            }
            let v = b[j];
            if bad(v) {
                let name = if neuron {
                    "b".to_string()
                } else {
                    format!("b^{}_{}", l + 2, j + 1)
                };
                return Some(Divergence::Parameter { name, value: v });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{Init, OutputLayer};
    use rand::SeedableRng;

    fn zeros(sizes: &[usize]) -> Network {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
        let mut n =
            Network::new(sizes, OutputLayer::Sigmoid, &Init::Large, &mut rng).expect("valid sizes");
        n.weights.iter_mut().for_each(|w| w.fill(0.0));
        n.biases.iter_mut().for_each(|b| b.fill(0.0));
        n
    }

    #[test]
    fn names_follow_the_book_and_the_value_is_the_parameters() {
        let mut n = zeros(&[1, 1]);
        assert_eq!(parameter(&n), None);
        n.biases[0][0] = 2e4;
        let d = parameter(&n).expect("b is past the limit");
        assert_eq!(d.to_string(), "b = 20000.0000, |b| > 1e4");
        n.weights[0][(0, 0)] = f64::NAN;
        assert_eq!(
            parameter(&n).map(|d| d.to_string()),
            Some("w = NaN, not a finite number".into())
        );

        let mut n = zeros(&[3, 1]);
        n.weights[0][(0, 2)] = -1e9;
        assert_eq!(
            parameter(&n).map(|d| d.to_string()),
            Some("w_3 = -1.0000e9, |w_3| > 1e4".into())
        );

        let mut n = zeros(&[2, 3, 1]);
        n.weights[1][(0, 2)] = f64::INFINITY;
        assert_eq!(
            parameter(&n).map(|d| d.to_string()),
            Some("w^3_{1,3} = inf, not a finite number".into())
        );
        n.weights[1][(0, 2)] = 0.0;
        n.biases[0][1] = 1e5;
        assert_eq!(
            parameter(&n).map(|d| d.to_string()),
            Some("b^2_2 = 100000.0000, |b^2_2| > 1e4".into())
        );
    }

    #[test]
    fn a_cost_or_output_says_which() {
        assert_eq!(
            Divergence::Cost(f64::INFINITY).to_string(),
            "the cost C = inf, not a finite number"
        );
        assert_eq!(
            Diverged {
                epoch: 7,
                why: Divergence::Output(f64::NAN)
            }
            .to_string(),
            "diverged at epoch 7: the output a = NaN, not a finite number"
        );
    }
}
