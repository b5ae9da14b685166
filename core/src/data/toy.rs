//! Small synthetic classification sets, generated deterministically from a seed.

use super::{Features, Samples};
use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// A generated two-dimensional classification set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToySet {
    /// Points in the square [-1, 1]^2; class 1 inside the circle of radius 0.6 around the
    /// origin, class 0 outside. Not linearly separable, so it needs a hidden layer.
    Disc,
    /// Points in [-1, 1]^2; class 1 when x1 and x2 have the same sign (the XOR pattern).
    Xor,
}

impl ToySet {
    /// `count` examples drawn uniformly in [-1, 1]^2 with `seed`, one-hot targets over two
    /// classes (output neuron 0 = class 0, neuron 1 = class 1), labels attached.
    pub fn generate(self, count: usize, seed: u64) -> Samples {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut x = DMatrix::zeros(2, count);
        let mut labels = Vec::with_capacity(count);
        for col in 0..count {
            let x1: f64 = rng.random_range(-1.0..=1.0);
            let x2: f64 = rng.random_range(-1.0..=1.0);
            x[(0, col)] = x1;
            x[(1, col)] = x2;
            let label = match self {
                ToySet::Disc => usize::from(x1 * x1 + x2 * x2 < 0.36),
                ToySet::Xor => usize::from(x1 * x2 > 0.0),
            };
            labels.push(label);
        }
        Samples {
            features: Features::Dense(x),
            targets: Samples::one_hot(&labels, 2),
            labels: Some(labels),
        }
    }

    /// One line describing the set.
    pub fn describe(self) -> &'static str {
        match self {
            ToySet::Disc => "2-D points in [-1,1]^2, class 1 inside the circle of radius 0.6",
            ToySet::Xor => "2-D points in [-1,1]^2, class 1 where x1 and x2 share a sign (XOR)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disc_is_deterministic_and_balanced_enough() {
        let a = ToySet::Disc.generate(400, 7);
        let b = ToySet::Disc.generate(400, 7);
        assert_eq!(a, b);
        let ones = a.labels.as_ref().map_or(0, |l| l.iter().sum::<usize>());
        // area ratio pi*0.36/4 = 0.28
        assert!((80..150).contains(&ones), "{ones}");
    }
}
