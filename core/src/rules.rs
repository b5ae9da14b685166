//! One home for every limit and refusal on what a user can set: the preset loader, the lab's
//! editor and the command line all call these functions, so a rule has one definition and one
//! wording ([`RuleError`]'s messages).
//!
//! Each `check_*` function takes a value already parsed; each `parse_*` function takes text
//! typed by a user, parses it and applies the same check, reporting the text when it is not a
//! number at all.

use crate::book::{Cost, OutputLayer};
use crate::data::MAX_EXAMPLES;
use crate::run::update::Update;

/// The largest learning rate accepted: beyond it every preset diverges in one step.
pub const MAX_ETA: f64 = 1e6;
/// The largest mini-batch accepted (no data set holds more examples).
pub const MAX_MINI_BATCH: usize = MAX_EXAMPLES;
/// The fewest epochs a preset, the editor or `nnlab run --epochs` may ask for.
pub const MIN_EPOCHS: u64 = 1;
/// The most epochs a preset, the editor or `nnlab run --epochs` may ask for.
pub const MAX_EPOCHS: u64 = 1_000_000_000;
/// The largest starting |w| or |b| of a neuron (presets, the editor, the learning-speed map):
/// the trainer's divergence limit, beyond which a run counts as diverged.
pub const MAX_START: f64 = crate::book::network::DIVERGENCE_LIMIT;
/// Tolerance on the sum of a log-likelihood target distribution (rounding in written targets).
pub const DISTRIBUTION_TOLERANCE: f64 = 1e-9;

/// A value that breaks one of the rules, with the one wording every interface shows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RuleError {
    /// The learning rate is not finite, not positive, or above [`MAX_ETA`].
    #[error("eta must be a finite number greater than 0 and at most 1e6, got {got}")]
    Eta {
        /// The value (or the text) given.
        got: String,
    },
    /// The mini-batch size is not a whole number in 1..=[`MAX_MINI_BATCH`].
    #[error("mini_batch must be a whole number from 1 to {MAX_MINI_BATCH}, got {got}")]
    MiniBatch {
        /// The value (or the text) given.
        got: String,
    },
    /// The epoch count is not a whole number in [`MIN_EPOCHS`]..=[`MAX_EPOCHS`].
    #[error("epochs must be a whole number from {MIN_EPOCHS} to {MAX_EPOCHS}, got {got}")]
    Epochs {
        /// The value (or the text) given.
        got: String,
    },
    /// The seed is not a whole number in 0..=u64::MAX.
    #[error("the seed must be a whole number from 0 to {}, got {got}", u64::MAX)]
    Seed {
        /// The text given.
        got: String,
    },
    /// A neuron's starting weight or bias that is not finite or beyond [`MAX_START`].
    #[error(
        "{name} must be a finite number from -10000 to 10000 (beyond that a run counts as diverged), got {got}"
    )]
    Start {
        /// `w`, `w2`, `b`, ...
        name: String,
        /// The value (or the text) given.
        got: String,
    },
    /// The softmax scale c is not finite and positive.
    #[error("the softmax scale c must be a finite number greater than 0 (Eq. 83), got {got}")]
    SoftmaxScale {
        /// The value given.
        got: f64,
    },
    /// A cross-entropy target outside [0, 1].
    #[error(
        "the cross-entropy takes targets y in [0, 1]: outside it Eq. (57) is not a cost (it can go negative and has no minimum at a = y); example {example} has y = {value}"
    )]
    CrossEntropyTarget {
        /// 0-based index of the example.
        example: usize,
        /// The offending target value.
        value: f64,
    },
    /// A log-likelihood target that is not a probability distribution.
    #[error(
        "the log-likelihood takes targets that form a distribution (each y_j >= 0, summing to 1): only then is a - y (Eq. 81-82) the gradient of -sum_j y_j ln a_j; example {example} has {target:?}"
    )]
    LogLikelihoodTarget {
        /// 0-based index of the example.
        example: usize,
        /// The offending target.
        target: Vec<f64>,
    },
    /// `BookDemo` with the quadratic cost.
    #[error(
        "update BookDemo goes with the cross-entropy only: the book's quadratic-cost animations step by the true gradient (a - y) sigma'(z) (Eq. 55-56), and dropping sigma'(z) there would show a rule the book never uses; use update Gradient"
    )]
    BookDemoQuadratic,
    /// `BookDemo` with an output layer or cost it is not defined for.
    #[error(
        "update BookDemo steps by dC/da of one sigmoid neuron (Eq. 75): it needs a Sigmoid output layer and the CrossEntropy cost"
    )]
    BookDemoOutput,
}

