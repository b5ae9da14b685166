//! Reading a cost: what a value of C says about a model.
//!
//! - The **baseline**: what a model that has learned nothing scores under the same cost. For the
//!   cross-entropy (Eq. 57, summed over the outputs as in Eq. 63) an output of 1/2 everywhere
//!   costs ln 2 per output, whatever the targets; for the log-likelihood (Eq. 80) a uniform
//!   softmax over k classes costs ln k; for the quadratic (Eq. 54 summed over outputs) the best
//!   constant output is the targets' mean, costing half the targets' variance summed over the
//!   outputs. A cost is read as a share of its baseline.
//! - The **geometric-mean probability**: under the log-likelihood C is the mean of -ln a_y, so
//!   e^-C is the geometric mean of the probability the model gives the right class; under the
//!   cross-entropy with 0/1 targets e^(-C/outputs) is that of the probability it gives each
//!   output's right value.
//! - **Overfitting** (the subject of the book's next section): the evaluation cost rising for
//!   several epochs while the training cost keeps falling.
//!
//! ```
//! use nnlab_core::book::Cost;
//! use nnlab_core::metrics::reading::{Baseline, geometric_mean_probability};
//! use nalgebra::DMatrix;
//! // ten classes, one-hot: the uniform softmax costs ln 10 = 2.3026
//! let y = DMatrix::<f64>::identity(10, 10);
//! let b = Baseline::of(Cost::LogLikelihood, &y).unwrap();
//! assert!((b.value - 10f64.ln()).abs() < 1e-12);
//! assert!((geometric_mean_probability(Cost::LogLikelihood, 10, 10f64.ln()).unwrap() - 0.1).abs() < 1e-12);
//! ```

use crate::book::Cost;
use nalgebra::DMatrix;

/// A know-nothing model's cost, and what that model is.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// Its cost, per example (the mean over the examples, as C is).
    pub value: f64,
    /// The model, in words: "a = 1/2 at each of 2 outputs: 2 ln 2".
    pub model: String,
}

impl Baseline {
    /// The baseline of `cost` for targets `y` (one example per column); `None` when it is 0
    /// (a quadratic cost whose targets do not vary: the mean already fits them).
    pub fn of(cost: Cost, y: &DMatrix<f64>) -> Option<Baseline> {
        let (outputs, n) = y.shape();
        if outputs == 0 || n == 0 {
            return None;
        }
        let b = match cost {
            Cost::CrossEntropy => Baseline {
                value: outputs as f64 * std::f64::consts::LN_2,
                model: if outputs == 1 {
                    "a = 1/2: ln 2".to_string()
                } else {
                    format!("a = 1/2 at each of {outputs} outputs: {outputs} ln 2")
                },
            },
            Cost::LogLikelihood => Baseline {
                value: (outputs as f64).ln(),
                model: format!("a uniform softmax over {outputs} classes: ln {outputs}"),
            },
            Cost::Quadratic => {
                let mut value = 0.0;
                for row in y.row_iter() {
                    let mean = row.mean();
                    value += row.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
                }
                Baseline {
                    value: 0.5 * value,
                    model: "a constant output at the targets' mean".to_string(),
                }
            }
        };
        (b.value > 0.0 && b.value.is_finite()).then_some(b)
    }

    /// `c` as a share of the baseline.
    pub fn share(&self, c: f64) -> f64 {
        c / self.value
    }
}

/// The baseline of each cost for one set of targets (what the lab needs to read whichever cost
/// a run uses, including after the editor changes it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Baselines {
    /// Under the quadratic cost.
    pub quadratic: Option<Baseline>,
    /// Under the cross-entropy.
    pub cross_entropy: Option<Baseline>,
    /// Under the log-likelihood.
    pub log_likelihood: Option<Baseline>,
}

impl Baselines {
    /// Every cost's baseline for targets `y`.
    pub fn of(y: &DMatrix<f64>) -> Baselines {
        Baselines {
            quadratic: Baseline::of(Cost::Quadratic, y),
            cross_entropy: Baseline::of(Cost::CrossEntropy, y),
            log_likelihood: Baseline::of(Cost::LogLikelihood, y),
        }
    }

    /// The baseline of `cost`.
    pub fn get(&self, cost: Cost) -> Option<&Baseline> {
        match cost {
            Cost::Quadratic => self.quadratic.as_ref(),
            Cost::CrossEntropy => self.cross_entropy.as_ref(),
            Cost::LogLikelihood => self.log_likelihood.as_ref(),
        }
    }
}

/// e^-C under the log-likelihood, e^(-C/outputs) under the cross-entropy: the geometric mean
/// of the probability the model gives the right answer (class, or each output's 0/1 value).
/// `None` for the quadratic cost, which is not a log-probability.
pub fn geometric_mean_probability(cost: Cost, outputs: usize, c: f64) -> Option<f64> {
    match cost {
        Cost::LogLikelihood => Some((-c).exp()),
        Cost::CrossEntropy if outputs > 0 => Some((-c / outputs as f64).exp()),
        _ => None,
    }
}

