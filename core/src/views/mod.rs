//! Data behind the lab's pictures of the learning slowdown (issue 13): the cost landscape
//! C(w, b) of one neuron, the learning-speed map over starting points, the softmax sliders,
//! and the log colour scale they share. Plain numbers only: the terminal drawing lives in the
//! `nnlab` binary.

pub mod decision;
pub mod formula;
pub mod landscape;
pub mod softmax;
pub mod speed_map;

use crate::data::Samples;
use crate::run::RunConfig;

/// A logarithmic colour scale over positive values: level 0 for the smallest, `levels - 1` for
/// the largest, equal ratios getting equal steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogScale {
    /// The value of the lowest level (> 0).
    pub min: f64,
    /// The value of the highest level (>= min).
    pub max: f64,
}

impl LogScale {
    /// The scale spanning the positive finite values among `values`; `None` when there are
    /// none. Values of zero (a cost that underflowed) are drawn at the lowest level.
    pub fn spanning(values: impl IntoIterator<Item = f64>) -> Option<LogScale> {
        let (mut min, mut max) = (f64::INFINITY, 0.0_f64);
        for v in values {
            if v.is_finite() && v > 0.0 {
                min = min.min(v);
                max = max.max(v);
            }
        }
        (max > 0.0).then_some(LogScale { min, max })
    }

    /// Position of `v` on the scale, 0.0 (min or below) to 1.0 (max or above).
    pub fn fraction(&self, v: f64) -> f64 {
        if v.is_nan() || v <= self.min {
            return 0.0;
        }
        if v >= self.max || self.max <= self.min {
            return if v >= self.max { 1.0 } else { 0.0 };
        }
        (v.ln() - self.min.ln()) / (self.max.ln() - self.min.ln())
    }

    /// The level (0..levels) of `v` on a scale of `levels` colours.
    pub fn level(&self, v: f64, levels: usize) -> usize {
        if levels == 0 {
            return 0;
        }
        let f = self.fraction(v);
        // `f` is a fraction in [0, 1] and `as` saturates (NaN gives 0).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let level = (f * levels as f64) as usize;
        level.min(levels - 1)
    }

    /// The value at position `t` (0.0..=1.0) of the scale, for legends.
    pub fn value_at(&self, t: f64) -> f64 {
        if self.max <= self.min {
            return self.min;
        }
        (self.min.ln() + t.clamp(0.0, 1.0) * (self.max.ln() - self.min.ln())).exp()
    }
}

/// Why a view cannot be drawn for a preset or run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ViewError {
    /// The view is defined for one sigmoid neuron with one input and one target only.
    #[error(
        "this view needs a single sigmoid neuron with one input (layers [1, 1]) on data with one input and one target; {0}"
    )]
    NotOneInputNeuron(String),
    /// A grid or range the view refuses, with the accepted values.
    #[error("{0}")]
    Bad(String),
}

/// Checks that `config` on `samples` is a one-input sigmoid neuron (the toy of section 3.1).
pub fn check_one_input_neuron(config: &RunConfig, samples: &Samples) -> Result<(), ViewError> {
    if config.layers != [1, 1] || config.output != crate::book::OutputLayer::Sigmoid {
        return Err(ViewError::NotOneInputNeuron(format!(
            "run {:?} has layers {:?} and a {} output",
            config.label,
            config.layers,
            config.output.name()
        )));
    }
    if samples.input_dim() != 1 || samples.output_dim() != 1 || samples.is_empty() {
        return Err(ViewError::NotOneInputNeuron(format!(
            "the data has {} inputs, {} targets and {} examples",
            samples.input_dim(),
            samples.output_dim(),
            samples.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_scale_gives_equal_steps_to_equal_ratios() {
        let s = LogScale::spanning([1e-4, 1e-2, 1.0, 0.0, f64::NAN]).expect("positive values");
        assert_eq!((s.min, s.max), (1e-4, 1.0));
        assert_eq!(s.level(1e-4, 4), 0);
        assert_eq!(s.level(0.0, 4), 0);
        assert_eq!(s.level(1.0, 4), 3);
        assert!((s.fraction(1e-2) - 0.5).abs() < 1e-12);
        assert!((s.value_at(0.5) - 1e-2).abs() < 1e-14);
        assert!(LogScale::spanning([0.0, f64::INFINITY]).is_none());
    }
}