/// A learning rate: finite, greater than 0, at most [`MAX_ETA`].
///
/// ```
/// use nnlab_core::rules::check_eta;
/// assert!(check_eta(0.5).is_ok());
/// assert!(check_eta(0.0).is_err() && check_eta(2e6).is_err() && check_eta(f64::NAN).is_err());
/// ```
pub fn check_eta(eta: f64) -> Result<f64, RuleError> {
    if eta.is_finite() && eta > 0.0 && eta <= MAX_ETA {
        Ok(eta)
    } else {
        Err(RuleError::Eta {
            got: eta.to_string(),
        })
    }
}

/// A learning rate typed as text.
pub fn parse_eta(text: &str) -> Result<f64, RuleError> {
    let eta = text.trim().parse::<f64>().map_err(|_| RuleError::Eta {
        got: format!("{text:?}"),
    })?;
    check_eta(eta)
}

/// A mini-batch size in 1..=[`MAX_MINI_BATCH`].
pub fn check_mini_batch(m: usize) -> Result<usize, RuleError> {
    if (1..=MAX_MINI_BATCH).contains(&m) {
        Ok(m)
    } else {
        Err(RuleError::MiniBatch { got: m.to_string() })
    }
}

/// A mini-batch size typed as text.
pub fn parse_mini_batch(text: &str) -> Result<usize, RuleError> {
    let m = text
        .trim()
        .parse::<usize>()
        .map_err(|_| RuleError::MiniBatch {
            got: format!("{text:?}"),
        })?;
    check_mini_batch(m)
}

/// An epoch count in [`MIN_EPOCHS`]..=[`MAX_EPOCHS`]: a preset that trains no epoch is refused
/// like one that trains too many, wherever the count comes from.
pub fn check_epochs(epochs: u64) -> Result<u64, RuleError> {
    if (MIN_EPOCHS..=MAX_EPOCHS).contains(&epochs) {
        Ok(epochs)
    } else {
        Err(RuleError::Epochs {
            got: epochs.to_string(),
        })
    }
}

/// An epoch count typed as text (the editor and `nnlab run --epochs`).
pub fn parse_epochs(text: &str) -> Result<u64, RuleError> {
    let e = text.trim().parse::<u64>().map_err(|_| RuleError::Epochs {
        got: format!("{text:?}"),
    })?;
    check_epochs(e)
}

/// A seed typed as text: any whole number that fits 64 bits.
pub fn parse_seed(text: &str) -> Result<u64, RuleError> {
    text.trim().parse::<u64>().map_err(|_| RuleError::Seed {
        got: format!("{text:?}"),
    })
}

/// A neuron's starting weight or bias (named `name` in the message): finite, within
/// [`MAX_START`] in magnitude.
///
/// ```
/// use nnlab_core::rules::check_start;
/// assert!(check_start("w", -10_000.0).is_ok());
/// assert!(check_start("b", 10_000.5).is_err() && check_start("w", f64::NAN).is_err());
/// ```
pub fn check_start(name: &str, v: f64) -> Result<f64, RuleError> {
    if v.is_finite() && v.abs() <= MAX_START {
        Ok(v)
    } else {
        Err(RuleError::Start {
            name: name.to_string(),
            got: v.to_string(),
        })
    }
}

/// A neuron's starting weight or bias typed as text.
pub fn parse_start(name: &str, text: &str) -> Result<f64, RuleError> {
    let v = text.trim().parse::<f64>().map_err(|_| RuleError::Start {
        name: name.to_string(),
        got: format!("{text:?}"),
    })?;
    check_start(name, v)
}

/// The softmax scale c of Eq. (83): finite and greater than 0.
pub fn check_output(output: OutputLayer) -> Result<(), RuleError> {
    match output {
        OutputLayer::Softmax { c } if !(c.is_finite() && c > 0.0) => {
            Err(RuleError::SoftmaxScale { got: c })
        }
        _ => Ok(()),
    }
}