/// Evaluation cost rising while training cost falls, from `since` epoch on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overfitting {
    /// The epoch of the lowest evaluation cost, after which it rose.
    pub since: f64,
    /// The evaluation cost then.
    pub from: f64,
    /// The evaluation cost now.
    pub to: f64,
}

/// How many recorded epochs the evaluation cost must have risen over (and the training cost
/// fallen over) before it is called overfitting.
pub const RISING_EPOCHS: usize = 3;

/// Whether the evaluation cost has risen for at least [`RISING_EPOCHS`] recorded epochs since
/// its lowest point, by more than 2% of it, while the training cost fell over the same epochs.
/// `eval` and `train` are (epoch, cost) in epoch order.
pub fn overfitting(eval: &[(f64, f64)], train: &[(f64, f64)]) -> Option<Overfitting> {
    let finite = |p: &&(f64, f64)| p.1.is_finite();
    let (low, &(since, from)) = eval
        .iter()
        .filter(finite)
        .enumerate()
        .min_by(|a, b| a.1.1.total_cmp(&b.1.1))?;
    let after = eval.iter().filter(finite).count() - 1 - low;
    let &(now_epoch, to) = eval.iter().rev().find(finite)?;
    if after < RISING_EPOCHS || to <= from * 1.02 {
        return None;
    }
    let at = |e: f64| {
        train
            .iter()
            .filter(finite)
            .min_by(|a, b| (a.0 - e).abs().total_cmp(&(b.0 - e).abs()))
            .map(|p| p.1)
    };
    let (then, now) = (at(since)?, at(now_epoch)?);
    (now < then).then_some(Overfitting { since, from, to })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    // the numbers are worked by hand, not taken from std's constants
    #[allow(clippy::approx_constant)]
    fn baselines_against_hand_worked_numbers() {
        // one output, y = 0: a = 1/2 costs -ln(1/2) = ln 2 = 0.6931
        let y = DMatrix::from_row_slice(1, 1, &[0.0]);
        let ce = Baseline::of(Cost::CrossEntropy, &y).unwrap();
        assert!((ce.value - 0.693_147_180_559_945_3).abs() < 1e-15);
        // two outputs: 2 ln 2 = 1.3863
        let y2 = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 1.0]);
        assert!(
            (Baseline::of(Cost::CrossEntropy, &y2).unwrap().value - 1.386_294_361_119_890_6).abs()
                < 1e-15
        );
        // the quadratic's constant predictor: targets 0, 1, 1, 0 have mean 1/2, variance 1/4,
        // cost 1/2 x 1/4 = 0.125
        let yq = DMatrix::from_row_slice(1, 4, &[0.0, 1.0, 1.0, 0.0]);
        assert!((Baseline::of(Cost::Quadratic, &yq).unwrap().value - 0.125).abs() < 1e-15);
        // one example: the mean is itself, nothing to read against
        assert!(Baseline::of(Cost::Quadratic, &y).is_none());
        // a cost at the baseline is a share of 1, half of it 0.5
        assert!((ce.share(ce.value / 2.0) - 0.5).abs() < 1e-15);
    }

    #[test]
    fn geometric_mean_probability_is_e_to_minus_c() {
        // C = ln 2 under the log-likelihood: the right class gets 1/2 on (geometric) average
        let p = geometric_mean_probability(Cost::LogLikelihood, 2, std::f64::consts::LN_2);
        assert!((p.unwrap() - 0.5).abs() < 1e-15);
        // cross-entropy over 2 outputs at C = 2 ln 2: each output's right value gets 1/2
        let p = geometric_mean_probability(Cost::CrossEntropy, 2, 2.0 * std::f64::consts::LN_2);
        assert!((p.unwrap() - 0.5).abs() < 1e-15);
        assert!(geometric_mean_probability(Cost::Quadratic, 1, 0.1).is_none());
    }

    #[test]
    fn overfitting_is_called_on_a_rising_eval_cost_only() {
        let train: Vec<(f64, f64)> = (0..10)
            .map(|e| (f64::from(e), 1.0 / f64::from(e + 1)))
            .collect();
        // eval falls to its lowest at epoch 4, then rises for 5 epochs: overfitting since 4
        let rising: Vec<(f64, f64)> = [0.9, 0.7, 0.5, 0.4, 0.3, 0.32, 0.35, 0.4, 0.45, 0.5]
            .iter()
            .enumerate()
            .map(|(e, c)| (e as f64, *c))
            .collect();
        let o = overfitting(&rising, &train).expect("overfitting");
        assert_eq!((o.since, o.from, o.to), (4.0, 0.3, 0.5));
        // eval that keeps falling: never
        let falling: Vec<(f64, f64)> = (0..10)
            .map(|e| (f64::from(e), 1.0 - 0.05 * f64::from(e)))
            .collect();
        assert_eq!(overfitting(&falling, &train), None);
        // a rise of two epochs is noise, not yet a trend
        let short = &rising[..7];
        assert_eq!(overfitting(short, &train[..7]), None);
        // eval rising while training cost rises too is not overfitting (the run diverging)
        let train_up: Vec<(f64, f64)> = (0..10).map(|e| (f64::from(e), f64::from(e))).collect();
        assert_eq!(overfitting(&rising, &train_up), None);
    }
}
