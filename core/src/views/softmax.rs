//! The softmax sliders: N weighted inputs z_j and the scale c of Eq. (83), with the outputs
//! a_j = e^{c z_j} / sum_k e^{c z_k} (Eq. 78 for c = 1). Moving one z_j moves every a_k
//! (the non-locality of Eq. 79).

use crate::book::softmax;

/// The largest |z_j| a slider reaches.
pub const Z_LIMIT: f64 = 1000.0;
/// The smallest scale c offered.
pub const C_MIN: f64 = 0.1;
/// The largest scale c offered.
pub const C_MAX: f64 = 20.0;
/// The most sliders.
pub const MAX_SLIDERS: usize = 10;

/// The sliders' state.
#[derive(Debug, Clone, PartialEq)]
pub struct Sliders {
    /// The weighted inputs z_j.
    pub z: Vec<f64>,
    /// The scale c (1 is the book's softmax).
    pub c: f64,
    /// The slider being moved.
    pub selected: usize,
}

impl Default for Sliders {
    fn default() -> Self {
        Sliders::new(4)
    }
}

impl Sliders {
    /// `n` sliders (clamped to 2..=[`MAX_SLIDERS`]) at distinct starting values, c = 1.
    pub fn new(n: usize) -> Sliders {
        let n = n.clamp(2, MAX_SLIDERS);
        Sliders {
            z: (0..n).map(|j| 1.0 - 0.5 * j as f64).collect(),
            c: 1.0,
            selected: 0,
        }
    }

    /// The outputs a_j = softmax_c(z)_j; they sum to 1.
    pub fn outputs(&self) -> Vec<f64> {
        softmax(&self.z, self.c)
    }

    /// Sets z_j (clamped to +-[`Z_LIMIT`]; a non-finite value is ignored).
    pub fn set_z(&mut self, j: usize, value: f64) {
        if let Some(z) = self.z.get_mut(j)
            && value.is_finite()
        {
            *z = value.clamp(-Z_LIMIT, Z_LIMIT);
        }
    }

    /// Moves the selected slider by `dz`.
    pub fn nudge(&mut self, dz: f64) {
        let j = self.selected;
        if let Some(&z) = self.z.get(j) {
            self.set_z(j, z + dz);
        }
    }

    /// Sets c (clamped to [[`C_MIN`], [`C_MAX`]]; a non-finite value is ignored).
    pub fn set_c(&mut self, c: f64) {
        if c.is_finite() {
            self.c = c.clamp(C_MIN, C_MAX);
        }
    }

    /// Selects the next (`+1`) or previous (`-1`) slider, wrapping around.
    pub fn select(&mut self, step: isize) {
        let n = self.z.len();
        if n == 0 {
            return;
        }
        let k = step.unsigned_abs() % n;
        self.selected = if step >= 0 {
            (self.selected + k) % n
        } else {
            (self.selected + n - k) % n
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn select_wraps_around_both_ways() {
        let mut s = Sliders::new(4);
        s.select(-1);
        assert_eq!(s.selected, 3);
        s.select(1);
        assert_eq!(s.selected, 0);
        s.select(6);
        assert_eq!(s.selected, 2);
        s.select(-7);
        assert_eq!(s.selected, 3);
        s.select(isize::MIN);
        assert_eq!(s.selected, 3);
        s.select(isize::MAX);
        assert_eq!(s.selected, 2);
    }

    proptest! {
        #[test]
        fn outputs_sum_to_one(z in prop::collection::vec(-700.0f64..=700.0, 2..=10),
                              c in C_MIN..=C_MAX,
                              extreme in prop::bool::ANY) {
            let mut s = Sliders::new(z.len());
            for (j, &v) in z.iter().enumerate() {
                s.set_z(j, if extreme { v.signum() * 700.0 } else { v });
            }
            s.set_c(c);
            let a = s.outputs();
            prop_assert!(a.iter().all(|v| v.is_finite() && *v >= 0.0));
            prop_assert!((a.iter().sum::<f64>() - 1.0).abs() <= 1e-12);
        }
    }

    #[test]
    fn plus_minus_700_and_limits() {
        let mut s = Sliders::new(4);
        for (j, v) in [700.0, -700.0, 700.0, -700.0].into_iter().enumerate() {
            s.set_z(j, v);
        }
        s.set_c(C_MAX);
        let a = s.outputs();
        assert!((a.iter().sum::<f64>() - 1.0).abs() <= 1e-12);
        assert!((a[0] - 0.5).abs() < 1e-12 && a[1] == 0.0);
        s.set_z(0, f64::NAN);
        assert_eq!(s.z[0], 700.0);
        s.set_z(0, 1e9);
        assert_eq!(s.z[0], Z_LIMIT);
    }

    #[test]
    fn moving_one_input_moves_every_output() {
        let mut s = Sliders::new(4);
        let before = s.outputs();
        s.nudge(1.0);
        let after = s.outputs();
        assert!(before.iter().zip(&after).all(|(b, a)| (b - a).abs() > 1e-3));
    }
}