/// Whether `update` can go with `output` and `cost`: `BookDemo` is the book's animation of a
/// sigmoid neuron with the cross-entropy, nothing else.
pub fn check_update(update: Update, output: OutputLayer, cost: Cost) -> Result<(), RuleError> {
    match (update, output, cost) {
        (Update::Gradient, _, _) | (Update::BookDemo, OutputLayer::Sigmoid, Cost::CrossEntropy) => {
            Ok(())
        }
        (Update::BookDemo, OutputLayer::Sigmoid, Cost::Quadratic) => {
            Err(RuleError::BookDemoQuadratic)
        }
        (Update::BookDemo, _, _) => Err(RuleError::BookDemoOutput),
    }
}

/// Whether the targets (one slice per example) suit `cost`: the cross-entropy needs every y in
/// [0, 1] (Eq. 57), the log-likelihood needs each target to be a distribution (Eq. 80).
///
/// ```
/// use nnlab_core::book::Cost;
/// use nnlab_core::rules::check_targets;
/// assert!(check_targets(Cost::CrossEntropy, [&[0.0, 1.0][..], &[0.3, 0.7]]).is_ok());
/// assert!(check_targets(Cost::CrossEntropy, [&[1.5][..]]).is_err());
/// assert!(check_targets(Cost::LogLikelihood, [&[0.0, 1.0, 1.0][..]]).is_err());
/// assert!(check_targets(Cost::LogLikelihood, [&[0.0, 0.0, 0.0][..]]).is_err());
/// assert!(check_targets(Cost::Quadratic, [&[1.5, -3.0][..]]).is_ok());
/// ```
pub fn check_targets<'a>(
    cost: Cost,
    targets: impl IntoIterator<Item = &'a [f64]>,
) -> Result<(), RuleError> {
    for (example, y) in targets.into_iter().enumerate() {
        match cost {
            Cost::Quadratic => return Ok(()),
            Cost::CrossEntropy => {
                if let Some(&value) = y.iter().find(|v| !(0.0..=1.0).contains(*v)) {
                    return Err(RuleError::CrossEntropyTarget { example, value });
                }
            }
            Cost::LogLikelihood => {
                let sum: f64 = y.iter().sum();
                if y.iter().any(|v| v.is_nan() || *v < 0.0)
                    || (sum - 1.0).abs() > DISTRIBUTION_TOLERANCE
                {
                    return Err(RuleError::LogLikelihoodTarget {
                        example,
                        target: y.to_vec(),
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_value_share_one_wording() {
        let typed = parse_eta("0").map_err(|e| e.to_string());
        let given = check_eta(0.0).map_err(|e| e.to_string());
        assert_eq!(typed, given);
        assert!(parse_eta("fast").is_err_and(|e| e.to_string().contains("\"fast\"")));
        assert_eq!(
            parse_epochs("0").map_err(|e| e.to_string()),
            check_epochs(0).map_err(|e| e.to_string())
        );
        assert!(parse_epochs("2000000000").is_err());
        assert_eq!(parse_epochs("1000000000"), Ok(MAX_EPOCHS));
        assert!(parse_mini_batch("10000001").is_err());
        assert_eq!(parse_mini_batch("10000000"), Ok(10_000_000));
        assert!(parse_mini_batch("1.5").is_err());
        assert!(parse_seed("-1").is_err());
        assert_eq!(parse_seed("18446744073709551615"), Ok(u64::MAX));
    }

    #[test]
    fn book_demo_only_with_a_cross_entropy_sigmoid() {
        let s = OutputLayer::Sigmoid;
        assert!(check_update(Update::BookDemo, s, Cost::CrossEntropy).is_ok());
        assert_eq!(
            check_update(Update::BookDemo, s, Cost::Quadratic),
            Err(RuleError::BookDemoQuadratic)
        );
        assert_eq!(
            check_update(Update::BookDemo, OutputLayer::Linear, Cost::Quadratic),
            Err(RuleError::BookDemoOutput)
        );
        assert!(check_update(Update::Gradient, s, Cost::Quadratic).is_ok());
    }

    #[test]
    fn targets_name_the_example() {
        let t: [&[f64]; 3] = [&[0.0, 1.0], &[0.5, 0.5], &[-0.1, 1.1]];
        assert_eq!(
            check_targets(Cost::LogLikelihood, t),
            Err(RuleError::LogLikelihoodTarget {
                example: 2,
                target: vec![-0.1, 1.1]
            })
        );
        assert_eq!(
            check_targets(Cost::CrossEntropy, t),
            Err(RuleError::CrossEntropyTarget {
                example: 2,
                value: -0.1
            })
        );
    }
}
