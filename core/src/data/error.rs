//! The data module's one error type: what [`super::DataSpec`] refuses and why loading failed.

use super::MAX_EXAMPLES;

/// Data that cannot be used, with one wording per case.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DataError {
    /// Inline data without examples.
    #[error("Inline data needs at least one example")]
    NoExamples,
    /// Inline inputs and targets of different counts.
    #[error("Inline data has {inputs} inputs but {targets} targets")]
    CountMismatch {
        /// Number of inputs.
        inputs: usize,
        /// Number of targets.
        targets: usize,
    },
    /// More examples than any data set may hold.
    #[error("{source_name} data may hold at most {MAX_EXAMPLES} examples")]
    TooManyExamples {
        /// Which kind of data ("Inline", "Toy").
        source_name: &'static str,
    },
    /// An inline example with no input or no target value.
    #[error("Inline examples need at least one input and one target value")]
    EmptyExample,
    /// Inline examples of different widths.
    #[error("Inline {what} {index} has {len} values, {what} 0 has {first}")]
    Ragged {
        /// "input" or "target".
        what: &'static str,
        /// The example's index.
        index: usize,
        /// Its number of values.
        len: usize,
        /// Example 0's number of values.
        first: usize,
    },
    /// A NaN or infinite inline value.
    #[error("Inline data must be finite numbers")]
    NotFinite,
    /// A generated set with no training examples.
    #[error("Toy data needs at least one training example")]
    NoToyExamples,
    /// An MNIST training limit of zero.
    #[error("Mnist train must be at least 1 image")]
    NoMnistImages,
    /// A CSV spec with both or neither of `label` and `targets`.
    #[error(
        "Csv data needs either `label` (a column of classes) or `targets` (columns of real values), not both"
    )]
    CsvLabelOrTargets,
    /// A CSV or MNIST file that could not be loaded, in its loader's words (those loaders'
    /// own errors are the harden branch's to type).
    #[error("{0}")]
    Load(String),
}
